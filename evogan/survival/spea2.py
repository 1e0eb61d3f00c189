"""SPEA2 fitness, truncation and environmental selection, vectorised in numpy.

Zitzler, Laumanns, Thiele, "SPEA2: Improving the Strength Pareto Evolutionary Algorithm",
2001. GMOEA uses it twice: to pick the k elite solutions the GAN learns from, and as its
environmental selection.

With ``shifted=True`` the density and the truncation use the shift-based density
estimation of Li, Yang, Liu, "Shift-Based Density Estimation for Pareto-Based Algorithms
in Many-Objective Optimization", IEEE TEVC 18(3), 2014 (SPEA2+SDE): objectives are
normalised by the population's range, and the distance from solution i to j is measured
after shifting j to ``max(F_j, F_i)``, so that a solution that is poor in some objective
looks crowded and loses; plain SPEA2's Euclidean density cannot tell such solutions apart
once nearly everything is non-dominated, as with many objectives.
"""

from __future__ import annotations

import heapq

import numpy as np
from pymoo.core.survival import Survival
from scipy.spatial.distance import cdist

from evogan.population import values


def dominance_matrix(F: np.ndarray) -> np.ndarray:
    """``D[i, j]`` is True when solution i Pareto-dominates solution j (minimisation).

    Args:
        F: ``n x m`` objective values.
    """
    n = len(F)
    le = np.ones((n, n), dtype=bool)  # i is no worse than j in every objective
    lt = np.zeros((n, n), dtype=bool)  # i is better than j in some objective
    for f in np.asarray(F).T:  # one n x n comparison per objective, no n x n x m arrays
        le &= f[:, None] <= f[None, :]
        lt |= f[:, None] < f[None, :]
    return le & lt


def distances(F: np.ndarray, shifted: bool = False) -> np.ndarray:
    """``n x n`` distances in objective space, ``inf`` on the diagonal.

    Plain: Euclidean. Shifted (SDE): row i holds the distances from i to every j shifted
    to ``max(F_j, F_i)``, after normalising each objective by the population's range.
    """
    if not shifted:
        dist = cdist(F, F)
    else:
        span = F.max(axis=0) - F.min(axis=0)
        Z = (F - F.min(axis=0)) / np.where(span > 0, span, 1.0)
        dist = np.sqrt(_shifted_squares(Z))
    np.fill_diagonal(dist, np.inf)
    return dist


def _shifted_squares(Z: np.ndarray) -> np.ndarray:
    """``S[i, j] = sum_m max(Z[j, m] - Z[i, m], 0)^2``.

    Below 8 objectives it is summed objective by objective, without an ``n x n x m``
    array; numpy reduces fewer than 8 terms in order, so the sums are the same to the
    bit as the array's. From 8 on numpy sums pairwise, and the array is kept so that
    results stay as they were.
    """
    if Z.shape[1] >= 8:
        return np.square(np.maximum(Z[None, :, :] - Z[:, None, :], 0.0)).sum(axis=2)
    squares = np.zeros((len(Z), len(Z)))
    for z in Z.T:
        shift = np.subtract(z[None, :], z[:, None])
        np.maximum(shift, 0.0, out=shift)
        squares += np.square(shift, out=shift)
    return squares


def spea2_fitness(
    F: np.ndarray, shifted: bool = False, dist: np.ndarray | None = None
) -> np.ndarray:
    """SPEA2 fitness R(i) + D(i); below 1 exactly for the non-dominated solutions.

    R(i) is the summed strength of the solutions that dominate i, and
    D(i) = 1 / (sigma_k + 2) with sigma_k the distance to the k-th nearest neighbour,
    k = floor(sqrt(n)), measured in objective space (``shifted``: by SDE, see the module).

    Args:
        F: ``n x m`` objective values.
        shifted: use the shift-based density (SPEA2+SDE).
        dist: ``distances(F, shifted)``, when the caller has it already.

    Returns:
        ``n`` fitness values, smaller is better.
    """
    return _fitness(F, raw_fitness(F), shifted, dist)


