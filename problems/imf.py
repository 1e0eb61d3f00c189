"""IMF1-10: the IM-MOEA test problems with variable linkages (PlatEMO's IMMOEA_F1-F10).

Cheng, Jin, Narukawa, Sendhoff, "A multiobjective evolutionary algorithm using Gaussian
process-based inverse modeling", IEEE TEVC 19(6), 2015; the benchmark of GMOEA. Every
variable after the position variables is linked to ``x1`` through
``t_i = (1 + 5 i / D) x_i - x1`` (linear, IMF1-4) or
``t_i = x_i^(1 / (1 + 3 i / D)) - x1`` (non-linear, IMF5-10), with ``i`` the 1-based
variable index and ``D = n_var``. The distance function ``g`` is minimal where every
``t_i = 0``, which gives the Pareto set ``x_i = x1 / (1 + 5 i / D)`` or
``x_i = x1^(1 + 3 i / D)``. Bounds are [0, 1] for every variable, except for IMF9 and
IMF10 where ``x_2 ... x_D`` lie in [0, 10].
"""

from __future__ import annotations

import numpy as np

from problems import landscapes
from problems.base import DEFAULT_FRONT_POINTS, Benchmark, check_fixed_n_obj, check_int
from problems.fronts import curve_points, sphere_points, zdt6_f1_min


def linear_linkage(X: np.ndarray, start: int) -> np.ndarray:
    """``t_i = (1 + 5 i / D) x_i - x1`` for the 0-based columns ``start ... D - 1``."""
    D = X.shape[1]
    i = np.arange(start + 1, D + 1)
    return (1 + 5 * i / D) * X[:, start:] - X[:, :1]


def power_linkage(X: np.ndarray, start: int) -> np.ndarray:
    """``t_i = x_i^(1 / (1 + 3 i / D)) - x1`` for the 0-based columns ``start ... D - 1``."""
    D = X.shape[1]
    i = np.arange(start + 1, D + 1)
    return X[:, start:] ** (1 / (1 + 3 * i / D)) - X[:, :1]


def linear_pareto_set(x1: np.ndarray, D: int, start: int) -> np.ndarray:
    """Columns ``start ... D - 1`` that make every linear linkage ``t_i`` zero."""
    i = np.arange(start + 1, D + 1)
    return x1[:, None] / (1 + 5 * i / D)


def power_pareto_set(x1: np.ndarray, D: int, start: int) -> np.ndarray:
    """Columns ``start ... D - 1`` that make every non-linear linkage ``t_i`` zero."""
    i = np.arange(start + 1, D + 1)
    return x1[:, None] ** (1 + 3 * i / D)


def g_mean(t: np.ndarray) -> np.ndarray:
    """``1 + 9 mean(t^2)`` (minimum 1)."""
    return 1 + 9 * np.mean(t**2, axis=1)


def g_griewank(t: np.ndarray) -> np.ndarray:
    """Griewank-like ``sum(t^2) / 4000 - prod(cos(t_j / sqrt(j))) + 2`` (minimum 1)."""
    return 1 + landscapes.griewank(t)


def g_rastrigin(t: np.ndarray) -> np.ndarray:
    """Rastrigin-like ``1 + 10 (D - 1) + sum(t^2 - 10 cos(2 pi t))`` (minimum 1)."""
    return 1 + landscapes.rastrigin(t)


def zdt6_shape(x1: np.ndarray) -> np.ndarray:
    """``1 - exp(-4 x1) sin^6(6 pi x1)``, the non-uniform first objective of IMF3/IMF7."""
    return 1 - np.exp(-4 * x1) * np.sin(6 * np.pi * x1) ** 6


