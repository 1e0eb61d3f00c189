"""Solve one problem with one algorithm and measure the result: the library's main job.

``solve`` runs ``pymoo.optimize.minimize`` under an evaluation budget and a seed, records
HV and IGD against the problem's locally computed Pareto front every few generations and
returns a ``SolveResult``. A problem that defines its own ``igd(F)`` (a suite's
official indicator, as the CEC 2017 multitask tasks do) is scored by that IGD.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np
from pymoo.core.algorithm import Algorithm
from pymoo.core.problem import Problem

from evogan import checkpoint as checkpoints
from evogan.algorithms.registry import make_algorithm
from evogan.budget import check_budget
from evogan.errors import OptionError
from evogan.fronts import reference_front
from evogan.lookup import get_problem, problem_label
from evogan.monitor import Monitor, Trace, feasible_front, indicators

__all__ = ["HISTORY_EVERY", "SolveResult", "solve"]

#: Generations between two records of HV and IGD, unless a run asks otherwise.
HISTORY_EVERY = 5


@dataclass
class SolveResult:
    """The outcome of one run.

    Attributes:
        problem: problem name.
        algorithm: algorithm name (or spec).
        seed: the seed of the run.
        X: ``n x n_var`` decision vectors of the final non-dominated solutions.
        F: ``n x n_obj`` their objective values.
        hv: normalised hypervolume of ``F`` (see ``evogan.indicators.hv``).
        igd: IGD of ``F`` against the reference front (the problem's own, if it has one).
        n_evals: function evaluations actually used.
        seconds: wall-clock seconds of the optimisation (indicators excluded).
        history: ``(n_evals, hv, igd)`` recorded every few generations and at the end.
        suspended: ``(generation, GAN)`` of each GAN suspended by the health check (its
            training left it broken, or its offspring stopped surviving); empty when none
            was, or the algorithm trains no GANs.
        mutation_history: in E-GAN mode, which mutation produced the surviving generators
            in each training round (``evogan.gan.evolve.MutationHistory``); else None.
    """

    problem: str
    algorithm: str
    seed: int
    X: np.ndarray
    F: np.ndarray
    hv: float
    igd: float
    n_evals: int
    seconds: float
    history: Trace = field(default_factory=list)
    mutation_history: Any = None
    suspended: list[tuple[int, int]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The scalar fields as a JSON-ready dict (no arrays, no history)."""
        return {
            "problem": self.problem,
            "algorithm": self.algorithm,
            "seed": self.seed,
            "hv": self.hv,
            "igd": self.igd,
            "n_evals": self.n_evals,
            "seconds": self.seconds,
        }


def solve(
    problem: Problem | str,
    algorithm: Algorithm | str,
    n_evals: int,
    seed: int = 1,
    *,
    pop_size: int = 100,
    progress: bool | TextIO = False,
    history_every: int = HISTORY_EVERY,
    front: np.ndarray | None = None,
    algorithm_name: str | None = None,
    checkpoint: str | Path | None = None,
    checkpoint_every: int = 5,
    stop: Callable[[], bool] | None = None,
) -> SolveResult:
    """Minimise ``problem`` with ``algorithm`` for ``n_evals`` evaluations from ``seed``.

    Args:
        problem: a pymoo problem, or a name for ``get_problem``.
        algorithm: a pymoo algorithm, or a name for ``make_algorithm``.
        n_evals: the evaluation budget (at least one population).
        seed: the seed of pymoo's random state; the same seed gives the same run.
        pop_size: population size when ``algorithm`` is a name.
        progress: True to draw a progress line on stderr, or a stream to draw it on.
        history_every: record HV and IGD every this many generations.
        front: the reference front; computed from the problem when None.
        algorithm_name: the name stored in the result (default: the name or class).
        checkpoint: a file to save the run to every ``checkpoint_every`` generations
            (see ``evogan.checkpoint``); when it exists, the run resumes from it and
            ends exactly as an uninterrupted run would.
        checkpoint_every: generations between checkpoints.
        stop: asked after each generation; True saves the checkpoint and raises
            KeyboardInterrupt.

    Returns:
        The final non-dominated solutions with HV, IGD, time and history.

    Raises:
        OptionError: unknown names, a seed that is not a non-negative integer, a budget
            smaller than one population, or a checkpoint of another seed or budget.
        EvaluationError: the problem raised or returned NaN/inf; ``exc.algorithm`` holds
            the run so far (also saved to ``checkpoint``).
    """
    name = problem.lower() if isinstance(problem, str) else None
    if isinstance(problem, str):
        problem = get_problem(problem)
    name = name or problem_label(problem)
    if isinstance(algorithm, str):
        algorithm_name = algorithm_name or algorithm
        algorithm = make_algorithm(algorithm, problem, pop_size=pop_size)
    algorithm_name = algorithm_name or type(algorithm).__name__.lower()
    check_budget(n_evals, getattr(algorithm, "pop_size", None))
    if history_every < 1:
        raise OptionError(f"history_every must be >= 1, got {history_every!r}")
    _check_seed(seed)
    if front is None:
        front = reference_front(problem)

    stream: TextIO | None = (
        (sys.stderr if progress else None) if isinstance(progress, bool) else progress
    )
    own = getattr(problem, "igd", None)
    suite_igd = own if callable(own) else None
    if checkpoint is not None and Path(checkpoint).exists():
        algorithm = checkpoints.load(checkpoint, problem)
        _check_resumed(algorithm, checkpoint, seed, n_evals)
        monitor = algorithm.callback
        monitor.resume(stream, suite_igd)
    else:
        label = f"{name} {algorithm_name}"
        monitor = Monitor(front, n_evals, history_every, label, stream, suite_igd)
    res = checkpoints.run(
        problem,
        algorithm,
        ("n_evals", n_evals),
        seed,
        path=checkpoint,
        every=checkpoint_every,
        callback=monitor,
        stop=stop,
    )
    seconds = monitor.elapsed()

    X, F = feasible_front(res.algorithm)
    h, g = indicators(F, front, suite_igd)
    done = int(res.algorithm.evaluator.n_eval)
    monitor.close(done, h, g)
    history = monitor.history
    if not history or history[-1][0] != done:
        history.append((done, h, g))
    n_obj = problem.n_obj
    return SolveResult(
        problem=name,
        algorithm=algorithm_name,
        seed=seed,
        X=np.empty((0, problem.n_var)) if X is None else np.asarray(X, dtype=float),
        F=np.empty((0, n_obj)) if F is None else np.asarray(F, dtype=float),
        hv=h,
        igd=g,
        n_evals=done,
        seconds=seconds,
        history=history,
        mutation_history=getattr(res.algorithm, "mutation_history", None),
        suspended=gan_suspensions(res.algorithm),
    )


def gan_suspensions(algorithm: Algorithm) -> list[tuple[int, int]]:
    """``(generation, GAN)`` of every GAN the operator's health check suspended."""
    history = getattr(getattr(algorithm, "mating", None), "history", None) or []
    return [(h["generation"], j) for h in history for j in h.get("suspended", ())]


def _check_seed(seed: int) -> None:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise OptionError(f"seed must be a non-negative integer, got {seed!r}")


def _check_resumed(algorithm: Algorithm, path: str | Path, seed: int, n_evals: int) -> None:
    """A checkpoint resumes only the run it was saved from."""
    monitor = algorithm.callback
    budget = monitor.progress.total if isinstance(monitor, Monitor) else None
    if algorithm.seed != seed or budget != n_evals:
        raise OptionError(
            f"checkpoint {str(path)!r} belongs to another run (seed {algorithm.seed}, "
            f"{budget} evaluations); delete it or give the same seed and budget"
        )
