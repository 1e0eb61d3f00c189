"""Solve one problem with one algorithm and measure the result: the library's main job.

``solve`` runs ``pymoo.optimize.minimize`` under an evaluation budget and a seed, records
HV and IGD against the problem's locally computed Pareto front every few generations and
returns a :class:`SolveResult`. ``run_named`` does the same from plain names and is the
unit of work of ``evogan compare`` and the benchmark scripts (it pickles for process pools).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Any, TextIO

import numpy as np
from pymoo.core.algorithm import Algorithm
from pymoo.core.callback import Callback
from pymoo.core.problem import Problem
from pymoo.optimize import minimize

from evogan.algorithms.registry import make_algorithm
from evogan.errors import OptionError
from evogan.indicators import hv, igd
from evogan.plot import plot_front, plot_mutations

__all__ = [
    "SolveResult",
    "get_problem",
    "init_worker",
    "plot_front",
    "plot_mutations",
    "problem_names",
    "reference_front",
    "run_named",
    "solve",
]

#: Points asked of a problem's ``pareto_front`` for IGD (a dense reference front).
FRONT_POINTS = 1000


@dataclass
class SolveResult:
    """The outcome of one run.

    Attributes:
        problem: problem name.
        algorithm: algorithm name (or spec).
        seed: the seed of the run.
        X: ``n x n_var`` decision vectors of the final non-dominated solutions.
        F: ``n x n_obj`` their objective values.
        hv: normalised hypervolume of ``F`` (see :func:`evogan.indicators.hv`).
        igd: IGD of ``F`` against the reference front.
        n_evals: function evaluations actually used.
        seconds: wall-clock seconds of the optimisation (indicators excluded).
        history: ``(n_evals, hv, igd)`` recorded every few generations and at the end.
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
    history: list[tuple[int, float, float]] = field(default_factory=list)
    mutation_history: Any = None

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


def problem_names() -> list[str]:
    """Names accepted by :func:`get_problem` (the ``problems`` registry)."""
    import problems

    return list(problems.available())


def get_problem(name: str, **params: Any) -> Problem:
    """A problem by name from the ``problems`` registry.

    Args:
        name: a name from :func:`problem_names` or an alias such as ``"c1-dtlz1"``
            (case-insensitive).
        **params: size parameters such as ``n_var`` or ``n_obj``; None values are dropped.

    Raises:
        OptionError: unknown problem name, listing the valid ones, or a multitask problem
            (these are solved task by task or by a multitask algorithm, not here).
    """
    import problems

    params = {k: v for k, v in params.items() if v is not None}
    problem = problems.get(name, **params)  # case-insensitive; aliases such as "c1-dtlz1"
    if isinstance(problem, problems.MultitaskProblem):
        raise OptionError(
            f"{name!r} is a multitask problem with {problem.n_tasks} tasks; its tasks are "
            f"ordinary problems: problems.get({name.lower()!r}).tasks[i]"
        )
    return problem


def problem_label(problem: Problem) -> str:
    """A short name for ``problem``: its ``name`` (attribute or method), else the class."""
    name = getattr(problem, "name", None)
    if callable(name):
        name = name()
    return str(name or type(problem).__name__).lower()


def reference_front(problem: Problem, n_points: int = FRONT_POINTS) -> np.ndarray | None:
    """The problem's Pareto front with about ``n_points`` points, or None if it has none."""
    try:
        front = problem.pareto_front(n_points)
    except TypeError:  # a front that takes no size argument
        front = problem.pareto_front()
    if front is None:
        return None
    return np.atleast_2d(np.asarray(front, dtype=float))


def _indicators(F: np.ndarray | None, front: np.ndarray | None) -> tuple[float, float]:
    if front is None:
        return float("nan"), float("nan")
    return hv(F, front), igd(F, front)


class _Monitor(Callback):
    """Records ``(n_evals, hv, igd)`` every ``every`` generations; optionally draws progress."""

    def __init__(
        self,
        front: np.ndarray | None,
        n_evals: int,
        every: int,
        label: str,
        stream: TextIO | None,
    ) -> None:
        super().__init__()
        self.front, self.n_evals, self.every, self.label = front, n_evals, every, label
        self.stream = stream
        self.history: list[tuple[int, float, float]] = []
        self.start = time.perf_counter()
        self.spent = 0.0  # seconds spent computing indicators, excluded from the run time

    def notify(self, algorithm: Algorithm) -> None:
        record = algorithm.n_gen is not None and (algorithm.n_gen - 1) % self.every == 0
        if not (record or self.stream):
            return
        t0 = time.perf_counter()
        done = int(algorithm.evaluator.n_eval)
        h, g = _indicators(_opt_F(algorithm), self.front)
        if record:
            self.history.append((done, h, g))
        if self.stream:
            elapsed = t0 - self.start - self.spent
            self.stream.write(
                f"\r{self.label}: {done}/{self.n_evals} evals  HV {h:.4f}  IGD {g:.4g}"
                f"  {elapsed:.1f}s "
            )
            self.stream.flush()
        self.spent += time.perf_counter() - t0