class _IMF(Benchmark):
    """Shared parts of all IMF problems: size, bounds, linkage and Pareto-set sampler."""

    n_position = 1
    param_ranges = {"n_var": "integer >= 2", "n_obj": "2 only"}
    linkage = staticmethod(linear_linkage)
    linkage_set = staticmethod(linear_pareto_set)
    upper_bound = 1.0

    def __init__(self, n_var: int = 30, n_obj: int | None = None) -> None:
        name = self.name()
        fixed = self.n_position + 1
        check_fixed_n_obj(name, n_obj, fixed)
        n_var = check_int(name, "n_var", n_var, self.n_position + 1)
        xu = np.full(n_var, self.upper_bound)
        xu[: self.n_position] = 1.0
        super().__init__(n_var=n_var, n_obj=fixed, xl=np.zeros(n_var), xu=xu, vtype=float)

    def _sample_pareto_set(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        X = np.empty((n_points, self.n_var))
        X[:, : self.n_position] = rng.random((n_points, self.n_position))
        X[:, self.n_position :] = self.linkage_set(X[:, 0], self.n_var, self.n_position)
        return X


class _BiObjective(_IMF):
    """``f1 = s(x1)``, ``f2 = g (1 - h(f1 / g))``; the front is ``f2 = 1 - h(f1)``."""

    @staticmethod
    def g(t: np.ndarray) -> np.ndarray:
        return g_mean(t)

    @staticmethod
    def shape(x1: np.ndarray) -> np.ndarray:
        return x1

    @staticmethod
    def h(r: np.ndarray) -> np.ndarray:
        return np.sqrt(r)

    def f1_range(self) -> tuple[float, float]:
        """Range of f1 on the front."""
        return (0.0, 1.0)

    def _evaluate(self, x: np.ndarray, out: dict, *args: object, **kwargs: object) -> None:
        g = self.g(self.linkage(x, 1))
        f1 = self.shape(x[:, 0])
        out["F"] = np.column_stack([f1, g * (1 - self.h(f1 / g))])

    def _calc_pareto_front(self, n_pareto_points: int = DEFAULT_FRONT_POINTS) -> np.ndarray:
        def curve(f1: np.ndarray) -> np.ndarray:
            return np.column_stack([f1, 1 - self.h(f1)])

        return curve_points(curve, (self.f1_range(),), n_pareto_points)


class _Sphere(_IMF):
    """Three objectives on the unit sphere scaled by ``1 + g``, ``g = sum(t^2)``."""

    n_position = 2
    param_ranges = {"n_var": "integer >= 3", "n_obj": "3 only"}

    def _evaluate(self, x: np.ndarray, out: dict, *args: object, **kwargs: object) -> None:
        r = 1 + np.sum(self.linkage(x, 2) ** 2, axis=1)
        a, b = np.pi / 2 * x[:, 0], np.pi / 2 * x[:, 1]
        out["F"] = np.column_stack(
            [np.cos(a) * np.cos(b) * r, np.cos(a) * np.sin(b) * r, np.sin(a) * r]
        )

    def _calc_pareto_front(self, n_pareto_points: int = DEFAULT_FRONT_POINTS) -> np.ndarray:
        return sphere_points(n_pareto_points, 3)


class _Concave(_BiObjective):
    @staticmethod
    def h(r: np.ndarray) -> np.ndarray:
        return r**2


class _NonUniform(_Concave):
    shape = staticmethod(zdt6_shape)

    def f1_range(self) -> tuple[float, float]:
        return (zdt6_f1_min(), 1.0)


class _PowerLinked:
    """Mixin: the non-linear linkage of IMF5-10."""

    linkage = staticmethod(power_linkage)
    linkage_set = staticmethod(power_pareto_set)


class IMF1(_BiObjective):
    """IMF1: linear linkage, convex front ``f2 = 1 - sqrt(f1)``."""


class IMF2(_Concave):
    """IMF2: linear linkage, concave front ``f2 = 1 - f1^2``."""


class IMF3(_NonUniform):
    """IMF3: linear linkage, concave front on f1 in [0.2807753191, 1], non-uniform in x1."""


class IMF4(_Sphere):
    """IMF4: linear linkage, three objectives, spherical front."""


class IMF5(_PowerLinked, _BiObjective):
    """IMF5: non-linear linkage, convex front ``f2 = 1 - sqrt(f1)``."""


class IMF6(_PowerLinked, _Concave):
    """IMF6: non-linear linkage, concave front ``f2 = 1 - f1^2``."""


class IMF7(_PowerLinked, _NonUniform):
    """IMF7: non-linear linkage, concave front on f1 in [0.2807753191, 1]."""


class IMF8(_PowerLinked, _Sphere):
    """IMF8: non-linear linkage, three objectives, spherical front."""


class IMF9(_PowerLinked, _BiObjective):
    """IMF9: non-linear linkage, Griewank-like g, x2..xD in [0, 10], convex front."""

    upper_bound = 10.0
    g = staticmethod(g_griewank)


class IMF10(_PowerLinked, _BiObjective):
    """IMF10: non-linear linkage, Rastrigin-like g, x2..xD in [0, 10], convex front."""

    upper_bound = 10.0
    g = staticmethod(g_rastrigin)
