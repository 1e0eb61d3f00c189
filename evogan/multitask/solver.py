"""Solve several problems (tasks) at once, one pymoo algorithm per task, with GAN transfer.

Each task runs its own pymoo algorithm through ask/tell: the algorithm makes its offspring
and keeps its own environmental selection. Transfer only swaps a fraction of a target's
offspring for source solutions, some mapped by a pairwise GAN
(``evogan.multitask.transfer``) and some taken as they are in the unified space, before
they are evaluated; whether they survive is the target algorithm's decision.

Seeding: task ``i`` runs under seed ``task_seeds(seed, n_tasks)[i]`` exactly as
``pymoo.optimize.minimize(task, algorithm, ("n_evals", n_evals // n_tasks), seed=...)``
would, and every random draw of the transfer comes from a separate generator. With
transfer switched off the solver therefore returns the same runs as independent
single-task ``minimize`` calls (see ``solve_separately``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TextIO

import numpy as np
from pymoo.core.algorithm import Algorithm
from pymoo.core.population import Population
from pymoo.core.problem import Problem
from pymoo.core.result import Result
from pymoo.optimize import minimize

from evogan.device import resolve_device, torch_generator
from evogan.errors import OptionError
from evogan.gan.train import GANConfig
from evogan.monitor import EvalsCallback
from evogan.multitask.tasks import (
    AlgorithmSpec,
    check_tasks,
    make_algorithms,
    pop_size_of,
    task_budget,
    task_seeds,
)
from evogan.multitask.transfer import DEFAULT_CONFIG, TransferGAN
from evogan.multitask.unified import UnifiedSpace
from evogan.operators.shares import split_counts
from evogan.operators.variation import GAVariation
from evogan.progress import Progress


@dataclass(frozen=True)
class TransferConfig:
    """How the pairwise GANs are trained and how many offspring they supply.

    Attributes:
        fraction: share of each target's offspring per generation replaced by mapped
            source solutions (split evenly over the source tasks). It is fixed, not
            adapted: each result's ``transfer`` counts (offered, survived) are the
            measurements an adaptive rule would have to be justified by.
        period: the GANs are trained every ``period`` generations (warm-started).
        epochs: full-batch epochs per training round.
        direct: share of the transfer offspring taken straight from the source (the
            identity map of the unified space) instead of through the GAN, which pulls
            solutions towards the target's current population, stuck or not.
        crossover: cross each mapped solution (SBX) with a random member of the target's
            population and keep one child, so that it carries genes of both tasks.
        mutate: polynomial mutation (in the target's bounds) on mapped solutions.
        gan: network and optimiser settings (``epochs`` is taken from above).
    """

    fraction: float = 0.1
    period: int = 10
    epochs: int = 20
    direct: float = 0.5
    crossover: bool = False
    mutate: bool = True
    gan: GANConfig = field(default_factory=lambda: DEFAULT_CONFIG)

    def __post_init__(self) -> None:
        for name in ("fraction", "direct"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise OptionError(f"transfer {name} must lie in [0, 1], got {getattr(self, name)}")
        if self.period < 1 or self.epochs < 1:
            raise OptionError(
                f"transfer period and epochs must be >= 1, got {self.period} and {self.epochs}"
            )


def transfer_rng(seed: int) -> np.random.Generator:
    """The generator of the transfer's own draws, independent of every task seed."""
    return np.random.default_rng(np.random.SeedSequence([seed, 2**31 - 1]))


def solve_separately(
    tasks: Sequence[Problem],
    algorithm: AlgorithmSpec | Sequence[AlgorithmSpec] = "gmoea",
    n_evals: int = 200_000,
    seed: int = 1,
    *,
    pop_size: int = 100,
    device: str = "auto",
    progress: TextIO | None = None,
) -> list[Result]:
    """The single-task baseline: each task alone under ``pymoo.optimize.minimize``.

    Same budget split and task seeds as ``solve_multitask``, no transfer; ``progress``
    as there.
    """
    tasks = check_tasks(tasks)
    algorithms = make_algorithms(tasks, algorithm, pop_size, device)
    share = task_budget(n_evals, len(tasks), [pop_size_of(a) for a in algorithms])
    line = Progress(progress, "single-task runs", share * len(tasks))
    results = []
    for k, (task, alg, s) in enumerate(
        zip(tasks, algorithms, task_seeds(seed, len(tasks)), strict=True)
    ):
        callback = EvalsCallback(line, offset=k * share)
        results.append(minimize(task, alg, ("n_evals", share), seed=s, callback=callback))
    line.update(sum(int(res.algorithm.evaluator.n_eval) for res in results))
    line.close()
    return results


def solve_multitask(
    tasks: Sequence[Problem],
    algorithm: AlgorithmSpec | Sequence[AlgorithmSpec] = "gmoea",
    n_evals: int = 200_000,
    seed: int = 1,
    *,
    transfer: TransferConfig | None = None,
    pop_size: int = 100,
    device: str = "auto",
    progress: TextIO | None = None,
) -> list[Result]:
    """Solve ``tasks`` together under one evaluation budget, with GAN transfer between them.

    Args:
        tasks: pymoo problems with finite bounds; sizes, bounds and objective counts may
            differ (transfer works in the decision space).
        algorithm: a registry name or spec (``"gmoea"``, ``"nsga2"``...), a pymoo
            algorithm, or a list with one of those per task.
        n_evals: total evaluations, split equally over the tasks.
        seed: the run's seed (see ``task_seeds``).
        transfer: transfer settings; ``TransferConfig(fraction=0)`` switches transfer off.
            ``None`` uses ``TransferConfig()``.
        pop_size: population size of algorithms given by name.
        device: torch device of the GANs (``"auto"``, ``"cpu"``, ``"cuda"``).
        progress: a stream (e.g. ``sys.stderr``) for a progress line of the evaluations
            spent over all tasks; None draws nothing. It does not change the run.

    Returns:
        One pymoo ``Result`` per task, in task order; each also carries ``transfer``, a
        dict with the numbers of mapped solutions offered to it and of those that entered
        its population.

    Raises:
        OptionError: no tasks, a wrong number of algorithms, an unknown name, or a budget
            smaller than one generation per task.
    """
    run = MultitaskRun(tasks, algorithm, n_evals, seed, transfer, pop_size, device)
    return run.run(progress)


class MultitaskRun:
    """The state of one multitask run; ``solve_multitask`` is its public face."""

    def __init__(self, tasks, algorithm, n_evals, seed, transfer, pop_size, device) -> None:
        self.tasks = check_tasks(tasks)
        self.config = transfer if transfer is not None else TransferConfig()
        self.space = UnifiedSpace(self.tasks)
        self.algorithms = make_algorithms(self.tasks, algorithm, pop_size, device)
        share = task_budget(n_evals, len(self.tasks), [pop_size_of(a) for a in self.algorithms])
        self.budget = share * len(self.tasks)
        for task, alg, s in zip(
            self.tasks, self.algorithms, task_seeds(seed, len(tasks)), strict=True
        ):
            alg.setup(task, termination=("n_evals", share), seed=s)
        self.active = self.config.fraction > 0 and len(self.tasks) > 1
        self.rng = transfer_rng(seed)
        self.device = resolve_device(device)
        self.ga = GAVariation()
        self.gans: dict[tuple[int, int], TransferGAN] = {}
        self.offered = np.zeros(len(self.tasks), dtype=int)
        self.survived = np.zeros(len(self.tasks), dtype=int)

    def run(self, progress: TextIO | None = None) -> list[Result]:
        line = Progress(progress, "multitask run", self.budget)
        generation = 0
        while any(alg.has_next() for alg in self.algorithms):
            ready = self.active and all(alg.is_initialized for alg in self.algorithms)
            if ready and (not self.gans or generation % self.config.period == 0):
                self._train()
            for t, alg in enumerate(self.algorithms):
                if alg.has_next():
                    self._step(t, alg, ready)
            generation += 1
            line.update(self.spent())
        line.update(self.spent())
        line.close()
        results = []
        for t, alg in enumerate(self.algorithms):
            res = alg.result()
            res.algorithm = alg
            res.transfer = {"offered": int(self.offered[t]), "survived": int(self.survived[t])}
            results.append(res)
        return results

    def spent(self) -> int:
        """Evaluations spent so far over all tasks."""
        return sum(int(alg.evaluator.n_eval) for alg in self.algorithms)

    def _step(self, t: int, alg: Algorithm, ready: bool) -> None:
        """One generation of task ``t``: ask, swap in transfer offspring, evaluate, tell."""
        off = alg.ask()
        if off is None:
            alg.advance()
            return
        injected = self._inject(t, off) if ready else []
        alg.evaluator.eval(alg.problem, off, algorithm=alg)
        alg.tell(infills=off)
        if injected:
            kept = {id(ind) for ind in alg.pop}
            self.survived[t] += sum(id(ind) in kept for ind in injected)

    def _train(self) -> None:
        """A training round for every ordered pair, on the current populations."""
        pops = [
            self.space.encode(t, a.pop.get("X"), self.rng) for t, a in enumerate(self.algorithms)
        ]
        gen = torch_generator(self.rng, self.device)
        config = replace(self.config.gan, epochs=self.config.epochs)
        for s in range(len(self.tasks)):
            for t in range(len(self.tasks)):
                if s == t:
                    continue
                if (s, t) not in self.gans:
                    self.gans[s, t] = TransferGAN(self.space.dim, config, self.device, gen)
                self.gans[s, t].train(pops[s], pops[t], gen)

    def _through_gan(self, k: int) -> np.ndarray:
        """Which of ``k`` transfer offspring go through the GAN (the rest are direct)."""
        if self.config.direct == 0.0:
            return np.ones(k, dtype=bool)
        return self.rng.random(k) >= self.config.direct

    def _inject(self, t: int, off: Population) -> list:
        """Replace a fraction of target ``t``'s offspring by mapped source solutions."""
        n = int(round(self.config.fraction * len(off)))
        sources = [s for s in range(len(self.tasks)) if s != t]
        if n == 0 or not sources:
            return []
        counts = split_counts(n, np.ones(len(sources)))
        parts = []
        for s, k in zip(sources, counts, strict=True):
            if k:
                Xs = self.algorithms[s].pop.get("X")
                U = self.space.encode(s, Xs[self.rng.integers(len(Xs), size=k)], self.rng)
                mapped = self._through_gan(k)
                U[mapped] = self.gans[s, t].map(U[mapped])
                parts.append(self.space.decode(t, U))
        X = np.concatenate(parts)
        if self.config.crossover:
            mates = self.algorithms[t].pop.get("X")
            mates = mates[self.rng.integers(len(mates), size=len(X))]
            X = self.ga.crossover(self.tasks[t], X, mates, self.rng)[: len(X)]
        if self.config.mutate:
            X = self.ga.mutate(self.tasks[t], X, self.rng)
        slots = self.rng.choice(len(off), size=len(X), replace=False)
        injected = list(off[slots])
        for ind, x in zip(injected, X, strict=True):
            ind.set("X", x)
            ind.set("born", -1)  # not credited to any of the target's own offspring sources
        self.offered[t] += len(X)
        return injected
