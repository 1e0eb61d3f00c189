"""Array-level GA variation (binary tournament, SBX, polynomial mutation) on numpy data.

pymoo's population-level ``Crossover.do`` loops over matings in Python; the GAN operator
needs plain arrays many times per generation, so it calls pymoo's array kernels here.
"""

from __future__ import annotations

import numpy as np
from pymoo.operators.crossover.sbx import SBX
from pymoo.operators.mutation.pm import PM


def binary_tournament(
    fitness: np.ndarray, cv: np.ndarray, n_select: int, random_state: np.random.Generator
) -> np.ndarray:
    """Winners of ``n_select`` binary tournaments: lower CV first, then lower fitness."""
    a, b = random_state.integers(0, len(fitness), size=(2, n_select))
    a_wins = (cv[a] < cv[b]) | ((cv[a] == cv[b]) & (fitness[a] <= fitness[b]))
    return np.where(a_wins, a, b)


class GAVariation:
    """SBX crossover then polynomial mutation, the standard real-coded GA variation.

    Args:
        eta_c: SBX distribution index (20 is the standard setting).
        prob_c: probability a mating is crossed over.
        eta_m: polynomial mutation distribution index.
    """

    def __init__(self, eta_c: float = 20.0, prob_c: float = 1.0, eta_m: float = 20.0) -> None:
        self.sbx = SBX(eta=eta_c, prob=1.0, prob_var=0.5)
        self.prob_c = prob_c
        self.pm = PM(prob=1.0, eta=eta_m)

    def crossover(
        self, problem, X1: np.ndarray, X2: np.ndarray, random_state: np.random.Generator
    ) -> np.ndarray:
        """Two children per pair of parent rows: ``2n x d``."""
        Q = self.sbx._do(problem, np.stack([X1, X2]), random_state=random_state)
        skip = random_state.random(len(X1)) >= self.prob_c
        Q[:, skip] = np.stack([X1[skip], X2[skip]])
        return Q.reshape(-1, X1.shape[1])

    def mutate(self, problem, X: np.ndarray, random_state: np.random.Generator) -> np.ndarray:
        """Polynomial mutation with per-variable probability 1/d; stays inside the bounds."""
        return self.pm._do(problem, X, random_state=random_state)

    def offspring(
        self,
        problem,
        X: np.ndarray,
        fitness: np.ndarray,
        cv: np.ndarray,
        n: int,
        random_state: np.random.Generator,
    ) -> np.ndarray:
        """``n`` offspring from tournament-chosen parents of ``X``."""
        n_pairs = (n + 1) // 2
        parents = binary_tournament(fitness, cv, 2 * n_pairs, random_state)
        children = self.crossover(problem, X[parents[:n_pairs]], X[parents[n_pairs:]], random_state)
        return self.mutate(problem, children[:n], random_state)
