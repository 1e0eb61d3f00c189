"""WFG1-9 (Huband, Hingston, Barone, While 2006) for any number of objectives, local fronts.

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
  other objectives grow with ``x_1`` for any fixed ``x_2 .. x_(M-1)``), found to about
  1e-12. With 4 or more objectives both fronts are chosen by farthest-point selection
  among the points where rays through a simplex lattice meet them (``convex_rays``)
  and the images of a Sobol' sequence of position parameters;
- WFG3: linear; for 3 objectives the segment ``(x, 2 x, 6 - 6 x)`` usually quoted is
  only part of the front (see ``WFG3``), which is computed by dense sampling and
  non-dominated filtering; WFG3 is limited to 2 and 3 objectives;
- WFG4-9: concave, the ellipsoid ``sum (f_m / 2m)^2 = 1``.

Sizes: ``k`` must be a multiple of ``M - 1`` (each of the ``M - 1`` position parameters
reduces one group of ``k / (M - 1)`` position variables) and at least 4. The defaults
are Huband et al.'s recommendation, also pymoo's: ``k = 4`` for 2 objectives and
``k = 2 (M - 1)`` for more, with ``l = 20`` distance variables, so 24 variables for 2
and 3 objectives (as before), 28 for 5 and 34 for 8. PlatEMO's setting for 5 or more
objectives (``k = M - 1``, ``l = 10``) is ``k=M-1, n_var=M+9``.

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
    lattice_points,
    non_dominated_indices,
    record_intervals,
    sample_intervals,
    sphere_points,
)

# Distance values this small after WFG1's shift are rounding errors of the optimum.
DISTANCE_ROUNDING = 1e-12
# Largest jump of last(x_1) - q (1 - cos(pi x_1 / 2)) across a bisection step that still
# counts as a crossing; a ray through a gap of WFG2's front jumps by far more.
RAY_TOLERANCE = 1e-9


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
    """Objectives ``S h`` of WFG1/WFG2 at position parameters ``x`` (``n x (M-1)``).

    The convex shape: ``h_1 = prod_(j <= M-1) (1 - cos(pi x_j / 2))``,
    ``h_m = prod_(j <= M-m) (1 - cos(pi x_j / 2)) (1 - sin(pi x_(M-m+1) / 2))`` for
    ``m = 2 .. M-1``, and ``h_M = last(x_1)``.
    """
    angle = np.pi / 2 * x
    head = np.cumprod(1 - np.cos(angle), axis=1)
    h = [head[:, n_obj - 2]]
    h += [head[:, n_obj - m - 1] * (1 - np.sin(angle[:, n_obj - m])) for m in range(2, n_obj)]
    return np.column_stack(h + [last(x[:, 0])]) * np.arange(2, 2 * n_obj + 1, 2)


def _arc_crossing(q: np.ndarray) -> np.ndarray:
    """``a`` in [0, 1] where ``(1 - cos(pi a / 2), 1 - sin(pi a / 2))`` lies on ``y = q x``.

    That point is on the circle of radius 1 around (1, 1); the line meets its near arc at
    ``x = (1 + q - sqrt(2 q)) / (1 + q^2)``, and ``1 - cos t = 2 sin^2(t / 2)``.
    """
    x = (1 + q - np.sqrt(2 * q)) / (1 + q**2)
    return 4 / np.pi * np.arcsin(np.sqrt(x / 2))


def convex_rays(
    W: np.ndarray, last: Callable[[np.ndarray], np.ndarray], intervals: Intervals
) -> tuple[np.ndarray, np.ndarray]:
    """Position parameters where rays from the origin meet the WFG1/WFG2 front.

    The convex objectives nest: those of ``d + 1`` objectives are
    ``((1 - cos(pi a / 2)) g_d, 1 - sin(pi a / 2))`` with ``g_d`` the shape of ``d``
    objectives (``g_1 = 1``) in the remaining parameters. So the ray through ``w`` meets
    the shape of ``d + 1`` objectives where ``a`` solves a two-objective problem, once
    the ray through ``w_1 .. w_d`` has met ``g_d``: one closed form per objective, built
    up from ``x_(M-1)`` to ``x_2``. The last objective ``last(x_1)`` then fixes ``x_1`` in
    ``intervals`` by bisection, where ``last(x_1) / (1 - cos(pi x_1 / 2))`` never
    increases; a ray through a gap between the pieces of a disconnected front meets no
    front point.

    Args:
        W: ``n x M`` non-negative directions, no row all zero (objectives scaled by
            ``S_m = 2 m`` as usual).
        last: the last shape function.
        intervals: the values of ``x_1`` on the front.

    Returns:
        ``X``, ``n x (M-1)`` position parameters, and a mask of the rows whose ray meets
        the front (``convex_front(X[mask], last, M)`` lies on those rays).
    """
    n, n_obj = W.shape
    V = W / np.arange(2, 2 * n_obj + 1, 2)
    X = np.zeros((n, n_obj - 1))
    G = np.ones((n, 1))  # where the ray through V[:, :d] meets g_d
    for d in range(1, n_obj):
        scale, on_axis = _ray_scale(G, V[:, :d])
        if d < n_obj - 1:
            a = np.where(on_axis, 0.0, _arc_crossing(scale * V[:, d]))
            X[:, n_obj - 1 - d] = a
            angle = np.pi / 2 * a
            G = np.column_stack([(1 - np.cos(angle))[:, None] * G, 1 - np.sin(angle)])
    q = scale * V[:, -1]
    x1, hit = _last_crossing(q, last, intervals)
    # Both last shapes are 0 at x_1 = 1, where WFG1's is as flat as a cube, too flat
    # for the bisection to find the corner exactly.
    X[:, 0] = np.where(on_axis, 0.0, np.where(q > 0, x1, 1.0))
    return X, on_axis | hit


def _ray_scale(G: np.ndarray, V: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``s`` with ``G = s V`` (rows), and the rows where ``V`` is all zero (no such ``s``:
    the ray runs along the next objective's axis)."""
    top = V.max(axis=1)
    on_axis = top <= 0
    return G.max(axis=1) / np.where(on_axis, 1.0, top), on_axis


