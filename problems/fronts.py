"""Shared tools for computing reference Pareto fronts locally (nothing is downloaded).

The pieces here are problem-agnostic: lattices on the simplex and the sphere, a
non-dominated filter, a spread-preserving subset selection (greedy farthest point), and
the 1-D "record" intervals from which the disconnected fronts of ZDT3 and DTLZ7 are built.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from math import comb

import numpy as np
from pymoo.util.nds.non_dominated_sorting import NonDominatedSorting
from scipy.optimize import brentq, minimize_scalar

from problems.errors import ProblemDefinitionError

Intervals = tuple[tuple[float, float], ...]


def check_n_points(n_points: int) -> int:
    """Return ``n_points`` as an int if it is a positive integer, else raise.

    Raises:
        ProblemDefinitionError: if ``n_points`` is not an integer >= 1.
    """
    if isinstance(n_points, bool) or not isinstance(n_points, (int, np.integer)) or n_points < 1:
        raise ProblemDefinitionError(f"n_points must be an integer >= 1, got {n_points!r}")
    return int(n_points)


def non_dominated_mask(F: np.ndarray) -> np.ndarray:
    """Mask of the rows of ``F`` that no other row dominates (minimisation).

    Of several identical rows only one is kept. After a lexicographic sort, a row is
    dominated iff an earlier row is no worse in every objective.

    Args:
        F: ``n x m`` objective values.

    Returns:
        Boolean mask of length ``n``.
    """
    F = np.asarray(F, dtype=float)
    order = np.lexsort(F.T[::-1])
    mask = np.zeros(len(F), dtype=bool)
    if F.shape[1] == 2:
        f2 = F[order, 1]
        prev_best = np.concatenate([[np.inf], np.minimum.accumulate(f2)[:-1]])
        mask[order] = f2 < prev_best
        return mask
    kept: list[int] = []
    for i in order:
        if not kept or not np.any(np.all(F[kept] <= F[i], axis=1)):
            kept.append(int(i))
    mask[kept] = True
    return mask


def non_dominated_indices(F: np.ndarray) -> np.ndarray:
    """Sorted indices of the non-dominated rows of ``F``: pymoo's compiled sorting, which
    is fast for many points in three or more objectives. Identical rows are all kept."""
    sorting = NonDominatedSorting(method="efficient_non_dominated_sort")
    return np.sort(sorting.do(np.asarray(F, dtype=float), only_non_dominated_front=True))


def farthest_point_subset(F: np.ndarray, n_points: int) -> np.ndarray:
    """Indices of ``n_points`` rows of ``F`` chosen by greedy farthest-point selection.

    The selection starts from the row with the smallest value of each objective (the
    extremes of a front), then repeatedly adds the row farthest from those chosen, which
    keeps the spread of the set. Distances are measured after scaling each objective
    to [0, 1].

    Args:
        F: ``n x m`` points.
        n_points: how many to choose; all rows are returned if ``n_points >= n``.

    Returns:
        Indices into ``F`` (length ``min(n_points, n)``), in selection order.
    """
    F = np.asarray(F, dtype=float)
    n = len(F)
    if n_points >= n:
        return np.arange(n)
    span = F.max(axis=0) - F.min(axis=0)
    # One contiguous row per objective keeps the distance updates cache friendly.
    Z = np.ascontiguousarray(((F - F.min(axis=0)) / np.where(span > 0, span, 1.0)).T)
    chosen = list(dict.fromkeys(int(i) for i in np.argmin(Z, axis=1)))[:n_points]
    dist = np.full(n, np.inf)
    acc, buf = np.empty(n), np.empty(n)
    for k in range(n_points):
        if k == len(chosen):
            chosen.append(int(np.argmax(dist)))
        acc.fill(0.0)
        for z in Z:
            np.subtract(z, z[chosen[k]], out=buf)
            np.multiply(buf, buf, out=buf)
            acc += buf
        np.minimum(dist, acc, out=dist)
    return np.asarray(chosen)


def simplex_points(n_points: int, n_obj: int) -> np.ndarray:
    """Exactly ``n_points`` well-spread points on the unit simplex (rows sum to 1).

    Uses the smallest Das-Dennis lattice with at least ``n_points`` points and, when it
    has more, keeps a farthest-point subset of them. With 4 or more objectives, a lattice
    of fewer than twice as many divisions as objectives has few or no points inside the
    simplex (8 objectives and 1,000 points give 6 divisions: every point has a zero
    coordinate), so the points come from two layers instead, as NSGA-III's reference
    points do (Deb and Jain 2014): half from the lattice on the whole simplex and half
    from one shrunk halfway towards the centre.

    Args:
        n_points: number of points (>= 1).
        n_obj: dimension (>= 2).

    Returns:
        ``n_points x n_obj`` array.
    """
    n_points = check_n_points(n_points)
    if n_points == 1:
        return np.full((1, n_obj), 1.0 / n_obj)
    W = lattice_points(n_points, n_obj)
    divisions = round(1.0 / W[W > 0].min())
    if n_obj < 4 or divisions >= 2 * n_obj or n_points < 2 * n_obj:
        return W[np.sort(farthest_point_subset(W, n_points))]
    n_inner = n_points // 2
    outer = lattice_points(n_points - n_inner, n_obj)
    outer = outer[np.sort(farthest_point_subset(outer, n_points - n_inner))]
    inner = 0.5 * lattice_points(n_inner + 1, n_obj) + 0.5 / n_obj
    taken = {tuple(row) for row in outer.round(12)}
    inner = inner[[tuple(row) not in taken for row in inner.round(12)]]  # the centre, say
    return np.vstack([outer, inner[np.sort(farthest_point_subset(inner, n_inner))]])


def _das_dennis(n_partitions: int, n_obj: int) -> np.ndarray:
    """All points of the simplex lattice with ``n_partitions`` divisions per axis."""
    rows: list[list[int]] = []

    def fill(prefix: list[int], left: int) -> None:
        if len(prefix) == n_obj - 1:
            rows.append(prefix + [left])
            return
        for v in range(left + 1):
            fill(prefix + [v], left - v)

    fill([], n_partitions)
    return np.asarray(rows, dtype=float) / n_partitions


def lattice_points(min_points: int, n_obj: int) -> np.ndarray:
    """Every point of the smallest simplex lattice with at least ``min_points`` points."""
    n_partitions = 1
    while comb(n_partitions + n_obj - 1, n_obj - 1) < min_points:
        n_partitions += 1
    return _das_dennis(n_partitions, n_obj)


def sphere_points(n_points: int, n_obj: int) -> np.ndarray:
    """Exactly ``n_points`` points on the positive orthant of the unit sphere.

    Simplex lattice points pushed radially onto the sphere (the usual DTLZ2 reference).
    """
    W = simplex_points(n_points, n_obj)
    return W / np.linalg.norm(W, axis=1, keepdims=True)


def record_intervals(func: Callable[[np.ndarray], np.ndarray], n_grid: int = 200_001) -> Intervals:
    """Sub-intervals of [0, 1] where ``func`` is below its minimum over everything left of t.

    For a bi-objective front ``(t, func(t))`` these are exactly the non-dominated values
    of t: a point is dominated iff a smaller t reached a smaller or equal value. Found on
    a grid, then each end is refined (right ends are local minima, left ends the first
    return below the previous record).

    Args:
        func: vectorised function on [0, 1].
        n_grid: grid size for the first pass.

    Returns:
        Sorted, disjoint ``(start, end)`` pairs.
    """
    t = np.linspace(0.0, 1.0, n_grid)
    v = func(t)
    prev_record = np.concatenate([[np.inf], np.minimum.accumulate(v)[:-1]])
    on = v < prev_record
    edges = np.flatnonzero(np.diff(on.astype(np.int8)))
    starts = [0] if on[0] else []
    starts += [int(e) + 1 for e in edges if not on[e]]
    ends = [int(e) for e in edges if on[e]] + ([n_grid - 1] if on[-1] else [])
    h = t[1] - t[0]
    out: list[tuple[float, float]] = []
    record = np.inf
    for s, e in zip(starts, ends, strict=True):
        lo = 0.0 if s == 0 else _first_below(func, record, t[s - 1], t[s])
        hi = _local_min(func, t[max(e - 1, 0)], min(t[e] + h, 1.0)) if e < n_grid - 1 else 1.0
        record = float(func(np.asarray([hi]))[0])
        out.append((lo, hi))
    return tuple(out)


def _first_below(
    func: Callable[[np.ndarray], np.ndarray], level: float, a: float, b: float
) -> float:
    """Root of ``func(t) = level`` bracketed by [a, b]."""

    def gap(x: float) -> float:
        return float(func(np.asarray([x]))[0]) - level

    if gap(a) * gap(b) > 0:
        return b
    return float(brentq(gap, a, b, xtol=1e-14))


def _local_min(func: Callable[[np.ndarray], np.ndarray], a: float, b: float) -> float:
    """Minimiser of ``func`` on [a, b]."""
    res = minimize_scalar(
        lambda x: float(func(np.asarray([x]))[0]),
        bounds=(a, b),
        method="bounded",
        options={"xatol": 1e-13},
    )
    return float(res.x)


def sample_intervals(intervals: Intervals, u: np.ndarray) -> np.ndarray:
    """Map values ``u`` in [0, 1] onto the union of ``intervals`` by length (monotone).

    ``u`` uniform in [0, 1] gives points uniform on the union; an evenly spaced ``u``
    gives evenly spaced points.
    """
    lengths = np.asarray([b - a for a, b in intervals])
    cum = np.concatenate([[0.0], np.cumsum(lengths)])
    s = np.clip(np.asarray(u, dtype=float), 0.0, 1.0) * cum[-1]
    k = np.clip(np.searchsorted(cum, s, side="right") - 1, 0, len(intervals) - 1)
    starts = np.asarray([a for a, _ in intervals])
    return np.minimum(starts[k] + (s - cum[k]), starts[k] + lengths[k])


def curve_points(
    curve: Callable[[np.ndarray], np.ndarray], intervals: Intervals, n_points: int
) -> np.ndarray:
    """``n_points`` points of a 2-D curve ``t -> (f1, f2)`` equally spaced by arc length.

    Args:
        curve: maps ``t`` (shape ``n``) to points (``n x 2``).
        intervals: the pieces of the parameter range that belong to the front; the gaps
            between them do not count towards the length.
        n_points: number of points.

    Returns:
        ``n_points x 2`` array, ordered by ``t``.
    """
    n_points = check_n_points(n_points)
    pieces = [np.linspace(a, b, 20_001) for a, b in intervals]
    if n_points == 1:
        return curve(pieces[0][:1])
    # Arc length along each piece; the gaps between pieces do not count.
    arcs = [
        np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(curve(t), axis=0), axis=1))])
        for t in pieces
    ]
    starts = np.concatenate([[0.0], np.cumsum([s[-1] for s in arcs])])
    targets = np.linspace(0.0, starts[-1], n_points)
    # Each target is placed inside one piece, never in a gap.
    piece = np.clip(np.searchsorted(starts, targets) - 1, 0, len(pieces) - 1)
    t = np.empty(n_points)
    for j, (t_j, s_j) in enumerate(zip(pieces, arcs, strict=True)):
        here = piece == j
        t[here] = np.interp(targets[here] - starts[j], s_j, t_j)
    return curve(t)


@cache
def zdt6_f1_min() -> float:
    """Smallest value of ``1 - exp(-4x) sin^6(6 pi x)`` on [0, 1] (about 0.2807753191).

    This is the left end of the ZDT6, IMF3 and IMF7 fronts.
    """
    x = _local_min(lambda x: 1 - np.exp(-4 * x) * np.sin(6 * np.pi * x) ** 6, 0.0, 1 / 6)
    return float(1 - np.exp(-4 * x) * np.sin(6 * np.pi * x) ** 6)
