"""DTLZ5 and DTLZ6: their curve is the whole front for 3 objectives, part of it for more.

Also DTLZ4's Pareto-set sampler.
"""

from __future__ import annotations

import numpy as np
import pytest
from pymoo.indicators.igd import IGD

import problems


def _curve_gap(F: np.ndarray) -> np.ndarray:
    """Positive where no point of the curve x_2 = ... = x_(M-1) = 0.5, g = 0 dominates F.

    The curve is ``cos(phi) c + sin(phi) e_M`` with ``c`` the fixed unit direction of the
    first M-1 objectives (``c_1 = c_2 = 2^-(M-2)/2``, then doubling in square), so a point
    of it is no worse than F iff ``cos(phi) <= min_i F_i / c_i`` and ``sin(phi) <= F_M``.
    """
    M = F.shape[1]
    theta = np.full((1, M - 2), np.pi / 4)
    c = problems.get("dtlz5", n_obj=M).obj_func(
        np.column_stack([np.zeros((1, 1)), theta / (np.pi / 2)]), np.zeros(1)
    )[0, :-1]
    reach = np.minimum(np.min(F[:, :-1] / c, axis=1), 1.0)
    return 1 - (reach**2 + np.minimum(F[:, -1], 1.0) ** 2)


@pytest.mark.parametrize("name", ["dtlz5", "dtlz6"])
def test_three_objectives_nothing_beats_the_curve(name: str) -> None:
    problem = problems.get(name, n_obj=3)
    rng = np.random.default_rng(0)
    near = problem.pareto_set(20_000, random_state=1)
    near[:, 2:] += rng.normal(0, 0.02, near[:, 2:].shape) * rng.random((20_000, 1))
    X = np.vstack([rng.random((20_000, problem.n_var)), np.clip(near, 0, 1)])
    assert _curve_gap(problem.evaluate(X)).max() <= 1e-12
    assert np.abs(_curve_gap(problem.pareto_front(200))).max() < 1e-12


def test_four_objectives_the_curve_is_only_part_of_the_front() -> None:
    """With g > 0 the angles theta_2, theta_3 move off pi/4 and escape the curve's cone.

    x_2 = x_3 = 1 and g = 0.5 give theta = pi/4 * (1 + 2g) / (1 + g) = pi/3 and, at
    x_1 = 0, F = 1.5 (cos^2, cos sin, sin, 0)(pi/3) = (0.375, 0.6495, 1.299, 0): the
    curve would need cos(phi) <= 2 * 0.375 = 0.75 and sin(phi) <= 0, impossible.
    """
    problem = problems.get("dtlz5", n_obj=4, k=2)
    # g = (x_4 - 0.5)^2 + (x_5 - 0.5)^2 = 0.5.
    x = np.array([[0.0, 1.0, 1.0, 1.0, 1.0]])
    F = problem.evaluate(x)
    a = np.pi / 3
    assert F[0] == pytest.approx(
        1.5 * np.array([np.cos(a) ** 2, np.cos(a) * np.sin(a), np.sin(a), 0])
    )
    assert _curve_gap(F)[0] > 0.4
    # The reference front is that curve, and no solution dominates a point of it.
    front = problem.pareto_front(200)
    assert np.abs(_curve_gap(front)).max() < 1e-12
    G = problem.evaluate(np.random.default_rng(0).random((20_000, 5)))
    le = np.all(G[:, None, :] <= front[None], axis=2) & np.any(G[:, None, :] < front[None], axis=2)
    assert not le.any()


def test_dtlz4_pareto_set_spreads_like_dtlz2s() -> None:
    """Its positions pass x^100, so the sampler draws x^100 uniform: the images spread
    over the front as DTLZ2's do instead of crowding at its edges."""
    front = problems.get("dtlz2", n_obj=5).pareto_front(1000)
    igd = {}
    for name in ("dtlz2", "dtlz4"):
        problem = problems.get(name, n_obj=5)
        F = problem.evaluate(problem.pareto_set(1000, random_state=0))
        assert np.abs(np.sum(F**2, axis=1) - 1).max() < 1e-12
        igd[name] = IGD(front).do(F)
    assert igd["dtlz4"] < 1.1 * igd["dtlz2"]


@pytest.mark.parametrize("n_obj", [2, 3, 5, 8])
def test_objectives_equal_pymoos_to_the_last_bit(n_obj):
    # evogan computes pymoo's formulas with numpy directly (faster one-row evaluations)
    from pymoo.problems.many import dtlz as pymoo_dtlz

    rng = np.random.default_rng(n_obj)
    for k in range(1, 8):
        ours = problems.get(f"dtlz{k}", n_obj=n_obj)
        theirs = getattr(pymoo_dtlz, f"DTLZ{k}")(n_var=ours.n_var, n_obj=n_obj)
        X = rng.random((50, ours.n_var))
        assert np.array_equal(ours.evaluate(X), theirs.evaluate(X))
