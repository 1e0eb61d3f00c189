"""IM-MOEA: offspring from Gaussian-process inverse models, objective space -> decision space.

Cheng, Jin, Narukawa, Sendhoff, "A Multiobjective Evolutionary Algorithm Using Gaussian
Process-Based Inverse Modeling", IEEE TEVC 19(6), 2015. Reference vectors split the
objective space into K partitions. In each partition, for every objective f_m, a random
group of L decision variables is modelled as functions of f_m by Gaussian processes;
offspring take objective values evenly spread over the partition's range extended by
half its width on each side, are mapped back through the models with their predictive
noise, and are polynomially mutated. Selection keeps at most N/K solutions per partition
by non-dominated sorting and crowding distance.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from pymoo.algorithms.base.genetic import GeneticAlgorithm
from pymoo.core.population import Population
from pymoo.core.problem import Problem
from pymoo.core.survival import Survival
from pymoo.operators.mutation.pm import PM
from pymoo.operators.sampling.rnd import FloatRandomSampling
from pymoo.operators.survival.rank_and_crowding import RankAndCrowding
from pymoo.util.display.multi import MultiObjectiveOutput

from evogan.algorithms.directions import reference_directions
from evogan.algorithms.info import AlgorithmInfo
from evogan.evaluation import finite_evaluator
from evogan.options import Integer, Option, Options, Real

#: Noise variance of the Gaussian likelihood, (0.01)^2 (settings as in PlatEMO).
NOISE_VARIANCE = 1e-4


def assign_partitions(F: np.ndarray, W: np.ndarray) -> np.ndarray:
    """``n`` indices of the reference vector at the smallest angle to each objective vector.

    Angles are measured from the origin of objective space (settings as in PlatEMO); an
    objective with negative values is first shifted by its minimum, so that every vector
    lies in the positive orthant the reference vectors span.

    Args:
        F: ``n x m`` objective values.
        W: ``K x m`` reference vectors.
    """
    Fs = F - np.minimum(F.min(axis=0), 0.0)
    norm = np.linalg.norm(Fs, axis=1, keepdims=True)
    cosine = (Fs / np.maximum(norm, 1e-300)) @ (W / np.linalg.norm(W, axis=1, keepdims=True)).T
    return np.argmax(cosine, axis=1)


def linear_gp(f: np.ndarray, Y: np.ndarray, fs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Predictive mean and variance of GPs with a linear kernel ``k(f, f') = f f'``.

    Zero mean and Gaussian noise of variance ``NOISE_VARIANCE``. This kernel is
    Bayesian linear regression ``y = w f`` with ``w ~ N(0, 1)``; its weight-space form
    needs no n x n solve and fits all columns of ``Y`` at once.

    Args:
        f: ``n`` training inputs (one objective's values).
        Y: ``n x L`` training targets (decision variables).
        fs: ``s`` test inputs.

    Returns:
        ``s x L`` predictive means and ``s`` predictive variances (the same for every
        column, since the inputs are shared).
    """
    precision = f @ f + NOISE_VARIANCE
    w = (f @ Y) / precision
    var = fs**2 * (NOISE_VARIANCE / precision) + NOISE_VARIANCE
    return fs[:, None] * w[None, :], var


def inverse_model_offspring(
    X: np.ndarray, F: np.ndarray, group_size: int, rng: np.random.Generator
) -> np.ndarray:
    """Offspring of one partition from its inverse models (before repair and mutation).

    For each objective f_m, ``n // n_obj`` random members are copied and a random group of
    ``group_size`` of their variables is replaced: the GP fitted on those members maps
    evenly spaced values of f_m, over the partition's range extended by half its width on
    each side, to the variables, plus the predictive noise scaled by a uniform factor per
    variable (settings as in PlatEMO). A partition with fewer than ``2 n_obj`` members is
    copied whole.

    Args:
        X: ``n x d`` decision vectors of the partition.
        F: ``n x m`` their objective values.
        group_size: L, the variables modelled per objective (at most d).
        rng: the random stream.

    Returns:
        ``(m * (n // m)) x d`` offspring, or a copy of X for a small partition.
    """
    (n, d), m = X.shape, F.shape[1]
    if n < 2 * m:
        return X.copy()
    f_lo = 1.5 * F.min(axis=0) - 0.5 * F.max(axis=0)
    f_hi = 1.5 * F.max(axis=0) - 0.5 * F.min(axis=0)
    size = n // m
    parts = []
    for j in range(m):
        parents = rng.choice(n, size, replace=False)
        group = rng.choice(d, min(group_size, d), replace=False)
        fs = np.linspace(f_lo[j], f_hi[j], size)
        mean, var = linear_gp(F[parents, j], X[parents][:, group], fs)
        noise = rng.random(len(group)) * np.sqrt(var)[:, None] * rng.standard_normal(mean.shape)
        child = X[parents].copy()
        child[:, group] = mean + noise
        parts.append(child)
    return np.vstack(parts)


