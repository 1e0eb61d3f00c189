"""DTLZ1-7 (Deb, Thiele, Laumanns, Zitzler 2002) for any number of objectives.

Objectives come from pymoo's definitions (``n_var = n_obj + k - 1``); the Pareto fronts
and sets are computed here, for every ``n_obj``, without pymoo's downloads:

- DTLZ1: the simplex ``sum f = 0.5`` (Pareto set: the last k variables at 0.5);
- DTLZ2-4: the unit sphere ``sum f^2 = 1`` (last k variables at 0.5);
- DTLZ5, DTLZ6: the degenerate curve through ``x_2 = ... = x_{M-1} = 0.5`` (last k
  variables at 0.5 for DTLZ5, at 0 for DTLZ6). For four or more objectives the
  non-dominated set of these problems is known to be larger than this curve (Ishibuchi et
  al., IEEE TEVC 2016); the curve is the reference front used in the literature;
- DTLZ7: ``2^(M-1)`` disconnected pieces (last k variables at 0, each of the first M-1
  in the two intervals where ``t (1 + sin(3 pi t))`` exceeds its value at every smaller t).
"""

from __future__ import annotations

from functools import cache

import numpy as np
from pymoo.problems.many import dtlz as pymoo_dtlz

from problems.base import DEFAULT_FRONT_POINTS, Benchmark, check_int
from problems.errors import ProblemDefinitionError
from problems.fronts import (
    Intervals,
    farthest_point_subset,
    record_intervals,
    sample_intervals,
    simplex_points,
    sphere_points,
)


