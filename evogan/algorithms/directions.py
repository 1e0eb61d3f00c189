"""Reference directions for the algorithms that decompose the objective space."""

from __future__ import annotations

from functools import lru_cache
from math import comb

import numpy as np
from pymoo.util.ref_dirs import get_reference_directions


def reference_directions(n_obj: int, n_points: int) -> np.ndarray:
    """About ``n_points`` (at most) uniformly spread unit-simplex directions.

    Das-Dennis with the largest number of partitions that gives at most ``n_points``
    directions for 2 and 3 objectives (100 and 91 for N = 100), Riesz energy for more
    (seeded, and cached because it takes seconds).
    """
    return _reference_directions(int(n_obj), int(n_points)).copy()


@lru_cache(maxsize=16)
def _reference_directions(n_obj: int, n_points: int) -> np.ndarray:
    if n_obj <= 3:
        partitions = 1
        while comb(partitions + 1 + n_obj - 1, n_obj - 1) <= n_points:
            partitions += 1
        return get_reference_directions("das-dennis", n_obj, n_partitions=partitions)
    return get_reference_directions("energy", n_obj, n_points, seed=1)