def _last_crossing(
    q: np.ndarray, last: Callable[[np.ndarray], np.ndarray], intervals: Intervals
) -> tuple[np.ndarray, np.ndarray]:
    """``x_1`` in ``intervals`` with ``last(x_1) = q (1 - cos(pi x_1 / 2))``, and whether
    it exists (the difference is continuous there, not a jump between pieces)."""

    def gap(u: np.ndarray) -> np.ndarray:
        x = sample_intervals(intervals, u)
        return last(x) - q * (1 - np.cos(np.pi / 2 * x))

    # gap is 1 at u = 0, -q <= 0 at u = 1, and never increases in u.
    lo, hi = np.zeros_like(q), np.ones_like(q)
    for _ in range(60):
        mid = (lo + hi) / 2
        above = gap(mid) >= 0
        lo, hi = np.where(above, mid, lo), np.where(above, hi, mid)
    return sample_intervals(intervals, lo), np.abs(gap(lo) - gap(hi)) < RAY_TOLERANCE


def default_k(n_obj: int) -> int:
    """Huband et al.'s number of position variables: 4 for 2 objectives, else 2 (M - 1)."""
    return 4 if n_obj == 2 else 2 * (n_obj - 1)


class _WFG(Benchmark):
    """Shared parts: sizes, the front computed from the shape, the Pareto-set sampler."""

    # The defaults for 2 objectives (what the registry lists); see default_k.
    default_n_var = 24
    default_k = 4
    default_l = 20
    max_n_obj: int | None = None
    l_even = False
    param_ranges = {
        "n_obj": "integer >= 2",
        "n_var": "integer > k (l = n_var - k distance variables); default 24 for 2 or 3 "
        "objectives, 2 n_obj + 18 for more",
        "k": "integer >= 4, a multiple of n_obj - 1 (position variables); "
        "default 4 for 2 objectives, 2 (n_obj - 1) for more",
    }

    def __init__(self, n_obj: int = 2, n_var: int | None = None, k: int | None = None) -> None:
        name = self.name()
        n_obj = check_int(name, "n_obj", n_obj, 2)
        if self.max_n_obj is not None and n_obj > self.max_n_obj:
            valid = " or ".join(map(str, range(2, self.max_n_obj + 1)))
            raise ProblemDefinitionError(
                f"{name}: n_obj must be {valid}, got {n_obj} (its true front for more "
                f"objectives is not computed here)"
            )
        k = check_int(name, "k", default_k(n_obj) if k is None else k, 4)
        if k % (n_obj - 1):
            raise ProblemDefinitionError(
                f"{name}: k must be a multiple of n_obj - 1 = {n_obj - 1}, got {k}"
            )
        if n_var is None:
            n_var = default_k(n_obj) + self.default_l
        n_var = check_int(name, "n_var", n_var, k + 1)
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
        if self.n_obj > 3:
            return self._many_front(n_pareto_points)
        side = int(np.ceil(np.sqrt(max(20 * n_pareto_points, 2000))))
        u, v = np.meshgrid(np.linspace(0, 1, side), np.linspace(0, 1, side), indexing="ij")
        x = np.column_stack([sample_intervals(intervals, u.ravel()), v.ravel()])
        # x_1 = 0 maps every x_2 to the same point.
        F = np.unique(convex_front(x, last, 3).round(12), axis=0)
        return F[np.sort(farthest_point_subset(F, n_pareto_points))]

    def _many_front(self, n_points: int) -> np.ndarray:
        """``n_points`` of the front for 4 or more objectives, by farthest-point selection.

        The candidates are where rays through a simplex lattice meet the front
        (``convex_rays``; dense where the front faces the origin) and the images of a
        Sobol' sequence of position parameters (dense where the shape stretches them
        least), each about twice ``n_points``: together they leave smaller holes than
        either alone. For WFG1 with 5 objectives and 1,000 points, the largest distance
        from a point of the 5,000-point front to the nearest of them is 0.56, against
        1.07 and 1.73 for 1,000 points chosen the same way from 2,000 rays or 2,048
        parameter vectors alone.
        """
        from scipy.stats import qmc  # scipy.stats costs 0.4 s to import: only when used

        last, intervals = type(self).last, last_shape_intervals(type(self).last)
        X, hit = convex_rays(lattice_points(2 * n_points, self.n_obj), last, intervals)
        U = qmc.Sobol(self.n_obj - 1, scramble=False).random_base2(
            int(np.ceil(np.log2(2 * n_points)))
        )
        U[:, 0] = sample_intervals(intervals, U[:, 0])
        F = convex_front(np.vstack([X[hit], U]), last, self.n_obj)
        # Drop repeats (x_1 = 0 is one point for any x_2 ..), keeping exact values.
        F = F[np.sort(np.unique(F.round(12), axis=0, return_index=True)[1])]
        return F[np.sort(farthest_point_subset(F, n_points))]


