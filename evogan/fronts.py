"""The reference front a run is measured against."""

from __future__ import annotations

import numpy as np
from pymoo.core.problem import Problem

#: Points asked of a problem's ``pareto_front`` for IGD (a dense reference front).
FRONT_POINTS = 1000


def reference_front(problem: Problem, n_points: int = FRONT_POINTS) -> np.ndarray | None:
    """The problem's Pareto front with about ``n_points`` points, or None if it has none.

    Returns:
        ``m x n_obj`` points, or None for a problem without a known front.
    """
    try:
        front = problem.pareto_front(n_points)
    except TypeError:  # a front that takes no size argument
        front = problem.pareto_front()
    if front is None:
        return None
    return np.atleast_2d(np.asarray(front, dtype=float))
