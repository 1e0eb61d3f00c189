"""Reference directions for the algorithms that decompose the objective space."""

from __future__ import annotations

from functools import lru_cache
from math import comb

import numpy as np
from pymoo.util.ref_dirs import get_reference_directions

#: A structured design must fill this share of the population, else Riesz energy is used.
FILL = 0.95


def reference_directions(n_obj: int, n_points: int) -> np.ndarray:
    """About ``n_points`` (at most) uniformly spread unit-simplex directions.

    Das-Dennis with the largest number of partitions that gives at most ``n_points``
    directions for 2 and 3 objectives (100 and 91 for N = 100). For more objectives, the
    structured design of NSGA-III's paper (Deb and Jain 2014) where one fills the
    population: one Das-Dennis layer, or two (the boundary and an inner layer shrunk
    halfway to the centre) when one layer would have no inner points: 210 directions for
    5 objectives and N = 212, 156 for 8 objectives and N = 156. Otherwise Riesz energy
    (seeded, and cached because it takes seconds).
    """
    return _reference_directions(int(n_obj), int(n_points)).copy()


def _single(n_obj: int, n_points: int) -> int:
    """The most partitions of one layer with at most ``n_points`` directions (0: none)."""
    h = 0
    while comb(h + 1 + n_obj - 1, n_obj - 1) <= n_points:
        h += 1
    return h


def _two_layers(n_obj: int, n_points: int) -> tuple[int, int, int]:
    """``(outer, inner, count)`` partitions of the fullest two-layer design within
    ``n_points`` (inner < outer < n_obj, as NSGA-III's designs)."""
    best = (0, 0, 0)
    for outer in range(1, n_obj):
        for inner in range(1, outer):
            count = comb(outer + n_obj - 1, n_obj - 1) + comb(inner + n_obj - 1, n_obj - 1)
            if count <= n_points and count > best[2]:
                best = (outer, inner, count)
    return best


@lru_cache(maxsize=16)
def _reference_directions(n_obj: int, n_points: int) -> np.ndarray:
    h = _single(n_obj, n_points)
    if n_obj <= 3:
        return get_reference_directions("das-dennis", n_obj, n_partitions=max(h, 1))
    one = comb(h + n_obj - 1, n_obj - 1) if h >= n_obj else 0  # a layer with inner points
    outer, inner, two = _two_layers(n_obj, n_points)
    if max(one, two) >= FILL * n_points:
        if one >= two:
            return get_reference_directions("das-dennis", n_obj, n_partitions=h)
        return get_reference_directions(
            "multi-layer",
            get_reference_directions("das-dennis", n_obj, n_partitions=outer, scaling=1.0),
            get_reference_directions("das-dennis", n_obj, n_partitions=inner, scaling=0.5),
        )
    return get_reference_directions("energy", n_obj, n_points, seed=1)
