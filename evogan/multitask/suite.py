"""Multitask methods by name, with their options declared, and one run of a method on a
multitask benchmark problem scored task by task.

The unit of work of ``evogan multitask`` and of multitask campaigns
(``evogan.experiment``): a method, a multitask problem from the ``problems`` package
(``.tasks``, ``.igd(task, F)``, ``.max_evals``), a budget and a seed. The methods:

- ``transfer``: ``solve_multitask``, the base algorithm on
  every task with pairwise transfer GANs;
- ``single``: ``solve_separately``, the same base algorithm
  on each task alone with its share of the budget and the same task seeds;
- ``momfea``: ``MOMFEA``, the multifactorial baseline.

Each declares its options (``evogan.options.Options``), so that Python keywords,
the command line and TOML campaigns are checked the same way: an unknown key or a bad
value fails naming it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

import numpy as np
from pymoo.core.problem import Problem
from pymoo.core.result import Result

from evogan.algorithms.registry import check_options, parse_spec
from evogan.errors import OptionError, check_choice
from evogan.multitask.momfea import MOMFEA
from evogan.multitask.solver import TransferConfig, solve_multitask, solve_separately
from evogan.options import Boolean, Integer, Option, Options, Real, Text
from problems.multitask import MultitaskProblem

__all__ = [
    "METHODS",
    "AlgorithmSpec",
    "MethodInfo",
    "MultitaskOutcome",
    "method_info",
    "run_method",
]


@dataclass(frozen=True)
class AlgorithmSpec:
    """An algorithm spec of the registry, ``NAME`` or ``NAME:key=value,...``, whose name
    and options are checked (the text is kept as written)."""

    what: str = "be an algorithm spec, NAME or NAME:key=value,key=value"

    def check(self, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(self.what)
        parse_spec(value)  # OptionError: an unknown name or option, listing the valid ones
        return value.strip()

    def parse(self, text: str) -> str:
        return self.check(text)


_BASE = Option(
    "algorithm",
    AlgorithmSpec(),
    "gmoea",
    "base algorithm of every task, NAME or NAME:key=value,... (`evogan algorithms NAME`)",
)
_DEVICE = Option("device", Text(), "auto", "torch device of the GANs: auto, cpu, cuda")
_DEFAULT = TransferConfig()

TRANSFER_OPTIONS = Options(
    "transfer",
    [
        _BASE,
        Option(
            "fraction",
            Real(0.0, 1.0),
            _DEFAULT.fraction,
            "share of each task's offspring taken from the other tasks",
        ),
        Option(
            "direct",
            Real(0.0, 1.0),
            _DEFAULT.direct,
            "share of those taken as they are (the rest is mapped by the GAN)",
        ),
        Option("period", Integer(low=1), _DEFAULT.period, "GANs trained every PERIOD generations"),
        Option("epochs", Integer(low=1), _DEFAULT.epochs, "full-batch epochs per training round"),
        Option(
            "crossover", Boolean(), _DEFAULT.crossover, "cross each mapped solution with a target"
        ),
        Option("mutate", Boolean(), _DEFAULT.mutate, "polynomial mutation of mapped solutions"),
        _DEVICE,
    ],
)
SINGLE_OPTIONS = Options("single", [_BASE, _DEVICE])
MOMFEA_OPTIONS = Options(
    "momfea",
    [
        Option("rmp", Real(0.0, 1.0), 0.9, "random mating probability across tasks"),
        Option("prob_c", Real(0.0, 1.0), 0.9, "SBX probability per mating"),
        Option("eta_c", Real(low=0), 20.0, "SBX distribution index"),
        Option("eta_m", Real(low=0), 20.0, "polynomial mutation distribution index"),
    ],
)

Solver = Callable[..., list[Result]]
"""``solve(tasks, n_evals, seed, pop_size, progress, **options)``: one Result per task."""


def _transfer(
    tasks: list[Problem],
    n_evals: int,
    seed: int,
    pop_size: int,
    progress: TextIO | None,
    **o: Any,
) -> list[Result]:
    base, device = o.pop("algorithm"), o.pop("device")
    config = TransferConfig(**o)
    return solve_multitask(
        tasks,
        base,
        n_evals,
        seed,
        transfer=config,
        pop_size=pop_size,
        device=device,
        progress=progress,
    )


def _single(
    tasks: list[Problem],
    n_evals: int,
    seed: int,
    pop_size: int,
    progress: TextIO | None,
    **o: Any,
) -> list[Result]:
    return solve_separately(
        tasks,
        o["algorithm"],
        n_evals,
        seed,
        pop_size=pop_size,
        device=o["device"],
        progress=progress,
    )


def _momfea(
    tasks: list[Problem],
    n_evals: int,
    seed: int,
    pop_size: int,
    progress: TextIO | None,
    **o: Any,
) -> list[Result]:
    return MOMFEA(pop_size=pop_size, **o).solve(tasks, n_evals, seed, progress)


@dataclass(frozen=True)
class MethodInfo:
    """One multitask method: its name, a summary, its declared options and its solver.

    Attributes:
        name: the method's name (``"transfer"``, ``"single"``, ``"momfea"``).
        summary: one line for listings and help.
        options: the declaration its options are checked against.
        solve: runs it (see ``Solver``).
        population: whether one population spans every task (MO-MFEA), which changes
            how its budget is checked and described.
    """

    name: str
    summary: str
    options: Options
    solve: Solver
    population: bool = False

    def check(self, options: dict[str, Any], pop_size: int | None = None) -> dict[str, Any]:
        """``options`` checked and converted; with ``pop_size``, the base algorithm's
        options are checked against it too (``n_elites`` within the population).

        Raises:
            OptionError: an unknown option, a bad value, or a base algorithm that sets its
                own ``pop_size``.
        """
        checked = self.options.check(options)
        spec = checked.get("algorithm")
        if spec is not None and pop_size is not None:
            name, base = parse_spec(spec)
            if "pop_size" in base:
                raise OptionError(
                    f"{self.name} option algorithm={spec!r} sets pop_size; the method's "
                    "pop_size is the one every task uses"
                )
            check_options(name, {"pop_size": pop_size, **base})
        return checked

    def settings(self, options: dict[str, Any], pop_size: int | None = None) -> dict[str, Any]:
        """Every option's value: ``options`` checked, the declared defaults for the rest."""
        return {**self.options.defaults(), **self.check(options, pop_size)}