def _fitness(
    F: np.ndarray, raw: np.ndarray, shifted: bool, dist: np.ndarray | None = None
) -> np.ndarray:
    """``spea2_fitness`` from the raw fitness the caller has already."""
    if len(F) < 2:
        return raw.astype(float)
    return raw + _density(distances(F, shifted) if dist is None else dist)


def raw_fitness(F: np.ndarray) -> np.ndarray:
    """SPEA2's raw fitness R(i), the summed strength of the solutions that dominate i: an
    integer, 0 exactly for the non-dominated solutions."""
    dom = dominance_matrix(F)
    strength = dom.sum(axis=1)
    return strength @ dom  # R(i) = sum of S(j) over j dominating i


def _density(dist: np.ndarray) -> np.ndarray:
    """D(i) = 1 / (sigma_k + 2), in (0, 0.5], from the ``n x n`` distances (n >= 2)."""
    k = max(int(np.floor(np.sqrt(len(dist)))), 1)
    sigma_k = np.partition(dist, k - 1, axis=1)[:, k - 1]
    return 1.0 / (sigma_k + 2.0)


def truncate(
    F: np.ndarray, n_remove: int, shifted: bool = False, dist: np.ndarray | None = None
) -> np.ndarray:
    """Indices (into F) of the ``n_remove`` solutions SPEA2's truncation deletes.

    One solution at a time is deleted: the one whose sorted list of distances to the
    remaining solutions is lexicographically smallest (closest nearest neighbour, ties
    broken by the second nearest, and so on; equal lists: the lowest index).

    Each row's neighbours are sorted once, and the rows wait in a heap keyed by the
    distance to their nearest remaining neighbour; deleting a solution only moves the
    rows whose nearest remaining neighbour it was on to their next one, and whole lists
    are compared only among the rows tied for the closest nearest neighbour, so a
    deletion costs a heap operation per row it moves instead of ``O(n^2)``. The result
    depends on distance values only, not on how a sort orders equal ones.

    Args:
        F: ``n x m`` objective values.
        n_remove: how many to delete, ``0 <= n_remove < n``.
        shifted: measure distances by SDE (see the module).
        dist: ``distances(F, shifted)``, when the caller has it already (it is not
            changed).
    """
    n = len(F)
    if not 0 <= n_remove < max(n, 1):
        raise ValueError(f"n_remove must lie in [0, {n}), got {n_remove}")
    if dist is None:
        dist = distances(F, shifted)
    order = np.argsort(dist, axis=1)
    sorted_dist = np.take_along_axis(dist, order, axis=1)
    is_alive = [True] * n
    nearest = [0] * n  # each row's position (in its sorted list) of its nearest alive one
    first = sorted_dist[:, 0].tolist()  # each row's distance to that one
    pointed_by: list[list[int]] = [[] for _ in range(n)]  # rows whose nearest it was
    for row, j in enumerate(order[:, 0].tolist()):
        pointed_by[j].append(row)
    heap = [(d, row) for row, d in enumerate(first)]  # stale entries are skipped
    heapq.heapify(heap)
    removed = []
    for _ in range(n_remove):
        tied = _closest(heap, is_alive, first)
        victim = (
            tied[0]
            if len(tied) == 1
            else _lexicographic_first(tied, order, sorted_dist, is_alive, nearest)
        )
        for row in tied:
            if row != victim:
                heapq.heappush(heap, (first[row], row))
        is_alive[victim] = False
        removed.append(victim)
        for row in pointed_by[victim]:
            if not is_alive[row]:
                continue
            position = nearest[row] + 1
            while not is_alive[order.item(row, position)]:
                position += 1
            nearest[row] = position
            first[row] = sorted_dist.item(row, position)
            pointed_by[order.item(row, position)].append(row)
            heapq.heappush(heap, (first[row], row))
    return np.asarray(removed, dtype=int)


def _closest(heap: list[tuple[float, int]], is_alive: list[bool], first: list[float]) -> list[int]:
    """Pop the alive rows tied for the smallest distance to their nearest alive neighbour
    off ``heap`` and return them in ascending order. An entry is stale when its row is
    deleted or its distance has grown since (distances only grow)."""
    while not (is_alive[heap[0][1]] and first[heap[0][1]] == heap[0][0]):
        heapq.heappop(heap)
    d = heap[0][0]
    tied = set()
    while heap and heap[0][0] == d:
        _, row = heapq.heappop(heap)
        if is_alive[row] and first[row] == d:
            tied.add(row)
    return sorted(tied)