class _DTLZ(Benchmark):
    """Shared parts: sizes (n_obj, k or n_var) and the Pareto-set sampler."""

    default_k = 10
    param_ranges = {
        "n_obj": "integer >= 2",
        "k": "integer >= 1",
        "n_var": "integer >= n_obj (n_var = n_obj + k - 1; give k or n_var)",
    }
    # Value of the last k variables on the Pareto set.
    x_m_optimum = 0.5

    def __init__(self, n_obj: int = 3, k: int | None = None, n_var: int | None = None) -> None:
        name = self.name()
        n_obj = check_int(name, "n_obj", n_obj, 2)
        if n_var is not None:
            n_var = check_int(name, "n_var", n_var, n_obj)
            if k is not None and check_int(name, "k", k, 1) != n_var - n_obj + 1:
                raise ProblemDefinitionError(
                    f"{name}: n_var={n_var} and k={k} disagree for n_obj={n_obj} "
                    f"(n_var = n_obj + k - 1); give one of them"
                )
            k = n_var - n_obj + 1
        k = check_int(name, "k", self.default_k if k is None else k, 1)
        # pymoo's DTLZ base class takes n_var or k; its subclasses' __init__ only n_var.
        pymoo_dtlz.DTLZ.__init__(self, n_var=n_obj + k - 1, n_obj=n_obj)

    # pymoo's formulas, computed with numpy itself: pymoo reaches numpy through a lazy
    # module that imports it again at every attribute lookup, which is most of the time of
    # a one-row evaluation (MOEA/D's steady state makes thousands). Same operations in the
    # same order, so the same values to the last bit.
    def g1(self, X_M: np.ndarray) -> np.ndarray:
        """DTLZ1's and DTLZ3's multimodal g of the last k variables."""
        return 100 * (
            self.k + np.sum(np.square(X_M - 0.5) - np.cos(20 * np.pi * (X_M - 0.5)), axis=1)
        )

    def g2(self, X_M: np.ndarray) -> np.ndarray:
        """The sphere g of the last k variables."""
        return np.sum(np.square(X_M - 0.5), axis=1)

    def obj_func(self, X_: np.ndarray, g: np.ndarray, alpha: int = 1) -> np.ndarray:
        """The objectives from the first M - 1 variables and g (``n x M``)."""
        f = []
        for i in range(0, self.n_obj):
            _f = 1 + g
            _f *= np.prod(np.cos(np.power(X_[:, : X_.shape[1] - i], alpha) * np.pi / 2.0), axis=1)
            if i > 0:
                _f *= np.sin(np.power(X_[:, X_.shape[1] - i], alpha) * np.pi / 2.0)
            f.append(_f)
        return np.column_stack(f)

    def _sample_position(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        """The first ``n_obj - 1`` variables of Pareto-optimal solutions."""
        return rng.random((n_points, self.n_obj - 1))

    def _sample_pareto_set(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        X = np.full((n_points, self.n_var), float(self.x_m_optimum))
        X[:, : self.n_obj - 1] = self._sample_position(n_points, rng)
        return X


class DTLZ1(_DTLZ, pymoo_dtlz.DTLZ1):
    """DTLZ1: linear front ``sum f = 0.5``, multimodal g; k = 5 by default."""

    default_k = 5

    def obj_func(self, X_: np.ndarray, g: np.ndarray, alpha: int = 1) -> np.ndarray:
        """DTLZ1's linear objectives (pymoo's formula, with numpy itself)."""
        f = []
        for i in range(0, self.n_obj):
            _f = 0.5 * (1 + g)
            _f *= np.prod(X_[:, : X_.shape[1] - i], axis=1)
            if i > 0:
                _f *= 1 - X_[:, X_.shape[1] - i]
            f.append(_f)
        return np.column_stack(f)

    def _calc_pareto_front(self, n_pareto_points: int = DEFAULT_FRONT_POINTS) -> np.ndarray:
        return 0.5 * simplex_points(n_pareto_points, self.n_obj)


class _SphereFront(_DTLZ):
    """The unit-sphere front of DTLZ2-4."""

    def _calc_pareto_front(self, n_pareto_points: int = DEFAULT_FRONT_POINTS) -> np.ndarray:
        return sphere_points(n_pareto_points, self.n_obj)


class DTLZ2(_SphereFront, pymoo_dtlz.DTLZ2):
    """DTLZ2: spherical front ``sum f^2 = 1``; k = 10 by default."""


class DTLZ3(_SphereFront, pymoo_dtlz.DTLZ3):
    """DTLZ3: spherical front, multimodal g; k = 10 by default."""


class DTLZ4(_SphereFront, pymoo_dtlz.DTLZ4):
    """DTLZ4: spherical front, biased density (alpha = 100); k = 10 by default."""

    def __init__(self, n_obj: int = 3, k: int | None = None, n_var: int | None = None) -> None:
        super().__init__(n_obj=n_obj, k=k, n_var=n_var)
        self.alpha = 100

    def _sample_position(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        # The objectives see x^100: uniform x would crowd the images at the front's
        # edges, uniform x^100 spreads them as DTLZ2's.
        return rng.random((n_points, self.n_obj - 1)) ** (1 / self.alpha)


class _CurveFront(_DTLZ):
    """The degenerate curve front of DTLZ5 and DTLZ6."""

    def _calc_pareto_front(self, n_pareto_points: int = DEFAULT_FRONT_POINTS) -> np.ndarray:
        # The curve is a quarter great circle, so an even x1 is even in arc length.
        X_ = np.full((n_pareto_points, self.n_obj - 1), 0.5)
        X_[:, 0] = np.linspace(0.0, 1.0, n_pareto_points)
        return self.obj_func(X_, np.zeros(n_pareto_points))

    def _sample_position(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        X_ = np.full((n_points, self.n_obj - 1), 0.5)
        X_[:, 0] = rng.random(n_points)
        return X_


class DTLZ5(_CurveFront, pymoo_dtlz.DTLZ5):
    """DTLZ5: degenerate curved front; k = 10 by default."""


class DTLZ6(_CurveFront, pymoo_dtlz.DTLZ6):
    """DTLZ6: the DTLZ5 front with a harder g (``sum x^0.1``); k = 10 by default."""

    x_m_optimum = 0.0


@cache
def dtlz7_intervals() -> Intervals:
    """Values of each of the first M-1 variables (and objectives) on the DTLZ7 front."""
    return record_intervals(lambda t: -t * (1 + np.sin(3 * np.pi * t)))


def dtlz7_front(n_points: int, n_obj: int) -> np.ndarray:
    """``n_points`` spread points of the DTLZ7 front (also the front of LSMOP9).

    Its first ``M - 1`` objectives each lie in ``dtlz7_intervals()`` and the last is
    ``2 M - sum f_i (1 + sin(3 pi f_i))``.
    """
    d = n_obj - 1
    n_dense = max(20 * n_points, 2000) if d > 1 else n_points
    if d <= 2:
        side = int(np.ceil(n_dense ** (1 / d)))
        axes = np.meshgrid(*[np.linspace(0.0, 1.0, side)] * d, indexing="ij")
        U = np.column_stack([a.ravel() for a in axes])
    else:
        U = np.random.default_rng(0).random((n_dense, d))
    P = sample_intervals(dtlz7_intervals(), U)
    F = np.column_stack([P, 2 * n_obj - np.sum(P * (1 + np.sin(3 * np.pi * P)), axis=1)])
    return F[np.sort(farthest_point_subset(F, n_points))]


class DTLZ7(_DTLZ, pymoo_dtlz.DTLZ7):
    """DTLZ7: front in ``2^(M-1)`` disconnected pieces; k = 20 by default.

    With ``h(t) = t (1 + sin(3 pi t))`` and ``g = 1`` the last objective is
    ``2 M - sum h(f_i)``, a separable function, so a front point is non-dominated iff every
    ``f_i`` is a value where h beats all smaller t: the front is a product of 1-D pieces.
    """

    default_k = 20
    x_m_optimum = 0.0

    def _calc_pareto_front(self, n_pareto_points: int = DEFAULT_FRONT_POINTS) -> np.ndarray:
        return dtlz7_front(n_pareto_points, self.n_obj)

    def _sample_position(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        return sample_intervals(dtlz7_intervals(), rng.random((n_points, self.n_obj - 1)))
