"""WFG1-9 (Huband, Hingston, Barone, While 2006) for 2 and 3 objectives, local fronts.

Objectives come from pymoo's definitions (``k`` position and ``l = n_var - k`` distance
variables, ``z_i`` in ``[0, 2 i]``, objective ``m`` scaled by ``S_m = 2 m``). pymoo's own
fronts are approximations made by random sampling of the Pareto set (200 rounds of
matching points to reference directions, with duplicates and, for WFG1 and WFG2, without
removing dominated points). Here every front is computed from its shape functions with
the distance parameter at 0:

- WFG1: convex objectives ``1 .. M-1`` and the mixed last one
  ``1 - x_1 - cos(10 pi x_1 + pi / 2) / (10 pi)``, which never increases in ``x_1``,
  so the whole image is the front;
- WFG2: convex and the disconnected last one ``1 - x_1 cos^2(5 pi x_1)``; only the
  values of ``x_1`` where it is lower than for every smaller ``x_1`` are on the front (the
  other objectives grow with ``x_1`` for any fixed ``x_2``), found to about 1e-12;
- WFG3: linear; for 3 objectives the segment ``(x, 2 x, 6 - 6 x)`` usually quoted is
  only part of the front (see ``WFG3``), which is computed by dense sampling and
  non-dominated filtering;
- WFG4-9: concave, the ellipsoid ``sum (f_m / 2m)^2 = 1``.

Pareto-optimal solutions have distance variables ``z_i = 2 i * 0.35`` (WFG8 and WFG9:
values that depend on the other variables, from pymoo's ``_positional_to_optimal``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
from pymoo.problems.many import wfg as pymoo_wfg

from problems.base import DEFAULT_FRONT_POINTS, Benchmark, check_int
from problems.errors import ProblemDefinitionError
from problems.fronts import (
    Intervals,
    curve_points,
    farthest_point_subset,
    non_dominated_indices,
    record_intervals,
    sample_intervals,
    sphere_points,
)

# Distance values this small after WFG1's shift are rounding errors of the optimum.
DISTANCE_ROUNDING = 1e-12


def mixed(x: np.ndarray) -> np.ndarray:
    """WFG1's last shape function (``A = 5``, ``alpha = 1``)."""
    return 1 - x - np.cos(10 * np.pi * x + np.pi / 2) / (10 * np.pi)


def disconnected(x: np.ndarray) -> np.ndarray:
    """WFG2's last shape function (``A = 5``, ``alpha = beta = 1``)."""
    return 1 - x * np.cos(5 * np.pi * x) ** 2


@cache
def last_shape_intervals(shape: Callable[[np.ndarray], np.ndarray]) -> Intervals:
    """Values of ``x_1`` where ``shape`` beats every smaller ``x_1`` (the front's part)."""
    return record_intervals(shape)


def convex_front(x: np.ndarray, last: Callable[[np.ndarray], np.ndarray], n_obj: int) -> np.ndarray:
    """Objectives ``S h`` of WFG1/WFG2 at position parameters ``x`` (``n x (M-1)``)."""
    c1 = 1 - np.cos(np.pi / 2 * x[:, 0])
    if n_obj == 2:
        h = [c1]
    else:
        h = [c1 * (1 - np.cos(np.pi / 2 * x[:, 1])), c1 * (1 - np.sin(np.pi / 2 * x[:, 1]))]
    return np.column_stack(h + [last(x[:, 0])]) * np.arange(2, 2 * n_obj + 1, 2)


