"""ZDT1-4 and ZDT6 (Zitzler, Deb, Thiele 2000) with locally computed Pareto fronts.

Objectives come from pymoo's definitions; on the Pareto set ``x_2 = ... = x_n = 0`` and
``g = 1``, so the fronts are ``f2 = 1 - sqrt(f1)`` (ZDT1, ZDT4),
``f2 = 1 - f1^2`` (ZDT2, and ZDT6 on f1 in [0.2807753191, 1]) and the five pieces of
``f2 = 1 - sqrt(f1) - f1 sin(10 pi f1)`` (ZDT3).
"""

from __future__ import annotations

from functools import cache

import numpy as np
from pymoo.problems.multi import zdt as pymoo_zdt

from problems.base import DEFAULT_FRONT_POINTS, Benchmark, check_fixed_n_obj, check_int
from problems.fronts import Intervals, curve_points, record_intervals, sample_intervals, zdt6_f1_min


class _ZDT(Benchmark):
    """Shared parts: size check, front from a curve ``f1 -> f2``, Pareto set sampler."""

    default_n_var = 30
    param_ranges = {"n_var": "integer >= 2", "n_obj": "2 only"}

    def __init__(self, n_var: int | None = None, n_obj: int | None = None) -> None:
        check_fixed_n_obj(self.name(), n_obj, 2)
        n_var = self.default_n_var if n_var is None else n_var
        super().__init__(n_var=check_int(self.name(), "n_var", n_var, 2))

    @staticmethod
    def _f2(f1: np.ndarray) -> np.ndarray:
        """f2 on the front as a function of f1."""
        raise NotImplementedError

    def _f1_intervals(self) -> Intervals:
        """The values of f1 that the front covers."""
        return ((0.0, 1.0),)

    def _curve(self, f1: np.ndarray) -> np.ndarray:
        return np.column_stack([f1, self._f2(f1)])

    def _calc_pareto_front(self, n_pareto_points: int = DEFAULT_FRONT_POINTS) -> np.ndarray:
        return curve_points(self._curve, self._f1_intervals(), n_pareto_points)

    def _sample_pareto_set(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        X = np.zeros((n_points, self.n_var))
        X[:, 0] = sample_intervals(self._x1_intervals(), rng.random(n_points))
        return X

    def _x1_intervals(self) -> Intervals:
        """The values of x1 on the Pareto set."""
        return self._f1_intervals()


class ZDT1(_ZDT, pymoo_zdt.ZDT1):
    """ZDT1: convex front ``f2 = 1 - sqrt(f1)``; 30 variables in [0, 1] by default."""

    @staticmethod
    def _f2(f1: np.ndarray) -> np.ndarray:
        return 1 - np.sqrt(f1)


class ZDT2(_ZDT, pymoo_zdt.ZDT2):
    """ZDT2: concave front ``f2 = 1 - f1^2``; 30 variables in [0, 1] by default."""

    @staticmethod
    def _f2(f1: np.ndarray) -> np.ndarray:
        return 1 - f1**2


@cache
def _zdt3_intervals() -> Intervals:
    return record_intervals(ZDT3._f2)


class ZDT3(_ZDT, pymoo_zdt.ZDT3):
    """ZDT3: front in five disconnected pieces; 30 variables in [0, 1] by default.

    The pieces are the values of f1 where ``1 - sqrt(f1) - f1 sin(10 pi f1)`` is lower
    than for every smaller f1, found numerically to about 1e-12.
    """

    @staticmethod
    def _f2(f1: np.ndarray) -> np.ndarray:
        return 1 - np.sqrt(f1) - f1 * np.sin(10 * np.pi * f1)

    def _f1_intervals(self) -> Intervals:
        return _zdt3_intervals()


class ZDT4(_ZDT, pymoo_zdt.ZDT4):
    """ZDT4: multimodal ``g``; front ``f2 = 1 - sqrt(f1)``; x1 in [0, 1], others in [-5, 5]."""

    default_n_var = 10

    def __init__(self, n_var: int | None = None, n_obj: int | None = None) -> None:
        check_fixed_n_obj(self.name(), n_obj, 2)
        n_var = self.default_n_var if n_var is None else n_var
        # pymoo's ZDT4 sets its bounds in its own __init__, which takes only n_var.
        pymoo_zdt.ZDT4.__init__(self, check_int(self.name(), "n_var", n_var, 2))

    @staticmethod
    def _f2(f1: np.ndarray) -> np.ndarray:
        return 1 - np.sqrt(f1)


class ZDT6(_ZDT, pymoo_zdt.ZDT6):
    """ZDT6: non-uniform mapping of x1; front ``f2 = 1 - f1^2`` on f1 in [0.2807753191, 1]."""

    default_n_var = 10

    @staticmethod
    def _f2(f1: np.ndarray) -> np.ndarray:
        return 1 - f1**2

    def _f1_intervals(self) -> Intervals:
        return ((zdt6_f1_min(), 1.0),)

    def _x1_intervals(self) -> Intervals:
        # Every x1 is Pareto-optimal: f1(x1) only moves along the same curve.
        return ((0.0, 1.0),)
