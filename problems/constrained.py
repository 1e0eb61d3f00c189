"""Constrained DTLZ problems C1-DTLZ1, C2-DTLZ2, C3-DTLZ4 with local fronts.

Jain and Deb, "An evolutionary many-objective optimization algorithm using
reference-point based nondominated sorting approach, part II: handling constraints and
extending to an adaptive approach", IEEE TEVC 18(4), 2014. Objectives are the DTLZ
problems of ``problems.dtlz``; constraints (``G <= 0`` feasible) are pymoo's:

- C1-DTLZ1: ``f_M / 0.6 + sum_(i<M) f_i / 0.5 - 1 <= 0`` cuts away the region above the
  DTLZ1 front, which stays feasible: the front is DTLZ1's;
- C2-DTLZ2: a solution must lie within ``r`` of a corner ``e_i`` or of the centre
  ``(1, ..., 1) / sqrt(M)`` (``r`` = 0.2 for 2 objectives, as in pymoo, 0.4 for 3, 0.5
  for more); DTLZ2 images are radial (``(1 + g) u``, ``|u| = 1``) and moving outwards only
  moves away from those points, so the front is the feasible part of the unit sphere;
- C3-DTLZ4: ``f_j^2 / 4 + sum_(i != j) f_i^2 >= 1`` for every ``j`` makes the sphere
  infeasible; along each direction ``u`` the front is at radius
  ``1 / sqrt(1 - 3/4 max_j u_j^2)``, reached with ``g = radius - 1``.
"""

from __future__ import annotations

import numpy as np
from pymoo.problems.many.cdtlz import constraint_c1_linear, constraint_c2, constraint_c3_spherical

from problems import dtlz
from problems.base import DEFAULT_FRONT_POINTS
from problems.errors import ProblemDefinitionError
from problems.fronts import farthest_point_subset, lattice_points, sphere_points


class C1DTLZ1(dtlz.DTLZ1):
    """C1-DTLZ1: DTLZ1 with one linear constraint; the DTLZ1 front; k = 5 by default."""

    def __init__(self, n_obj: int = 3, k: int | None = None, n_var: int | None = None) -> None:
        super().__init__(n_obj=n_obj, k=k, n_var=n_var)
        self.n_ieq_constr = 1

    def _evaluate(self, x: np.ndarray, out: dict, *args: object, **kwargs: object) -> None:
        super()._evaluate(x, out, *args, **kwargs)
        out["G"] = constraint_c1_linear(out["F"])


def c2_radius(n_obj: int) -> float:
    """The radius ``r`` of C2-DTLZ2's feasible regions."""
    return {2: 0.2, 3: 0.4}.get(n_obj, 0.5)


class C2DTLZ2(dtlz.DTLZ2):
    """C2-DTLZ2: DTLZ2 feasible only near the corners and the centre; k = 10 by default."""

    def __init__(self, n_obj: int = 3, k: int | None = None, n_var: int | None = None) -> None:
        super().__init__(n_obj=n_obj, k=k, n_var=n_var)
        self.n_ieq_constr = 1
        self.r = c2_radius(self.n_obj)

    def _evaluate(self, x: np.ndarray, out: dict, *args: object, **kwargs: object) -> None:
        super()._evaluate(x, out, *args, **kwargs)
        out["G"] = constraint_c2(out["F"], self.r)

    def _calc_pareto_front(self, n_pareto_points: int = DEFAULT_FRONT_POINTS) -> np.ndarray:
        n_dense = 20 * n_pareto_points
        while True:
            W = lattice_points(n_dense, self.n_obj)
            F = W / np.linalg.norm(W, axis=1, keepdims=True)
            F = F[constraint_c2(F, self.r) <= 0]
            if len(F) >= 4 * n_pareto_points:
                return F[np.sort(farthest_point_subset(F, n_pareto_points))]
            n_dense *= 4

    def _sample_position(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        # Rejection sampling of Pareto-optimal positions whose image is feasible.
        kept = np.empty((0, self.n_obj - 1))
        while len(kept) < n_points:
            P = rng.random((4 * n_points, self.n_obj - 1))
            F = self.obj_func(P, np.zeros(len(P)))
            kept = np.vstack([kept, P[constraint_c2(F, self.r) <= 0]])
        return kept[:n_points]


def c3_radius(U: np.ndarray) -> np.ndarray:
    """Radius of the C3-DTLZ4 front along unit directions ``U`` (rows)."""
    return 1 / np.sqrt(1 - 0.75 * np.max(U**2, axis=1))


class C3DTLZ4(dtlz.DTLZ4):
    """C3-DTLZ4: DTLZ4 with M constraints that push the front off the sphere; k = 10."""

    param_ranges = {**dtlz.DTLZ4.param_ranges, "k": "integer >= 4"}

    def __init__(self, n_obj: int = 3, k: int | None = None, n_var: int | None = None) -> None:
        super().__init__(n_obj=n_obj, k=k, n_var=n_var)
        if self.k < 4:
            # The front needs g = radius - 1 up to 1, and g = sum (x_i - 0.5)^2 <= k / 4.
            raise ProblemDefinitionError(
                f"{self.name()}: k must be an integer >= 4 (its front needs "
                f"g = sum (x_i - 0.5)^2 up to 1), got {self.k}"
            )
        self.n_ieq_constr = self.n_obj

    def _evaluate(self, x: np.ndarray, out: dict, *args: object, **kwargs: object) -> None:
        super()._evaluate(x, out, *args, **kwargs)
        out["G"] = constraint_c3_spherical(out["F"])

    def _calc_pareto_front(self, n_pareto_points: int = DEFAULT_FRONT_POINTS) -> np.ndarray:
        U = sphere_points(n_pareto_points, self.n_obj)
        return U * c3_radius(U)[:, None]

    def _sample_pareto_set(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        # Unit-sphere positions (through DTLZ4's x^100 mapping), then g = radius - 1.
        P = rng.random((n_points, self.n_obj - 1))
        U = self.obj_func(P, np.zeros(n_points))
        X = np.empty((n_points, self.n_var))
        X[:, : self.n_obj - 1] = P ** (1 / self.alpha)
        # A relative margin of 1e-10 keeps the constraints <= 0 despite rounding.
        step = np.sqrt((c3_radius(U) * (1 + 1e-10) - 1) / self.k)
        X[:, self.n_obj - 1 :] = 0.5 + step[:, None]
        return X