class _WFG(Benchmark):
    """Shared parts: sizes, the front computed from the shape, the Pareto-set sampler."""

    default_n_var = 24
    default_k = 4
    l_even = False
    param_ranges = {
        "n_obj": "2 or 3",
        "n_var": "integer > k (l = n_var - k distance variables)",
        "k": "integer >= 4, a multiple of n_obj - 1 (position variables)",
    }

    def __init__(self, n_obj: int = 2, n_var: int | None = None, k: int | None = None) -> None:
        name = self.name()
        n_obj = check_int(name, "n_obj", n_obj, 2)
        if n_obj > 3:
            raise ProblemDefinitionError(f"{name}: n_obj must be 2 or 3, got {n_obj}")
        k = check_int(name, "k", self.default_k if k is None else k, 4)
        if k % (n_obj - 1):
            raise ProblemDefinitionError(
                f"{name}: k must be a multiple of n_obj - 1 = {n_obj - 1}, got {k}"
            )
        n_var = check_int(name, "n_var", self.default_n_var if n_var is None else n_var, k + 1)
        if self.l_even and (n_var - k) % 2:
            raise ProblemDefinitionError(
                f"{name}: n_var - k (the distance variables) must be even, got {n_var - k}"
            )
        # Benchmark has no __init__: this is pymoo's WFG (or WFG3) constructor.
        super().__init__(n_var=n_var, n_obj=n_obj, k=k)

    def _random_position(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        """Position variables (``n x k``, scaled to [0, 1]) of Pareto-optimal solutions."""
        return rng.random((n_points, self.k))

    def _sample_pareto_set(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        # pymoo's: distance variables at 0.35 * 2 i (WFG8, WFG9: their own optimum).
        return self._positional_to_optimal(self._random_position(n_points, rng))


class _ConvexWFG(_WFG):
    """WFG1 and WFG2: convex objectives 1 .. M-1 and a special last one."""

    last: Callable[[np.ndarray], np.ndarray]

    def _calc_pareto_front(self, n_pareto_points: int = DEFAULT_FRONT_POINTS) -> np.ndarray:
        last, intervals = type(self).last, last_shape_intervals(type(self).last)
        if self.n_obj == 2:
            return curve_points(
                lambda x: convex_front(x[:, None], last, 2), intervals, n_pareto_points
            )
        side = int(np.ceil(np.sqrt(max(20 * n_pareto_points, 2000))))
        u, v = np.meshgrid(np.linspace(0, 1, side), np.linspace(0, 1, side), indexing="ij")
        x = np.column_stack([sample_intervals(intervals, u.ravel()), v.ravel()])
        # x_1 = 0 maps every x_2 to the same point.
        F = np.unique(convex_front(x, last, 3).round(12), axis=0)
        return F[np.sort(farthest_point_subset(F, n_pareto_points))]


class WFG1(_ConvexWFG, pymoo_wfg.WFG1):
    """WFG1: convex and mixed front, flat and polynomial biases; k = 4, l = 20.

    The distance variables pass a polynomial bias ``y^0.02``, which turns a rounding
    error of 1e-16 into 0.48. For some ``i`` (3, 6, 12, 24, 48, ...) no double ``z_i``
    gives ``z_i / (2 i) = 0.35`` exactly, so with pymoo's evaluation the Pareto set is out
    of reach: with 24 variables every objective stays at least 0.069 above the front.
    Here distance values below ``DISTANCE_ROUNDING`` after the shift and flat bias count
    as 0 before the polynomial bias; nothing else changes.
    """

    last = staticmethod(mixed)

    def _evaluate(self, x: np.ndarray, out: dict, *args: object, **kwargs: object) -> None:
        n, k = self.n_var, self.k
        y = pymoo_wfg.WFG1.t2(pymoo_wfg.WFG1.t1(x / self.xu, n, k), n, k)
        tail = y[:, k:]
        tail[tail < DISTANCE_ROUNDING] = 0.0
        y = pymoo_wfg.WFG1.t4(pymoo_wfg.WFG1.t3(y, n), self.n_obj, n, k)
        y = self._post(y, self.A)
        h = [pymoo_wfg._shape_convex(y[:, :-1], m + 1) for m in range(self.n_obj - 1)]
        h.append(mixed(y[:, 0]))
        out["F"] = self._calculate(y, self.S, h)

    def _random_position(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        # The polynomial bias y^0.02 would crowd the position parameters at 1.
        return rng.random((n_points, self.k)) ** 50


class WFG2(_ConvexWFG, pymoo_wfg.WFG2):
    """WFG2: convex and disconnected front, non-separable; k = 4, l = 20 (l even)."""

    last = staticmethod(disconnected)
    l_even = True

    def _random_position(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        # The first position parameter is the mean of the first group of position
        # variables, which are not transformed: set them all to a front value of x_1.
        K = rng.random((n_points, self.k))
        gap = self.k // (self.n_obj - 1)
        x1 = sample_intervals(last_shape_intervals(disconnected), rng.random(n_points))
        K[:, :gap] = x1[:, None]
        return K


def wfg3_objectives(x1: np.ndarray, d: np.ndarray, s: np.ndarray) -> np.ndarray:
    """WFG3's three objectives from ``x_1``, the distance parameter ``d = t_M`` and ``s``.

    With ``A = (1, 0)`` the second position parameter is ``x_2 = 0.5 + s d / 2``,
    ``s`` in [-1, 1]: it is fixed at 0.5 only where ``d = 0``.
    """
    x2 = 0.5 + s * d / 2
    return np.column_stack([d + 2 * x1 * x2, d + 4 * x1 * (1 - x2), d + 6 * (1 - x1)])


def wfg3_front_candidates(n_points: int) -> np.ndarray:
    """Objective vectors that contain WFG3's three-objective front, densely enough for it.

    The segment ``d = 0``, and a grid over the part of ``(x_1, d, s)`` where solutions with
    ``d > 0`` are non-dominated (``x_1 > 0.5``, ``s > 0.5`` on grids of up to 1.6 million
    points; sampled here from ``x_1 >= 0.4`` and ``s >= 0.3`` to leave a margin).
    """
    side = max(40, int(np.ceil(np.sqrt(4 * n_points))))
    x1, d, s = np.meshgrid(
        np.linspace(0.4, 1.0, side),
        np.linspace(0.0, 1.0, side + 1)[1:],
        np.linspace(0.3, 1.0, max(8, side // 4)),
        indexing="ij",
    )
    segment = np.linspace(0.0, 1.0, 4 * side)
    zeros = np.zeros_like(segment)
    return np.vstack(
        [
            wfg3_objectives(segment, zeros, zeros),
            wfg3_objectives(x1.ravel(), d.ravel(), s.ravel()),
        ]
    )


class WFG3(_WFG, pymoo_wfg.WFG3):
    """WFG3: linear front; for 3 objectives not the degenerate segment usually quoted.

    On the Pareto set with ``d = t_M = 0`` the objectives are the segment
    ``(x, 2 x, 6 - 6 x)`` (2 objectives: the line ``f1 / 2 + f2 / 4 = 1``). For 3
    objectives some solutions with ``d > 0`` are not dominated by any point of it (their
    ``x_2 = 0.5 + s d / 2`` moves off 0.5; Ishibuchi, Masuda, Nojima, IEEE TEVC 20(5),
    2016), so the front is computed from a dense sample of ``(x_1, d, s)`` with
    non-dominated filtering; it contains the segment. The Pareto-set sampler draws from
    the segment's part of the Pareto set. k = 4, l = 20 (l even).
    """

    l_even = True

    def _calc_pareto_front(self, n_pareto_points: int = DEFAULT_FRONT_POINTS) -> np.ndarray:
        if self.n_obj == 2:
            x = np.linspace(0.0, 1.0, n_pareto_points)
            return np.column_stack([2 * x, 4 * (1 - x)])
        density = n_pareto_points
        while True:
            F = np.unique(wfg3_front_candidates(density).round(12), axis=0)
            F = F[non_dominated_indices(F)]
            if len(F) >= n_pareto_points:
                return F[np.sort(farthest_point_subset(F, n_pareto_points))]
            density *= 2


class _ConcaveWFG(_WFG):
    """WFG4-9: the ellipsoid ``sum (f_m / (2 m))^2 = 1``."""

    def _calc_pareto_front(self, n_pareto_points: int = DEFAULT_FRONT_POINTS) -> np.ndarray:
        return sphere_points(n_pareto_points, self.n_obj) * np.arange(2, 2 * self.n_obj + 1, 2)


class WFG4(_ConcaveWFG, pymoo_wfg.WFG4):
    """WFG4: concave front, multimodal; k = 4, l = 20."""


class WFG5(_ConcaveWFG, pymoo_wfg.WFG5):
    """WFG5: concave front, deceptive; k = 4, l = 20."""


class WFG6(_ConcaveWFG, pymoo_wfg.WFG6):
    """WFG6: concave front, non-separable; k = 4, l = 20."""


class WFG7(_ConcaveWFG, pymoo_wfg.WFG7):
    """WFG7: concave front, parameter-dependent position bias; k = 4, l = 20."""


class WFG8(_ConcaveWFG, pymoo_wfg.WFG8):
    """WFG8: concave front, parameter-dependent distance bias; k = 4, l = 20."""


class WFG9(_ConcaveWFG, pymoo_wfg.WFG9):
    """WFG9: concave front, deceptive, multimodal and non-separable; k = 4, l = 20."""