def resample_outside(
    X: np.ndarray, xl: np.ndarray, xu: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """X with each value outside ``[xl, xu]`` replaced by a uniform value inside."""
    uniform = xl + rng.random(X.shape) * (xu - xl)
    return np.where((X < xl) | (X > xu), uniform, X)


class PartitionSurvival(Survival):
    """Keep at most ``capacity`` solutions per reference-vector partition.

    A partition with more members keeps ``capacity`` of them by non-dominated sorting and
    crowding distance (pymoo's ``RankAndCrowding``, feasible first); a smaller one keeps
    all, so the population may hold fewer than ``K * capacity`` solutions.

    Args:
        W: ``K x m`` reference vectors.
        capacity: the most solutions a partition keeps (N / K).
    """

    def __init__(self, W: np.ndarray, capacity: int) -> None:
        super().__init__(filter_infeasible=False)
        self.W = W
        self.capacity = capacity
        self.rank_and_crowding = RankAndCrowding()

    def _do(self, problem, pop, *args, n_survive=None, random_state=None, **kwargs):
        labels = assign_partitions(pop.get("F").astype(float), self.W)
        keep = []
        for k in np.unique(labels):
            members = np.flatnonzero(labels == k)
            if len(members) > self.capacity:
                chosen = self.rank_and_crowding.do(
                    problem,
                    pop[members],
                    n_survive=self.capacity,
                    random_state=random_state,
                    return_indices=True,
                )
                members = members[np.asarray(chosen, dtype=int)]
            keep.append(members)
        return pop[np.sort(np.concatenate(keep))]


#: The options, declared once (checked from Python, specs and campaigns alike).
OPTIONS = Options(
    "immoea",
    [
        Option(
            "pop_size",
            Integer(low=2),
            100,
            "population size N (rounded up to a multiple of the partitions)",
        ),
        Option(
            "n_partitions", Integer(low=1), 10, "K, reference vectors partitioning the population"
        ),
        Option("group_size", Integer(low=1), 3, "L, decision variables redrawn per offspring"),
        Option("eta_m", Real(low=0), 20.0, "polynomial mutation distribution index"),
    ],
)


class IMMOEA(GeneticAlgorithm):
    """IM-MOEA as a pymoo algorithm.

    ``minimize(problem, IMMOEA(), ("n_evals", 10000), seed=1)``. The K reference vectors
    are ``reference_directions`` (Das-Dennis for 2 and 3
    objectives, 10 vectors either way for K = 10; Riesz energy beyond). The population
    holds at most ``ceil(N / K)`` solutions per partition, ``K * ceil(N / K)`` in all
    (settings as in PlatEMO). Each generation makes about one offspring per member,
    partition by partition (``inverse_model_offspring``); values outside the bounds
    are redrawn uniformly, then polynomial mutation (``eta_m``, probability 1/d per
    variable) follows (settings as in PlatEMO). ``assign_partitions`` says how angles
    are measured. Constraints are handled in selection only, feasible first within each
    partition; the inverse models ignore them.

    Args:
        pop_size: population size N.
        n_partitions: K, the number of reference vectors (10 in the paper); with 3
            objectives the largest Das-Dennis set of at most K is used.
        group_size: L, the decision variables modelled per objective (3 in the paper; at
            most n_var).
        eta_m: distribution index of the polynomial mutation.
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
        n_partitions: int = 10,
        group_size: int = 3,
        eta_m: float = 20.0,
        sampling=None,
        output=None,
        eliminate_duplicates=False,
        **kwargs,
    ) -> None:
        OPTIONS.check(
            {
                "pop_size": pop_size,
                "n_partitions": n_partitions,
                "group_size": group_size,
                "eta_m": eta_m,
            }
        )
        kwargs["evaluator"] = finite_evaluator(kwargs.get("evaluator"))
        super().__init__(
            pop_size=pop_size,
            sampling=sampling or FloatRandomSampling(),
            eliminate_duplicates=eliminate_duplicates,
            output=output or MultiObjectiveOutput(),
            **kwargs,
        )
        self.n_partitions = n_partitions
        self.group_size = group_size
        self.eta_m = eta_m
        # Set up for the problem (_setup):
        self.pop_size: int
        self.ref_dirs: np.ndarray
        self.mutation: PM

    def _setup(self, problem, **kwargs) -> None:
        self.ref_dirs = reference_directions(problem.n_obj, self.n_partitions)
        capacity = math.ceil(self.pop_size / len(self.ref_dirs))
        self.pop_size = capacity * len(self.ref_dirs)
        self.survival = PartitionSurvival(self.ref_dirs, capacity)
        self.mutation = PM(prob=1.0, eta=self.eta_m, prob_var=1.0 / problem.n_var)

    def _infill(self):
        rng, problem = self.random_state, self.problem
        X, F = (a.astype(float) for a in self.pop.get("X", "F"))
        labels = assign_partitions(F, self.ref_dirs)
        Xoff = np.vstack(
            [
                inverse_model_offspring(X[labels == k], F[labels == k], self.group_size, rng)
                for k in np.unique(labels)
            ]
        )
        xl, xu = (np.asarray(b, dtype=float) for b in problem.bounds())
        Xoff = self.mutation._do(problem, resample_outside(Xoff, xl, xu, rng), random_state=rng)
        off = self.repair(problem, Population.new(X=Xoff), random_state=rng)
        off = self.eliminate_duplicates.do(off, self.pop)
        if len(off) == 0:
            self.termination.force_termination = True
            return None
        return off


def _build(problem: Problem, **options: Any) -> IMMOEA:
    return IMMOEA(**options)


INFO = AlgorithmInfo(
    "immoea", "IM-MOEA: Gaussian-process inverse models (Cheng, Jin et al. 2015)", OPTIONS, _build
)
