"""LSMOP1-9: large-scale multi- and many-objective test problems, any M and n_var.

Cheng, Jin, Olhofer, Sendhoff, "Test problems for large-scale multiobjective and
many-objective optimization", IEEE Transactions on Cybernetics 47(12), 2017; defined
here as in PlatEMO's LSMOP1-9.

The first ``M - 1`` variables (in [0, 1]) are position variables; the other
``x_i`` (in [0, 10], ``i`` the 1-based variable index) are linked to ``x_1`` by
``t_i = (1 + i / D) x_i - 10 x_1`` (LSMOP1-4) or ``t_i = (1 + cos(pi i / (2 D))) x_i -
10 x_1`` (LSMOP5-9), ``D = n_var``. They are cut into ``M`` groups of sizes
proportional to a logistic-map sequence (``c_1 = 3.8 * 0.1 * 0.9``,
``c_(j+1) = 3.8 c_j (1 - c_j)``), each group into ``nk`` subcomponents of ``sublen_j =
floor(c_j / sum(c) * (D - M + 1) / nk)`` variables; variables left over at the end do
not affect the objectives. ``G_j`` is the mean over group ``j``'s subcomponents of one
landscape divided by ``sublen_j``: odd groups use the problem's first landscape, even
groups its second. The fronts: ``sum f = 1`` (LSMOP1-4), ``sum f^2 = 1`` (LSMOP5-8) and the
disconnected DTLZ7 front (LSMOP9). Every landscape is 0 where its ``t = 0``, except
Rosenbrock, which is 0 where ``t = 1``.

Rosenbrock's ``t = 1`` needs ``x_i = (1 + 10 x_1) / a_i`` with ``a_i`` the linkage
factor, which leaves the bound 10 when ``x_1`` is close to 1 and ``a_i`` is close to 1
(for example LSMOP6 with 3 objectives above ``x_1 = 0.942``, LSMOP7 with 2 above 0.931,
LSMOP3 with 10 above 0.965). There the front given here (the one of the paper and of
PlatEMO) is not quite reached: the sliver ``f_M < 1 - x1_max`` of the simplex, or
``f_M > sin(pi x1_max / 2)`` of the sphere. ``x1_max`` is the largest ``x_1`` for which
it is reached, and the Pareto-set sampler draws ``x_1`` below it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from problems import landscapes
from problems.base import DEFAULT_FRONT_POINTS, Benchmark, check_int
from problems.dtlz import dtlz7_front, dtlz7_intervals
from problems.errors import ProblemDefinitionError
from problems.fronts import sample_intervals, simplex_points, sphere_points

Landscape = Callable[[np.ndarray], np.ndarray]


def group_sizes(n_obj: int, n_var: int, nk: int) -> np.ndarray:
    """``sublen``: the number of variables in each subcomponent of each of the M groups."""
    chaos = [3.8 * 0.1 * (1 - 0.1)]
    for _ in range(n_obj - 1):
        chaos.append(3.8 * chaos[-1] * (1 - chaos[-1]))
    c = np.asarray(chaos)
    return np.floor(c / c.sum() * (n_var - n_obj + 1) / nk).astype(int)


def min_n_var(n_obj: int, nk: int) -> int:
    """The smallest ``n_var`` for which every subcomponent has at least one variable."""
    n_var = n_obj
    while group_sizes(n_obj, n_var, nk).min() < 1:
        n_var += 1
    return n_var


def linear_linkage(i: np.ndarray, D: int) -> np.ndarray:
    """``1 + i / D``, the factor of ``x_i`` in LSMOP1-4."""
    return 1 + i / D


def cosine_linkage(i: np.ndarray, D: int) -> np.ndarray:
    """``1 + cos(pi i / (2 D))``, the factor of ``x_i`` in LSMOP5-9."""
    return 1 + np.cos(np.pi / 2 * i / D)


def linear_shape(P: np.ndarray, G: np.ndarray) -> np.ndarray:
    """DTLZ1-like: ``f_1 = (1 + G_1) x_1 ... x_(M-1)``, ..., ``f_M = (1 + G_M)(1 - x_1)``."""
    N, M = G.shape
    prod = np.cumprod(np.column_stack([np.ones(N), P]), axis=1)[:, ::-1]
    last = np.column_stack([np.ones(N), 1 - P[:, ::-1]])
    return (1 + G) * prod * last


def sphere_shape(P: np.ndarray, G: np.ndarray) -> np.ndarray:
    """DTLZ2-like, objective ``j`` scaled by ``1 + G_j + G_(j+1)`` (``G_(M+1) = 0``)."""
    N, _ = G.shape
    a = np.pi / 2 * P
    prod = np.cumprod(np.column_stack([np.ones(N), np.cos(a)]), axis=1)[:, ::-1]
    last = np.column_stack([np.ones(N), np.sin(a[:, ::-1])])
    G_next = np.column_stack([G[:, 1:], np.zeros(N)])
    return (1 + G + G_next) * prod * last


class _LSMOP(Benchmark):
    """Shared parts: sizes, linkage, grouped distance ``G`` and the Pareto-set sampler."""

    group_landscapes: tuple[Landscape, Landscape] = (landscapes.sphere, landscapes.sphere)
    linkage = staticmethod(linear_linkage)
    param_ranges = {
        "n_obj": "integer >= 2",
        "n_var": "integer, default 100 * n_obj; large enough for one variable per "
        "subcomponent (with nk = 5: >= 19 for n_obj = 2, 27 for 3, 78 for 5, 167 for 10)",
        "nk": "integer >= 1",
    }

    def __init__(self, n_obj: int = 3, n_var: int | None = None, nk: int = 5) -> None:
        name = self.name()
        n_obj = check_int(name, "n_obj", n_obj, 2)
        nk = check_int(name, "nk", nk, 1)
        smallest = min_n_var(n_obj, nk)
        n_var = check_int(name, "n_var", 100 * n_obj if n_var is None else n_var, 1)
        if n_var < smallest:
            raise ProblemDefinitionError(
                f"{name}: n_var must be an integer >= {smallest} for n_obj={n_obj} and "
                f"nk={nk} (one variable per subcomponent), got {n_var}"
            )
        self.nk = nk
        self.sublen = group_sizes(n_obj, n_var, nk)
        self.starts = n_obj - 1 + np.concatenate([[0], np.cumsum(self.sublen * nk)])
        # Variables x_M ... x_D: 1-based indices M..D, linkage factors a_i.
        self.factors = self.linkage(np.arange(n_obj, n_var + 1), n_var)
        xu = np.full(n_var, 10.0)
        xu[: n_obj - 1] = 1.0
        super().__init__(n_var=n_var, n_obj=n_obj, xl=np.zeros(n_var), xu=xu, vtype=float)

    def group_landscape(self, j: int) -> Landscape:
        """The landscape of group ``j`` (0-based: even ``j`` is an odd group)."""
        return self.group_landscapes[j % 2]

    def distances(self, X: np.ndarray) -> np.ndarray:
        """``G``: ``n x M``, one value per variable group, 0 on the Pareto set."""
        M = self.n_obj
        T = self.factors * X[:, M - 1 :] - 10 * X[:, :1]
        G = np.empty((len(X), M))
        for j in range(M):
            a, b = self.starts[j] - (M - 1), self.starts[j + 1] - (M - 1)
            parts = T[:, a:b].reshape(len(X), self.nk, self.sublen[j])
            G[:, j] = self.group_landscape(j)(parts).sum(axis=1) / (self.sublen[j] * self.nk)
        return G

    def _evaluate(self, x: np.ndarray, out: dict, *args: object, **kwargs: object) -> None:
        out["F"] = self.objectives(x[:, : self.n_obj - 1], self.distances(x))

    def objectives(self, P: np.ndarray, G: np.ndarray) -> np.ndarray:
        """Objectives from the position variables ``P`` and the distances ``G``."""
        raise NotImplementedError

    def optimal_t(self) -> np.ndarray:
        """``t`` at the minimum of each variable's landscape (1 for Rosenbrock, else 0)."""
        t = np.zeros(self.n_var - self.n_obj + 1)
        for j in range(self.n_obj):
            a, b = self.starts[j] - (self.n_obj - 1), self.starts[j + 1] - (self.n_obj - 1)
            t[a:b] = landscapes.optimum(self.group_landscape(j))
        return t

    @property
    def x1_max(self) -> float:
        """Largest ``x_1`` whose optimal tail ``(t + 10 x_1) / a`` stays within [0, 10]."""
        t = self.optimal_t()
        return float(min(1.0, np.min((10 * self.factors - t) / 10)))

    def _sample_position(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        P = rng.random((n_points, self.n_obj - 1))
        P[:, 0] *= self.x1_max
        return P

    def _sample_pareto_set(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        P = self._sample_position(n_points, rng)
        tail = (self.optimal_t() + 10 * P[:, :1]) / self.factors
        return np.column_stack([P, tail])


class _Linear(_LSMOP):
    def objectives(self, P: np.ndarray, G: np.ndarray) -> np.ndarray:
        return linear_shape(P, G)

    def _calc_pareto_front(self, n_pareto_points: int = DEFAULT_FRONT_POINTS) -> np.ndarray:
        return simplex_points(n_pareto_points, self.n_obj)


class _Sphere(_LSMOP):
    linkage = staticmethod(cosine_linkage)

    def objectives(self, P: np.ndarray, G: np.ndarray) -> np.ndarray:
        return sphere_shape(P, G)

    def _calc_pareto_front(self, n_pareto_points: int = DEFAULT_FRONT_POINTS) -> np.ndarray:
        return sphere_points(n_pareto_points, self.n_obj)


class LSMOP1(_Linear):
    """LSMOP1: linear front ``sum f = 1``, linear linkage, Sphere/Sphere; n_var = 100 M."""


class LSMOP2(_Linear):
    """LSMOP2: linear front, linear linkage, Griewank/Schwefel; n_var = 100 M."""

    group_landscapes = (landscapes.griewank, landscapes.schwefel)


class LSMOP3(_Linear):
    """LSMOP3: linear front, linear linkage, Rastrigin/Rosenbrock; n_var = 100 M."""

    group_landscapes = (landscapes.rastrigin, landscapes.rosenbrock)


class LSMOP4(_Linear):
    """LSMOP4: linear front, linear linkage, Ackley/Griewank; n_var = 100 M."""

    group_landscapes = (landscapes.ackley, landscapes.griewank)


class LSMOP5(_Sphere):
    """LSMOP5: spherical front ``sum f^2 = 1``, cosine linkage, Sphere/Sphere; n_var = 100 M."""


class LSMOP6(_Sphere):
    """LSMOP6: spherical front, cosine linkage, Rosenbrock/Schwefel; n_var = 100 M."""

    group_landscapes = (landscapes.rosenbrock, landscapes.schwefel)


class LSMOP7(_Sphere):
    """LSMOP7: spherical front, cosine linkage, Ackley/Rosenbrock; n_var = 100 M."""

    group_landscapes = (landscapes.ackley, landscapes.rosenbrock)


class LSMOP8(_Sphere):
    """LSMOP8: spherical front, cosine linkage, Griewank/Sphere; n_var = 100 M."""

    group_landscapes = (landscapes.griewank, landscapes.sphere)


class LSMOP9(_LSMOP):
    """LSMOP9: disconnected front (the DTLZ7 front), cosine linkage, Sphere/Ackley.

    ``f_i = x_i`` for ``i < M`` and ``f_M = (1 + g)(M - sum f_i / (1 + g) (1 + sin(3 pi
    f_i)))`` with ``g = 1 + sum_j G_j``; n_var = 100 M.
    """

    group_landscapes = (landscapes.sphere, landscapes.ackley)
    linkage = staticmethod(cosine_linkage)

    def objectives(self, P: np.ndarray, G: np.ndarray) -> np.ndarray:
        g = 1 + G.sum(axis=1, keepdims=True)
        last = (1 + g[:, 0]) * (
            self.n_obj - np.sum(P / (1 + g) * (1 + np.sin(3 * np.pi * P)), axis=1)
        )
        return np.column_stack([P, last])

    def _calc_pareto_front(self, n_pareto_points: int = DEFAULT_FRONT_POINTS) -> np.ndarray:
        return dtlz7_front(n_pareto_points, self.n_obj)

    def _sample_position(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        return sample_intervals(dtlz7_intervals(), rng.random((n_points, self.n_obj - 1)))