def _lexicographic_first(
    rows: list[int],
    order: np.ndarray,
    sorted_dist: np.ndarray,
    is_alive: list[bool],
    nearest: list[int],
    walk: int = 3,
) -> int:
    """The one of ``rows`` (ascending) whose sorted distances to the alive solutions are
    lexicographically smallest (the first of equal ones).

    Their lists are walked side by side for up to ``walk`` entries, which tells most ties
    apart (a handful of rows, so one scalar at a time); rows still tied then (a collapsed
    population: copies of one point, whose lists agree far down) are told apart by one
    stable ``lexsort`` of their whole alive lists."""
    n = order.shape[1]
    candidates = list(rows)
    position = {row: nearest[row] for row in candidates}
    for _ in range(walk):
        heads = [sorted_dist.item(row, position[row]) for row in candidates]
        best = min(heads)
        candidates = [row for row, head in zip(candidates, heads, strict=True) if head == best]
        if len(candidates) == 1 or np.isinf(best):  # inf: each row's own entry, the last
            return candidates[0]
        for row in candidates:
            p = position[row] + 1
            while p < n - 1 and not is_alive[order.item(row, p)]:
                p += 1
            position[row] = p
    alive = np.asarray(is_alive)
    lists = np.stack([sorted_dist[row][alive[order[row]]] for row in candidates])
    return candidates[int(np.lexsort(lists.T[::-1])[0])]


def spea2_select(F: np.ndarray, n: int, shifted: bool = False) -> np.ndarray:
    """Indices of the ``n`` solutions SPEA2's environmental selection keeps.

    The non-dominated solutions (fitness < 1) are kept; if there are too few, the best by
    fitness fill up; if there are too many, truncation thins them out. ``shifted``: SDE
    density and truncation (SPEA2+SDE).

    Fitness below 1 means raw fitness 0 (the density term lies in (0, 0.5]), so the
    density is computed only when the non-dominated are too few; the truncation measures
    the distances among the non-dominated alone (plain SPEA2's are those of the whole
    population, SDE's are normalised by the range of the solutions compared).
    """
    raw = raw_fitness(F)
    chosen = np.flatnonzero(raw == 0)
    if len(chosen) < n:
        return np.argsort(_fitness(F, raw, shifted), kind="stable")[:n]
    if len(chosen) > n:
        chosen = np.delete(chosen, truncate(F[chosen], len(chosen) - n, shifted))
    return chosen


#: From this many objectives on, ``"auto"`` choices use the shift-based density: plain
#: SPEA2 fails there (measured with 5 objectives, even with GA offspring only).
MANY_OBJECTIVES = 4


def use_sde(n_obj: int) -> bool:
    """Whether an ``"auto"`` SPEA2 uses the shift-based density for ``n_obj`` objectives."""
    return n_obj >= MANY_OBJECTIVES


class SPEA2Survival(Survival):
    """pymoo survival: SPEA2 environmental selection, feasible solutions first.

    Args:
        shifted: SPEA2+SDE (shift-based density) instead of plain SPEA2; None decides by
            the number of objectives (``use_sde``).
    """

    def __init__(self, shifted: bool | None = False) -> None:
        super().__init__(filter_infeasible=True)
        self.shifted = shifted

    def _do(self, problem, pop, *args, n_survive=None, random_state=None, **kwargs):
        shifted = use_sde(problem.n_obj) if self.shifted is None else self.shifted
        return pop[spea2_select(values(pop, "F").astype(float), n_survive, shifted)]


class AutoSurvival(SPEA2Survival):
    """pymoo survival: plain SPEA2 up to 3 objectives, SPEA2+SDE from 4 on."""

    def __init__(self) -> None:
        super().__init__(shifted=None)


class SDESurvival(SPEA2Survival):
    """pymoo survival: SPEA2+SDE environmental selection, feasible solutions first."""

    def __init__(self) -> None:
        super().__init__(shifted=True)