#: The multitask methods by name.
METHODS: dict[str, MethodInfo] = {
    "transfer": MethodInfo(
        "transfer",
        "the base algorithm on every task, with pairwise transfer GANs between the tasks",
        TRANSFER_OPTIONS,
        _transfer,
    ),
    "single": MethodInfo(
        "single",
        "the base algorithm on each task alone (same budget split and task seeds)",
        SINGLE_OPTIONS,
        _single,
    ),
    "momfea": MethodInfo(
        "momfea",
        "MO-MFEA, the multiobjective multifactorial EA (CEC 2017 settings)",
        MOMFEA_OPTIONS,
        _momfea,
        population=True,
    ),
}


def method_info(name: str) -> MethodInfo:
    """The method called ``name``.

    Raises:
        OptionError: an unknown name, listing the valid ones.
    """
    return METHODS[check_choice("method", name, tuple(METHODS))]


@dataclass
class MultitaskOutcome:
    """One run of one method on a multitask problem.

    Attributes:
        problem: the problem's name.
        method: one of ``METHODS``.
        seed: the run's seed.
        igd: the problem's own IGD of each task's final non-dominated set.
        n_evals: the evaluations spent on each task.
        results: one pymoo Result per task.
        seconds: wall-clock seconds of the whole run.
    """

    problem: str
    method: str
    seed: int
    igd: list[float]
    n_evals: list[int]
    results: list[Result]
    seconds: float


def run_method(
    problem: MultitaskProblem,
    method: str,
    seed: int,
    n_evals: int | None = None,
    *,
    pop_size: int = 100,
    progress: TextIO | None = None,
    **options: Any,
) -> MultitaskOutcome:
    """Solve ``problem`` (a multitask problem) with ``method`` and score every task.

    Args:
        problem: a multitask problem: ``name``, ``tasks``, ``max_evals``, ``igd(task, F)``.
        method: a name of ``METHODS``.
        seed: the seed.
        n_evals: total evaluations over all tasks (default: the problem's own budget).
        pop_size: population per task (all methods).
        progress: a stream for a progress line of the evaluations spent (None: none).
        **options: the method's options (``evogan.multitask.suite.TRANSFER_OPTIONS``...),
            e.g. ``algorithm="nsga2", fraction=0.1`` for ``transfer``.

    Raises:
        OptionError: an unknown method or option, a bad value, or what the solvers raise.
    """
    info = method_info(method)
    settings = info.settings(options, pop_size)
    n_evals = problem.max_evals if n_evals is None else n_evals
    tasks = list(problem.tasks)
    t0 = time.perf_counter()
    results = info.solve(tasks, n_evals, seed, pop_size, progress, **settings)
    seconds = time.perf_counter() - t0
    scores = [_igd(problem, t, res) for t, res in enumerate(results)]
    spent = [_spent(res) for res in results]
    return MultitaskOutcome(problem.name, method, seed, scores, spent, results, seconds)


def _spent(result: Result) -> int:
    """Evaluations spent on a task: MO-MFEA counts them itself, pymoo's algorithms in
    their evaluator."""
    counted = getattr(result, "n_evals", None)
    return int(counted if counted is not None else result.algorithm.evaluator.n_eval)


def _igd(problem: Any, task: int, result: Result) -> float:
    F = result.F
    if F is None or len(np.atleast_2d(F)) == 0:
        return float("nan")
    return float(problem.igd(task, np.atleast_2d(F)))
