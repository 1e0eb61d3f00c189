"""RM-MEDA: offspring sampled from a piecewise-linear model of the population's Pareto set.

Zhang, Zhou, Jin, "RM-MEDA: A Regularity Model-Based Multiobjective Estimation of
Distribution Algorithm", IEEE TEVC 12(1), 2008. The Pareto set of a continuous problem
with ``n_obj`` objectives is (under mild conditions) an ``(n_obj - 1)``-dimensional
piecewise-continuous manifold. Each generation the population is split into K clusters by
Local PCA; each cluster's manifold piece is the box spanned by its first ``n_obj - 1``
principal components, extended on both sides, and offspring are points of that box plus
Gaussian noise whose variance is the mean of the remaining eigenvalues. Selection is
non-dominated sorting with crowding distance recomputed after each removal.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pymoo.algorithms.base.genetic import GeneticAlgorithm
from pymoo.core.infill import InfillCriterion
from pymoo.core.population import Population
from pymoo.core.problem import Problem
from pymoo.core.survival import Survival
from pymoo.operators.sampling.rnd import FloatRandomSampling
from pymoo.operators.survival.rank_and_crowding.metrics import calc_crowding_distance
from pymoo.util.display.multi import MultiObjectiveOutput
from pymoo.util.nds.non_dominated_sorting import NonDominatedSorting

from evogan.algorithms.info import AlgorithmInfo
from evogan.evaluation import finite_evaluator
from evogan.gan.regularity import local_pca, sample_models
from evogan.options import Integer, Option, Options, Real


class RegularityModelSampling(InfillCriterion):
    """pymoo mating operator: offspring from Local PCA models of the population.

    Offspring outside the bounds are set to the nearest bound (settings as in PlatEMO).

    Args:
        n_clusters: K, the number of local models.
        extension: how far each model's box extends beyond its members' projections, as a
            fraction of its width on each side.
        max_iter: most Local PCA rounds.
        **kwargs: pymoo's ``repair``, ``eliminate_duplicates``, ``n_max_iterations``.
    """

    def __init__(
        self, n_clusters: int = 5, extension: float = 0.25, max_iter: int = 50, **kwargs
    ) -> None:
        super().__init__(**kwargs)
        self.n_clusters = n_clusters
        self.extension = extension
        self.max_iter = max_iter

    def _do(self, problem, pop, n_offsprings, random_state=None, **kwargs):
        if random_state is None:
            raise ValueError("RegularityModelSampling needs pymoo's random_state")
        X = pop.get("X").astype(float)
        models = local_pca(X, problem.n_obj - 1, self.n_clusters, random_state, self.max_iter)
        off = sample_models(models, n_offsprings, self.extension, random_state)
        xl, xu = (np.asarray(b, dtype=float) for b in problem.bounds())
        return Population.new(X=np.clip(off, xl, xu))


def prune_crowded(F: np.ndarray, front: np.ndarray, n_keep: int) -> np.ndarray:
    """The ``n_keep`` members of ``front`` left after removing the most crowded one by one.

    Each round removes the solution with the smallest crowding distance (the first on a
    tie) and recomputes the distances of the rest.

    Args:
        F: ``n x m`` objective values.
        front: indices into F of one non-dominated front.
        n_keep: how many to keep.
    """
    keep = np.asarray(front)
    while len(keep) > n_keep:
        keep = np.delete(keep, np.argmin(calc_crowding_distance(F[keep])))
    return keep


class CrowdingPruningSurvival(Survival):
    """Non-dominated sorting; the front that does not fit is pruned by ``prune_crowded``.

    RM-MEDA's selection. Feasible solutions come first, then the infeasible ones by
    constraint violation (pymoo's ``Survival``).
    """

    def __init__(self) -> None:
        super().__init__(filter_infeasible=True)
        self.nds = NonDominatedSorting()

    def _do(self, problem, pop, *args, n_survive=None, random_state=None, **kwargs):
        F = pop.get("F").astype(float)
        survivors: list[int] = []
        for front in self.nds.do(F, n_stop_if_ranked=n_survive):
            if len(survivors) + len(front) > n_survive:
                front = prune_crowded(F, front, n_survive - len(survivors))
            survivors.extend(front)
            if len(survivors) >= n_survive:
                break
        return pop[survivors]


#: The options, declared once (checked from Python, specs and campaigns alike).
OPTIONS = Options(
    "rmmeda",
    [
        Option("pop_size", Integer(low=2), 100, "population size N"),
        Option("n_clusters", Integer(low=1), 5, "K, the number of Local PCA clusters"),
        Option(
            "extension",
            Real(low=0),
            0.25,
            "how far each model reaches beyond its members, as a fraction of its width",
        ),
        Option("max_iter", Integer(low=1), 50, "most Local PCA rounds"),
    ],
)


class RMMEDA(GeneticAlgorithm):
    """RM-MEDA as a pymoo algorithm.

    ``minimize(problem, RMMEDA(), ("n_evals", 10000), seed=1)``. Each generation makes
    ``pop_size`` offspring from the Local PCA models (``RegularityModelSampling``)
    and keeps ``pop_size`` of parents and offspring by non-dominated sorting, removing the
    most crowded solution of the last front one at a time with the crowding distance
    recomputed (the paper's selection, ``CrowdingPruningSurvival``). Constraints
    are handled the pymoo way in selection (feasible first, then by violation); the
    model ignores them.

    Args:
        pop_size: population size N.
        n_clusters: K, the number of Local PCA clusters (5 in the paper).
        extension: each model's box reaches this fraction of its width beyond its
            members' projections on each side (0.25 in the paper).
        max_iter: most Local PCA rounds (50, settings as in PlatEMO).
        sampling: pymoo initial sampling (uniform random by default).
        output: pymoo display output.
        **kwargs: pymoo keywords (``repair``, ``eliminate_duplicates`` (off by default,
            as in the paper), ``callback``, ``save_history``...).

    Raises:
        OptionError: an argument out of its range.
    """

    def __init__(
        self,
        pop_size: int = 100,
        n_clusters: int = 5,
        extension: float = 0.25,
        max_iter: int = 50,
        sampling=None,
        output=None,
        eliminate_duplicates=False,
        **kwargs,
    ) -> None:
        OPTIONS.check(
            {
                "pop_size": pop_size,
                "n_clusters": n_clusters,
                "extension": extension,
                "max_iter": max_iter,
            }
        )
        kwargs["evaluator"] = finite_evaluator(kwargs.get("evaluator"))
        super().__init__(
            pop_size=pop_size,
            sampling=sampling or FloatRandomSampling(),
            survival=CrowdingPruningSurvival(),
            eliminate_duplicates=eliminate_duplicates,
            output=output or MultiObjectiveOutput(),
            **kwargs,
        )
        self.n_clusters = n_clusters
        self.extension = extension
        self.max_iter = max_iter
        self.mating = RegularityModelSampling(
            n_clusters,
            extension,
            max_iter,
            repair=self.repair,
            eliminate_duplicates=self.eliminate_duplicates,
        )


def _build(problem: Problem, **options: Any) -> RMMEDA:
    return RMMEDA(**options)


INFO = AlgorithmInfo(
    "rmmeda", "RM-MEDA: Local PCA regularity models (Zhang, Zhou, Jin 2008)", OPTIONS, _build
)