def _opt_F(algorithm: Algorithm) -> np.ndarray | None:
    return _opt(algorithm)[1]


def _opt(algorithm: Algorithm) -> tuple[np.ndarray | None, np.ndarray | None]:
    """``(X, F)`` of the algorithm's feasible non-dominated solutions, or Nones if none."""
    opt = algorithm.opt
    if opt is None or len(opt) == 0:
        return None, None
    feasible = opt.get("feasible").ravel()
    if not feasible.any():
        return None, None
    return opt.get("X")[feasible], opt.get("F")[feasible]


def solve(
    problem: Problem | str,
    algorithm: Algorithm | str,
    n_evals: int,
    seed: int = 1,
    *,
    pop_size: int = 100,
    progress: bool | TextIO = False,
    history_every: int = 5,
    front: np.ndarray | None = None,
    algorithm_name: str | None = None,
) -> SolveResult:
    """Minimise ``problem`` with ``algorithm`` for ``n_evals`` evaluations from ``seed``.

    Args:
        problem: a pymoo problem, or a name for :func:`get_problem`.
        algorithm: a pymoo algorithm, or a name for :func:`make_algorithm`.
        n_evals: the evaluation budget (at least one population).
        seed: the seed of pymoo's random state; the same seed gives the same run.
        pop_size: population size when ``algorithm`` is a name.
        progress: True to draw a progress line on stderr, or a stream to draw it on.
        history_every: record HV and IGD every this many generations.
        front: the reference front; computed from the problem when None.
        algorithm_name: the name stored in the result (default: the name or class).

    Returns:
        The final non-dominated solutions with HV, IGD, time and history.

    Raises:
        OptionError: unknown names, or a budget smaller than one population.
    """
    name = problem.lower() if isinstance(problem, str) else None
    if isinstance(problem, str):
        problem = get_problem(problem)
    name = name or problem_label(problem)
    if isinstance(algorithm, str):
        algorithm_name = algorithm_name or algorithm
        algorithm = make_algorithm(algorithm, problem, pop_size=pop_size)
    algorithm_name = algorithm_name or type(algorithm).__name__.lower()
    _check_budget(n_evals, getattr(algorithm, "pop_size", None), history_every)
    if front is None:
        front = reference_front(problem)

    stream = progress if hasattr(progress, "write") else (sys.stderr if progress else None)
    monitor = _Monitor(front, n_evals, history_every, f"{name} {algorithm_name}", stream)
    t0 = time.perf_counter()
    monitor.start = t0
    res = minimize(problem, algorithm, ("n_evals", n_evals), seed=seed, callback=monitor)
    seconds = time.perf_counter() - t0 - monitor.spent
    if stream:
        stream.write("\n")
        stream.flush()

    X, F = _opt(res.algorithm)
    h, g = _indicators(F, front)
    done = int(res.algorithm.evaluator.n_eval)
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
    )


def _check_budget(n_evals: int, pop_size: int | None, history_every: int) -> None:
    if not isinstance(n_evals, (int, np.integer)) or n_evals < 1:
        raise OptionError(f"n_evals must be a positive integer, got {n_evals!r}")
    if pop_size is not None and n_evals < pop_size:
        raise OptionError(f"n_evals={n_evals} is smaller than one population (pop_size={pop_size})")
    if history_every < 1:
        raise OptionError(f"history_every must be >= 1, got {history_every!r}")


def init_worker() -> None:
    """Process-pool initializer: one torch thread per worker, so that workers do not compete."""
    import torch

    torch.set_num_threads(1)


def run_named(
    problem: str,
    algorithm: str,
    seed: int,
    n_evals: int,
    *,
    pop_size: int = 100,
    problem_params: dict[str, Any] | None = None,
    algorithm_options: dict[str, Any] | None = None,
    algorithm_name: str | None = None,
) -> SolveResult:
    """:func:`solve` from names only, so that it can run in a worker process.

    Args:
        problem: problem name for :func:`get_problem`.
        algorithm: algorithm name for :func:`make_algorithm`.
        seed: the seed.
        n_evals: the evaluation budget.
        pop_size: population size N.
        problem_params: e.g. ``{"n_var": 30}``.
        algorithm_options: forwarded to the algorithm's constructor.
        algorithm_name: the name stored in the result (e.g. an ablation spec).
    """
    prob = get_problem(problem, **(problem_params or {}))
    alg = make_algorithm(algorithm, prob, pop_size=pop_size, **(algorithm_options or {}))
    result = solve(prob, alg, n_evals, seed, algorithm_name=algorithm_name or algorithm)
    result.problem = problem.lower()
    return result
