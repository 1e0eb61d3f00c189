"""Run one method on a multitask benchmark problem and score each task by its own IGD.

The unit of work of ``evogan multitask`` and of ``benchmarks/multitask_cec17.py``: a
method (the transfer solver, single-task runs of the same base algorithm, or MO-MFEA),
a multitask problem from the ``problems`` package (``.tasks``, ``.igd(task, F)``,
``.max_evals``), a budget and a seed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TextIO

import numpy as np
from pymoo.core.result import Result

from evogan.errors import check_choice
from evogan.multitask.momfea import MOMFEA
from evogan.multitask.solver import TransferConfig, solve_multitask, solve_separately
from problems.multitask import MultitaskProblem

METHODS = ("transfer", "single", "momfea")


@dataclass
class MultitaskOutcome:
    """One run of one method on a multitask problem.

    Attributes:
        problem: the problem's name.
        method: one of :data:`METHODS`.
        seed: the run's seed.
        igd: the problem's own IGD of each task's final non-dominated set.
        results: one pymoo Result per task.
        seconds: wall-clock seconds of the whole run.
    """

    problem: str
    method: str
    seed: int
    igd: list[float]
    results: list[Result]
    seconds: float


def run_method(
    problem: MultitaskProblem,
    method: str,
    seed: int,
    n_evals: int | None = None,
    *,
    algorithm: str = "gmoea",
    pop_size: int = 100,
    transfer: TransferConfig | None = None,
    rmp: float = 0.9,
    device: str = "auto",
    progress: TextIO | None = None,
) -> MultitaskOutcome:
    """Solve ``problem`` (a multitask problem) with ``method`` and score every task.

    Args:
        problem: a multitask problem: ``name``, ``tasks``, ``max_evals``, ``igd(task, F)``.
        method: ``"transfer"`` (:func:`solve_multitask`), ``"single"``
            (:func:`solve_separately`, same base algorithm and seeds) or ``"momfea"``.
        seed: the seed.
        n_evals: total evaluations over all tasks (default: the problem's own budget).
        algorithm: the base algorithm spec of the transfer and single-task methods.
        pop_size: population per task (all methods).
        transfer: settings of the transfer method.
        rmp: MO-MFEA's random mating probability.
        device: torch device of the GANs.
        progress: a stream for a progress line of the evaluations spent (None: none).

    Raises:
        OptionError: an unknown method, or what the solvers raise.
    """
    check_choice("method", method, METHODS)
    n_evals = problem.max_evals if n_evals is None else n_evals
    tasks = list(problem.tasks)
    t0 = time.perf_counter()
    if method == "transfer":
        results = solve_multitask(
            tasks,
            algorithm,
            n_evals,
            seed,
            transfer=transfer,
            pop_size=pop_size,
            device=device,
            progress=progress,
        )
    elif method == "single":
        results = solve_separately(
            tasks, algorithm, n_evals, seed, pop_size=pop_size, device=device, progress=progress
        )
    else:
        results = MOMFEA(pop_size=pop_size, rmp=rmp).solve(tasks, n_evals, seed, progress)
    seconds = time.perf_counter() - t0
    scores = [_igd(problem, t, res) for t, res in enumerate(results)]
    return MultitaskOutcome(problem.name, method, seed, scores, results, seconds)


def _igd(problem, task: int, result: Result) -> float:
    F = result.F
    if F is None or len(np.atleast_2d(F)) == 0:
        return float("nan")
    return float(problem.igd(task, np.atleast_2d(F)))
