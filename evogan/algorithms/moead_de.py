"""MOEA/D-DE: decomposition with differential evolution and a bounded replacement.

Li, Zhang, "Multiobjective Optimization Problems With Complicated Pareto Sets, MOEA/D and
NSGA-II", IEEE TEVC 13(2), 2009. Each of N subproblems (a weight vector and the
Tchebycheff aggregation ``max_i w_i |f_i - z_i|``) holds one solution. Subproblems are
visited in turn; each makes one offspring by DE/rand/1 from its own solution and two
mates, drawn from its T nearest subproblems with probability delta and from the whole
population otherwise, followed by polynomial mutation. The offspring updates the ideal
point z and replaces at most nr solutions of that same pool that it does not make worse.
The algorithm is steady-state: each offspring is evaluated and used before the next is
made.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pymoo.algorithms.base.genetic import GeneticAlgorithm
from pymoo.core.population import Population
from pymoo.core.problem import Problem
from pymoo.operators.mutation.pm import PM
from pymoo.operators.sampling.rnd import FloatRandomSampling
from pymoo.termination.max_eval import MaximumFunctionCallTermination
from pymoo.util.display.multi import MultiObjectiveOutput
from scipy.spatial.distance import cdist

from evogan.algorithms.directions import reference_directions
from evogan.algorithms.info import AlgorithmInfo
from evogan.evaluation import finite_evaluator
from evogan.options import Integer, Option, Options, Real


def tchebycheff(F: np.ndarray, W: np.ndarray, z: np.ndarray) -> np.ndarray:
    """``max_i w_i |f_i - z_i|`` row by row.

    Args:
        F: ``n x m`` (or ``m``) objective values.
        W: ``n x m`` weight vectors.
        z: ``m`` ideal point.

    Returns:
        ``n`` aggregated values.
    """
    return np.max(np.abs(F - z) * W, axis=-1)


def de_rand_1(
    x: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    F: float,
    CR: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """``x + F (a - b)`` in the variables chosen with probability CR, x elsewhere (``d``)."""
    return np.where(rng.random(x.shape) < CR, x + F * (a - b), x)


#: The options, declared once (checked from Python, specs and campaigns alike).
OPTIONS = Options(
    "moead-de",
    [
        Option("pop_size", Integer(low=2), 100, "population size N (about N weight vectors)"),
        Option("n_neighbors", Integer(low=2), 20, "T, the neighbourhood size"),
        Option("delta", Real(0.0, 1.0), 0.9, "probability of mating within the neighbourhood"),
        Option("nr", Integer(low=1), 2, "most solutions one offspring replaces"),
        Option("F", Real(low=0, low_open=True), 0.5, "DE scale factor"),
        Option("CR", Real(0.0, 1.0), 1.0, "DE crossover rate"),
        Option("eta_m", Real(low=0), 20.0, "polynomial mutation distribution index"),
    ],
)


class MOEADDE(GeneticAlgorithm):
    """MOEA/D-DE as a pymoo algorithm.

    ``minimize(problem, MOEADDE(), ("n_evals", 10000), seed=1)``. The weight vectors are
    ``reference_directions`` for ``pop_size`` (Das-Dennis
    for 2 and 3 objectives: 100 and 91 vectors for N = 100), and the population size is
    their number. Subproblems are visited in index order; one pymoo iteration is one pass
    over all of them (or what an evaluation budget leaves of it), and each offspring is
    evaluated on its own. DE values outside the bounds are set to the nearest bound
    before mutation (settings as in PlatEMO; the paper resets them to random values
    inside the bounds). Constraints: an offspring replaces a solution with a larger
    constraint violation, or an equal one and a Tchebycheff value not smaller than its
    own; the ideal point is taken over all evaluated solutions.

    Args:
        pop_size: about N, the number of subproblems.
        n_neighbors: T, the neighbourhood size (20 in the paper; capped at N).
        delta: probability of drawing mates and candidates for replacement from the
            neighbourhood rather than from the whole population.
        nr: the most solutions one offspring may replace.
        F: DE scale factor.
        CR: DE crossover rate.
        eta_m: distribution index of the polynomial mutation (probability 1/d per variable).
        sampling: pymoo initial sampling (uniform random by default).
        output: pymoo display output.
        **kwargs: pymoo keywords (``repair``, ``callback``, ``save_history``...; not
            ``eliminate_duplicates``: a steady-state step has one offspring to keep).

    Raises:
        OptionError: an argument out of its range.
    """

    def __init__(
        self,
        pop_size: int = 100,
        n_neighbors: int = 20,
        delta: float = 0.9,
        nr: int = 2,
        F: float = 0.5,
        CR: float = 1.0,
        eta_m: float = 20.0,
        sampling=None,
        output=None,
        **kwargs,
    ) -> None:
        OPTIONS.check(
            {
                "pop_size": pop_size,
                "n_neighbors": n_neighbors,
                "delta": delta,
                "nr": nr,
                "F": F,
                "CR": CR,
                "eta_m": eta_m,
            }
        )
        kwargs["evaluator"] = finite_evaluator(kwargs.get("evaluator"))
        super().__init__(
            pop_size=pop_size,
            sampling=sampling or FloatRandomSampling(),
            eliminate_duplicates=False,
            output=output or MultiObjectiveOutput(),
            **kwargs,
        )
        self.n_neighbors = n_neighbors
        self.delta = delta
        self.nr = nr
        self.F = F
        self.CR = CR
        self.eta_m = eta_m
        # Set up for the problem (_setup, _initialize_advance):
        self.pop_size: int
        self.weights: np.ndarray  # N x m
        self.neighbors: np.ndarray  # N x T subproblem indices, nearest first
        self.ideal: np.ndarray  # m, the best value seen of each objective
        self.pool: np.ndarray  # mates and replacement candidates of the visit
        # The population's X (N x d), F (N x m) and CV (N) beside self.pop: reading a
        # Population costs a Python loop per call.
        self.pop_X: np.ndarray
        self.pop_F: np.ndarray
        self.pop_CV: np.ndarray
        self.subproblem = 0  # the next subproblem to visit

    def _setup(self, problem, **kwargs) -> None:
        self.weights = reference_directions(problem.n_obj, self.pop_size)
        self.pop_size = len(self.weights)
        T = min(self.n_neighbors, self.pop_size)
        self.neighbors = np.argsort(cdist(self.weights, self.weights), axis=1, kind="stable")[:, :T]
        self.mutation = PM(prob=1.0, eta=self.eta_m, prob_var=1.0 / problem.n_var)
        self.xl, self.xu = (np.asarray(b, dtype=float) for b in problem.bounds())

    def _initialize_advance(self, infills=None, **kwargs) -> None:
        self.pop_X = self.pop.get("X").astype(float)
        self.pop_F = self.pop.get("F").astype(float)
        self.pop_CV = self.pop.get("CV")[:, 0].astype(float)
        self.ideal = self.pop_F.min(axis=0)
        self.subproblem = 0

    def _infill(self):
        rng, i = self.random_state, self.subproblem
        if rng.random() < self.delta:
            self.pool = rng.permutation(self.neighbors[i])
        else:
            self.pool = rng.permutation(self.pop_size)
        X = self.pop_X
        y = de_rand_1(X[i], X[self.pool[0]], X[self.pool[1]], self.F, self.CR, rng)
        y = np.clip(y, self.xl, self.xu)[None, :]
        off = Population.new(X=self.mutation._do(self.problem, y, random_state=rng))
        return self.repair(self.problem, off, random_state=rng)

    def _advance(self, infills=None, **kwargs) -> bool:
        """Update the ideal point and replace.

        Returns:
            True (one pymoo iteration ends) after the last subproblem of a pass, or when an
            evaluation budget is spent: pymoo checks termination only when an iteration
            ends, and a pass may not fit the budget.
        """
        off = infills[0]
        self.ideal = np.minimum(self.ideal, off.F)
        pool, cv = self.pool, self.pop_CV[self.pool]
        W = self.weights[pool]
        g_old = tchebycheff(self.pop_F[pool], W, self.ideal)
        g_new = tchebycheff(off.F, W, self.ideal)
        better = (off.CV[0] < cv) | ((off.CV[0] == cv) & (g_new <= g_old))
        replaced = pool[np.flatnonzero(better)[: self.nr]]
        self.pop[replaced] = off
        self.pop_X[replaced], self.pop_F[replaced], self.pop_CV[replaced] = off.X, off.F, off.CV[0]
        self.subproblem = (self.subproblem + 1) % self.pop_size
        return self.subproblem == 0 or self._budget_spent()

    def _budget_spent(self) -> bool:
        """Whether any evaluation limit among the termination criteria is reached."""
        criteria = [self.termination]
        while criteria:
            criterion = criteria.pop()
            if isinstance(criterion, MaximumFunctionCallTermination):
                limit = criterion.n_max_evals
                if limit is not None and self.evaluator.n_eval >= limit:
                    return True
            criteria.extend(getattr(criterion, "criteria", ()))
        return False


def _build(problem: Problem, **options: Any) -> MOEADDE:
    return MOEADDE(**options)


INFO = AlgorithmInfo(
    "moead-de",
    "MOEA/D-DE: DE/rand/1 in Tchebycheff neighbourhoods (Li, Zhang 2009)",
    OPTIONS,
    _build,
)
