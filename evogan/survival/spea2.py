"""SPEA2 fitness, truncation and environmental selection, vectorised in numpy.

Zitzler, Laumanns, Thiele, "SPEA2: Improving the Strength Pareto Evolutionary Algorithm",
2001. GMOEA uses it twice: to pick the k elite solutions the GAN learns from, and as its
environmental selection.
"""

from __future__ import annotations

import numpy as np
from pymoo.core.survival import Survival
from scipy.spatial.distance import cdist


def dominance_matrix(F: np.ndarray) -> np.ndarray:
    """``D[i, j]`` is True when solution i Pareto-dominates solution j (minimisation).

    Args:
        F: ``n x m`` objective values.
    """
    le = np.all(F[:, None, :] <= F[None, :, :], axis=2)
    lt = np.any(F[:, None, :] < F[None, :, :], axis=2)
    return le & lt


def spea2_fitness(F: np.ndarray) -> np.ndarray:
    """SPEA2 fitness R(i) + D(i); below 1 exactly for the non-dominated solutions.

    R(i) is the summed strength of the solutions that dominate i, and
    D(i) = 1 / (sigma_k + 2) with sigma_k the distance to the k-th nearest neighbour,
    k = floor(sqrt(n)), measured in objective space.

    Args:
        F: ``n x m`` objective values.

    Returns:
        ``n`` fitness values, smaller is better.
    """
    n = len(F)
    dom = dominance_matrix(F)
    strength = dom.sum(axis=1)
    raw = strength @ dom  # R(i) = sum of S(j) over j dominating i
    if n < 2:
        return raw.astype(float)
    dist = cdist(F, F)
    np.fill_diagonal(dist, np.inf)
    k = max(int(np.floor(np.sqrt(n))), 1)
    sigma_k = np.partition(dist, k - 1, axis=1)[:, k - 1]
    return raw + 1.0 / (sigma_k + 2.0)


def truncate(F: np.ndarray, n_remove: int) -> np.ndarray:
    """Indices (into F) of the ``n_remove`` solutions SPEA2's truncation deletes.

    One solution at a time is deleted: the one whose sorted list of distances to the
    remaining solutions is lexicographically smallest (closest nearest neighbour, ties
    broken by the second nearest, and so on).

    Args:
        F: ``n x m`` objective values.
        n_remove: how many to delete, ``0 <= n_remove < n``.
    """
    n = len(F)
    if not 0 <= n_remove < max(n, 1):
        raise ValueError(f"n_remove must lie in [0, {n}), got {n_remove}")
    dist = cdist(F, F)
    np.fill_diagonal(dist, np.inf)
    order = np.argsort(dist, axis=1, kind="stable")
    sorted_dist = np.take_along_axis(dist, order, axis=1)
    alive = np.arange(n)
    removed = []
    for _ in range(n_remove):
        victim = _lexicographic_argmin(sorted_dist)
        removed.append(alive[victim])
        # Drop the victim's row, and its entry from every other row (rows stay sorted).
        keep_rows = np.arange(len(alive)) != victim
        order, sorted_dist = order[keep_rows], sorted_dist[keep_rows]
        keep = order != victim
        order = order[keep].reshape(len(order), -1)
        sorted_dist = sorted_dist[keep].reshape(len(order), -1)
        order = order - (order > victim)
        alive = alive[keep_rows]
    return np.asarray(removed, dtype=int)


def _lexicographic_argmin(rows: np.ndarray) -> int:
    candidates = np.arange(len(rows))
    for col in range(rows.shape[1]):
        values = rows[candidates, col]
        candidates = candidates[values == values.min()]
        if len(candidates) == 1:
            break
    return int(candidates[0])


def spea2_select(F: np.ndarray, n: int) -> np.ndarray:
    """Indices of the ``n`` solutions SPEA2's environmental selection keeps.

    The non-dominated solutions (fitness < 1) are kept; if there are too few, the best by
    fitness fill up; if there are too many, truncation thins them out.
    """
    fitness = spea2_fitness(F)
    chosen = np.flatnonzero(fitness < 1)
    if len(chosen) < n:
        return np.argsort(fitness, kind="stable")[:n]
    if len(chosen) > n:
        chosen = np.delete(chosen, truncate(F[chosen], len(chosen) - n))
    return chosen


class SPEA2Survival(Survival):
    """pymoo survival: SPEA2 environmental selection, feasible solutions first."""

    def __init__(self) -> None:
        super().__init__(filter_infeasible=True)

    def _do(self, problem, pop, *args, n_survive=None, random_state=None, **kwargs):
        return pop[spea2_select(pop.get("F").astype(float), n_survive)]