class WFG1(_ConvexWFG, pymoo_wfg.WFG1):
    """WFG1: convex and mixed front, flat and polynomial biases.

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
    """WFG2: convex and disconnected front, non-separable; l = n_var - k even."""

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

    Only 2 and 3 objectives: with M objectives the solutions off the line are described
    by ``M`` parameters (``x_1``, ``d`` and one ``s`` for each of ``x_2 .. x_(M-1)``),
    too many for dense sampling with 5 or 8 objectives, and the line alone is not the
    front.
    """

    max_n_obj = 3
    param_ranges = {**_WFG.param_ranges, "n_obj": "2 or 3"}
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
    """WFG4: concave front, multimodal."""


class WFG5(_ConcaveWFG, pymoo_wfg.WFG5):
    """WFG5: concave front, deceptive."""


class WFG6(_ConcaveWFG, pymoo_wfg.WFG6):
    """WFG6: concave front, non-separable."""


class WFG7(_ConcaveWFG, pymoo_wfg.WFG7):
    """WFG7: concave front, parameter-dependent position bias."""


class WFG8(_ConcaveWFG, pymoo_wfg.WFG8):
    """WFG8: concave front, parameter-dependent distance bias."""


class WFG9(_ConcaveWFG, pymoo_wfg.WFG9):
    """WFG9: concave front, deceptive, multimodal and non-separable."""
