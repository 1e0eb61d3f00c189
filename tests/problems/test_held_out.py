"""The held-out suite (DESIGN.md's benchmark protocol): every problem builds at its held-out
size, and its 1,000-point reference front is right (the IGD and HV of every held-out run
are measured against it)."""

from __future__ import annotations

import numpy as np
import pytest
from pymoo.problems.many.cdtlz import constraint_c1_linear, constraint_c2, constraint_c3_spherical
from scipy.spatial.distance import cdist
from test_benchmarks import RELATION, brute_force_non_dominated

import problems

N_POINTS = 1000

# (name, params, n_var, n_obj, (ideal, nadir) of the true front, where simple).
HELD_OUT = [
    *[("dtlz1", {"n_obj": m}, m + 4, m, (0.0, 0.5)) for m in (5, 8)],
    *[(f"dtlz{i}", {"n_obj": m}, m + 9, m, (0.0, 1.0)) for i in (2, 4) for m in (5, 8)],
    *[("dtlz7", {"n_obj": m}, m + 19, m, None) for m in (5, 8)],
    *[(f"wfg{i}", {"n_obj": m}, 2 * m + 18, m, "wfg") for i in (2, 4, 7) for m in (5, 8)],
    *[(f"imf{i}", {"n_var": 200}, 200, 3 if i in (4, 8) else 2, None) for i in range(1, 11)],
    *[(f"lsmop{i}", {"n_obj": 3, "n_var": 300}, 300, 3, (0.0, 1.0)) for i in range(1, 9)],
    ("lsmop9", {"n_obj": 3, "n_var": 300}, 300, 3, None),
    *[("c1dtlz1", {"n_obj": m}, m + 4, m, (0.0, 0.5)) for m in (3, 5)],
    *[("c2dtlz2", {"n_obj": m}, m + 9, m, (0.0, 1.0)) for m in (3, 5)],
    # On each axis C3-DTLZ4's front is at radius 1 / sqrt(1 - 3/4) = 2.
    *[("c3dtlz4", {"n_obj": m}, m + 9, m, (0.0, 2.0)) for m in (3, 5)],
]


def _case_id(case: tuple) -> str:
    name, params = case[0], case[1]
    return name + "-" + "-".join(f"{k}{v}" for k, v in params.items())


def _constraints(name: str, F: np.ndarray) -> np.ndarray:
    """pymoo's constraint values (``<= 0`` feasible) of the constrained DTLZ at ``F``."""
    if name == "c1dtlz1":
        return constraint_c1_linear(F)
    if name == "c2dtlz2":
        return constraint_c2(F, 0.4 if F.shape[1] == 3 else 0.5)
    return constraint_c3_spherical(F)


def test_the_suite_has_every_held_out_problem() -> None:
    names = {case[0] for case in HELD_OUT}
    assert len(HELD_OUT) == 39 and len(names) == 29


@pytest.mark.parametrize("case", HELD_OUT, ids=_case_id)
def test_held_out_front(case: tuple) -> None:
    """Exactly 1,000 distinct non-dominated points on the front's shape, spanning it,
    feasible, and near every Pareto-optimal solution the Pareto-set sampler gives."""
    name, params, n_var, n_obj, extent = case
    problem = problems.get(name, **params)
    assert (problem.n_var, problem.n_obj) == (n_var, n_obj)
    front = problem.pareto_front(N_POINTS)
    assert front.shape == (N_POINTS, n_obj) and np.isfinite(front).all()
    assert np.abs(RELATION[name](front)).max() < 1e-8
    assert len(np.unique(front.round(12), axis=0)) == N_POINTS
    assert brute_force_non_dominated(front).all()
    if extent == "wfg":
        extent = (0.0, np.arange(2, 2 * n_obj + 1, 2))
    if extent is not None:
        assert np.allclose(front.min(axis=0), extent[0], rtol=0, atol=1e-12)
        assert np.allclose(front.max(axis=0), extent[1], rtol=0, atol=1e-12)
    if problem.n_ieq_constr:
        assert _constraints(name, front).max() <= 1e-9

    out = problem.evaluate(problem.pareto_set(200, random_state=0), return_as_dictionary=True)
    F = out["F"]
    assert np.abs(RELATION[name](F)).max() < 1e-8
    if problem.n_ieq_constr:
        assert out["G"].max() <= 0
    spacing = cdist(front, front)
    np.fill_diagonal(spacing, np.inf)
    assert cdist(F, front).min(axis=1).max() <= 1.5 * spacing.min(axis=1).max()
