"""MO-MFEA, the multiobjective multifactorial EA (the multitasking baseline).

Gupta, Ong, Feng, Tan, "Multiobjective Multifactorial Optimization in Evolutionary
Multitasking", IEEE TCYB 47(7), 2017. One population lives in the unified space
(``evogan.multitask.unified``), N individuals per task, each with a skill factor (the
task it is evaluated on). Parents come from binary tournaments on the within-task rank
(non-domination front, then crowding distance); two parents of different tasks are
crossed only with the random mating probability ``rmp`` (assortative mating), else each
is only mutated; a child of a crossover imitates the skill factor of a random parent
(vertical cultural transmission) and is evaluated on that task alone. Each task keeps its
N best by NSGA-II's rank and crowding over its parents and children.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TextIO

import numpy as np
from pymoo.core.evaluator import Evaluator
from pymoo.core.population import Population
from pymoo.core.problem import Problem
from pymoo.core.result import Result
from pymoo.operators.survival.rank_and_crowding import RankAndCrowding
from pymoo.util.optimum import filter_optimum

from evogan.budget import check_budget
from evogan.errors import OptionError
from evogan.multitask.tasks import check_tasks
from evogan.multitask.unified import UnifiedSpace
from evogan.operators.variation import GAVariation, binary_tournament
from evogan.progress import Progress


class MOMFEA:
    """MO-MFEA with SBX and polynomial mutation in the unified space.

    The defaults are the CEC 2017 competition's baseline settings: SBX with probability
    0.9 and eta 20, polynomial mutation with probability 1/D per variable and eta 20, and
    a random mating probability of 0.9 (the paper's own experiments used 0.3).

    Args:
        pop_size: individuals per task (the population holds ``pop_size * n_tasks``).
        rmp: random mating probability of two parents with different skill factors.
        prob_c: probability that a chosen pair is crossed over.
        eta_c: SBX distribution index.
        eta_m: polynomial mutation distribution index.
    """

    def __init__(
        self,
        pop_size: int = 100,
        rmp: float = 0.9,
        prob_c: float = 0.9,
        eta_c: float = 20.0,
        eta_m: float = 20.0,
    ) -> None:
        if not isinstance(pop_size, (int, np.integer)) or pop_size < 2:
            raise OptionError(f"pop_size must be an integer >= 2, got {pop_size!r}")
        for name, p in (("rmp", rmp), ("prob_c", prob_c)):
            if not 0.0 <= p <= 1.0:
                raise OptionError(f"{name} must lie in [0, 1], got {p}")
        self.pop_size, self.rmp = int(pop_size), rmp
        self.variation = GAVariation(eta_c=eta_c, prob_c=prob_c, eta_m=eta_m)

    def solve(
        self,
        tasks: Sequence[Problem],
        n_evals: int,
        seed: int = 1,
        progress: TextIO | None = None,
    ) -> list[Result]:
        """Run until the next generation would exceed ``n_evals`` evaluations in total.

        ``progress``: a stream for a progress line of the evaluations spent (None: none).

        Returns:
            One pymoo ``Result`` per task (its final population and non-dominated set),
            whose ``n_evals`` counts the evaluations spent on that task.

        Raises:
            OptionError: no tasks, or a budget smaller than one generation.
        """
        tasks = check_tasks(tasks)
        check_budget(n_evals, self.pop_size, len(tasks), owner="MO-MFEA")
        n_gen_evals = self.pop_size * len(tasks)
        start = time.time()
        rng = np.random.default_rng(seed)
        space = UnifiedSpace(tasks)
        unit = Problem(n_var=space.dim, n_obj=1, xl=0.0, xu=1.0)
        pops = [
            self._evaluate(task, space, t, rng.random((self.pop_size, space.dim)))
            for t, task in enumerate(tasks)
        ]
        pops = [self._survive(task, pop, rng) for task, pop in zip(tasks, pops, strict=True)]
        evals = n_gen_evals
        spent = np.full(len(tasks), self.pop_size)  # evaluations of each task
        line = Progress(progress, "MO-MFEA", n_evals - n_evals % n_gen_evals)
        while evals + n_gen_evals <= n_evals:
            U, skill = self._offspring(pops, unit, rng)
            for t, task in enumerate(tasks):
                children = self._evaluate(task, space, t, U[skill == t])
                spent[t] += len(children)
                pops[t] = self._survive(task, Population.merge(pops[t], children), rng)
            evals += n_gen_evals
            line.update(evals)
        line.update(evals)
        line.close()
        return [
            _result(task, pop, start, int(n))
            for task, pop, n in zip(tasks, pops, spent, strict=True)
        ]

    def _offspring(
        self, pops: list[Population], unit: Problem, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray]:
        """Unified children and their skill factors from one round of mating."""
        U = np.concatenate([p.get("U") for p in pops])
        skill = np.repeat(np.arange(len(pops)), [len(p) for p in pops])
        fitness = np.concatenate([p.get("position") for p in pops]).astype(float)
        cv = np.concatenate([_violation(p) for p in pops])
        n_pairs = len(U) // 2
        parents = binary_tournament(fitness, cv, 2 * n_pairs, rng)
        a, b = parents[:n_pairs], parents[n_pairs:]
        mate = (skill[a] == skill[b]) | (rng.random(n_pairs) < self.rmp)

        children = np.concatenate([U[a], U[b]])
        child_skill = np.concatenate([skill[a], skill[b]])
        if mate.any():
            crossed = self.variation.crossover(unit, U[a[mate]], U[b[mate]], rng)
            k = int(mate.sum())
            children[np.r_[np.flatnonzero(mate), n_pairs + np.flatnonzero(mate)]] = crossed
            # vertical cultural transmission: each child of a crossover imitates a random parent
            pick = rng.random((2, k)) < 0.5
            inherit = np.where(pick, skill[a[mate]], skill[b[mate]]).reshape(-1)
            child_skill[np.r_[np.flatnonzero(mate), n_pairs + np.flatnonzero(mate)]] = inherit
        children = self.variation.mutate(unit, children, rng)
        return children, child_skill

    def _evaluate(self, task: Problem, space: UnifiedSpace, t: int, U: np.ndarray) -> Population:
        pop = Population.new(X=space.decode(t, U), U=U)
        Evaluator().eval(task, pop)
        return pop

    def _survive(self, task: Problem, pop: Population, rng: np.random.Generator) -> Population:
        """NSGA-II survival to ``pop_size``; stores each survivor's within-task position."""
        survivors = RankAndCrowding().do(task, pop, n_survive=self.pop_size, random_state=rng)
        rank = survivors.get("rank").astype(float)
        crowding = survivors.get("crowding").astype(float)
        order = np.lexsort((-crowding, rank))
        position = np.empty(len(survivors))
        position[order] = np.arange(len(survivors))
        survivors.set("position", position)
        return survivors


def _violation(pop: Population) -> np.ndarray:
    cv = pop.get("CV")
    if cv is None or cv.size == 0:
        return np.zeros(len(pop))
    return np.maximum(cv.reshape(len(pop), -1).sum(axis=1), 0.0)


def _result(task: Problem, pop: Population, start: float, n_evals: int) -> Result:
    """A pymoo Result holding a task's final population and its non-dominated solutions,
    with ``n_evals``, the evaluations spent on the task."""
    res = Result()
    res.n_evals = n_evals
    res.problem, res.pop = task, pop
    res.opt = filter_optimum(pop, least_infeasible=True)
    res.X, res.F = res.opt.get("X", "F")
    res.start_time, res.end_time = start, time.time()
    res.exec_time = res.end_time - start
    return res
