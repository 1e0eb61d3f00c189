"""Every registered benchmark: Pareto sets evaluate onto Pareto fronts, fronts are right.

Covers problems/zdt.py, problems/dtlz.py, problems/imf.py and problems/base.py.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from pymoo.indicators.igd import IGD
from scipy.spatial.distance import cdist

import problems
from problems.base import Benchmark

ALL = [name for name, info in problems.available().items() if not info["multitask"]]
# (name, params) cases: every problem at its defaults, DTLZ for several M, odd sizes.
CASES = [(name, {}) for name in ALL]
CASES += [(f"dtlz{i}", {"n_obj": m}) for i in range(1, 8) for m in (2, 5)]
CASES += [("zdt1", {"n_var": 2}), ("zdt4", {"n_var": 3}), ("imf4", {"n_var": 3})]
CASES += [("imf9", {"n_var": 5}), ("imf7", {"n_var": 200}), ("dtlz7", {"n_obj": 4, "k": 3})]
CASES += [(f"lsmop{i}", {"n_obj": 2}) for i in range(1, 10)]
CASES += [(f"lsmop{i}", {"n_obj": 5, "n_var": 500}) for i in range(1, 10)]
CASES += [(f"wfg{i}", {"n_obj": 3}) for i in range(1, 10)]
CASES += [("wfg1", {"n_var": 7}), ("wfg2", {"n_obj": 3, "n_var": 14, "k": 6})]
CASES += [(name, {"n_obj": m}) for name in ("c1dtlz1", "c2dtlz2", "c3dtlz4") for m in (2, 5)]
CASES += [("lsmop3", {"n_obj": 10}), ("lsmop7", {"n_obj": 4, "n_var": 2000, "nk": 2})]


def _convex(F: np.ndarray) -> np.ndarray:
    return F[:, 1] - (1 - np.sqrt(F[:, 0]))


def _concave(F: np.ndarray) -> np.ndarray:
    return F[:, 1] - (1 - F[:, 0] ** 2)


def _zdt3(F: np.ndarray) -> np.ndarray:
    return F[:, 1] - (1 - np.sqrt(F[:, 0]) - F[:, 0] * np.sin(10 * np.pi * F[:, 0]))


def _simplex(F: np.ndarray) -> np.ndarray:
    return F.sum(axis=1) - 0.5


def _unit_simplex(F: np.ndarray) -> np.ndarray:
    return F.sum(axis=1) - 1


def _sphere(F: np.ndarray) -> np.ndarray:
    return (F**2).sum(axis=1) - 1


def _dtlz7(F: np.ndarray) -> np.ndarray:
    P, m = F[:, :-1], F.shape[1]
    return F[:, -1] - (2 * m - np.sum(P * (1 + np.sin(3 * np.pi * P)), axis=1))


def _wfg_position_1(F: np.ndarray) -> np.ndarray:
    """x_1 of a WFG1/WFG2 front point from its convex objectives 1 .. M-1."""
    if F.shape[1] == 2:
        c = F[:, 0] / 2
    elif F.shape[1] > 3:
        c = _wfg_convex_scale(F[:, :-1] / np.arange(2, 2 * F.shape[1], 2))
    else:
        # c (1 - cos a, 1 - sin a) = (f1 / 2, f2 / 4): the nearer crossing of the ray
        # through (f1 / 2, f2 / 4) with the circle of radius 1 around (1, 1), at 1 / c.
        A, B = F[:, 0] / 2, F[:, 1] / 4
        u = np.divide(A + B - np.sqrt(2 * A * B), A**2 + B**2, where=A + B > 0, out=np.ones_like(A))
        c = np.where(A + B > 0, 1 / u, 0.0)
    return 2 / np.pi * np.arccos(1 - c)


def _wfg_convex_scale(H: np.ndarray) -> np.ndarray:
    """``c = 1 - cos(pi x_1 / 2)`` of points ``H`` of WFG's convex shape (``n x (M-1)``).

    With ``P_2 = c`` and ``P_(j+1) = P_j (1 - cos(pi x_j / 2))``, the pair
    ``(h_(M-j+1), P_(j+1))`` is ``P_j (1 - sin, 1 - cos)`` of ``x_j``: a point of the circle
    of radius 1 around (1, 1), scaled by ``P_j``. Starting from ``P_M = h_1``, each scale
    follows from the one after it, as in the 3-objective case.
    """
    P = H[:, 0]
    for col in range(1, H.shape[1]):
        a, b = H[:, col], P
        near = a + b - np.sqrt(2 * a * b)
        P = np.divide(a**2 + b**2, near, out=np.zeros_like(a), where=near > 0)
    return P


def _wfg1(F: np.ndarray) -> np.ndarray:
    x1 = _wfg_position_1(F)
    return F[:, -1] - 2 * F.shape[1] * (1 - x1 - np.cos(10 * np.pi * x1 + np.pi / 2) / (10 * np.pi))


def _wfg2(F: np.ndarray) -> np.ndarray:
    x1 = _wfg_position_1(F)
    return F[:, -1] - 2 * F.shape[1] * (1 - x1 * np.cos(5 * np.pi * x1) ** 2)


def _wfg3(F: np.ndarray) -> np.ndarray:
    """2 objectives: the line. 3: how far F is from being WFG3's image of some
    (x1, d, s) in [0, 1] x [0, 1] x [-1, 1] (F = d + (2 x1 x2, 4 x1 (1 - x2), 6 (1 - x1)),
    x2 = 0.5 + s d / 2): its front is not only the segment d = 0 (see test_wfg.py)."""
    if F.shape[1] == 2:
        return F[:, 0] / 2 + F[:, 1] / 4 - 1
    # F1 + F2 / 2 + F3 / 3 = 2 + 11 d / 6 and F3 = d + 6 (1 - x1).
    d = (F[:, 0] + F[:, 1] / 2 + F[:, 2] / 3 - 2) * 6 / 11
    x1 = 1 - (F[:, 2] - d) / 6
    segment = np.abs(F[:, 1] - 2 * F[:, 0]) + np.abs(d)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = ((F[:, 0] - d) / x1 - 1) / d
    region = np.maximum.reduce([-d, d - 1, -x1, x1 - 1, np.abs(s) - 1, np.zeros_like(d)])
    return np.where(d < 1e-9, segment, region)


def _c3dtlz4(F: np.ndarray) -> np.ndarray:
    """Along each direction the front sits where the tightest constraint is 0."""
    return np.sum(F**2, axis=1) - 0.75 * np.max(F**2, axis=1) - 1


def _ellipsoid(F: np.ndarray) -> np.ndarray:
    return np.sum((F / np.arange(2, 2 * F.shape[1] + 1, 2)) ** 2, axis=1) - 1


# The analytical relation that holds on each front (residual 0).
RELATION: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    **dict.fromkeys(["zdt1", "zdt4", "imf1", "imf5", "imf9", "imf10"], _convex),
    **dict.fromkeys(["zdt2", "zdt6", "imf2", "imf3", "imf6", "imf7"], _concave),
    "zdt3": _zdt3,
    "dtlz1": _simplex,
    **dict.fromkeys(["dtlz2", "dtlz3", "dtlz4", "dtlz5", "dtlz6", "imf4", "imf8"], _sphere),
    "dtlz7": _dtlz7,
    **dict.fromkeys([f"lsmop{i}" for i in range(1, 5)], _unit_simplex),
    **dict.fromkeys([f"lsmop{i}" for i in range(5, 9)], _sphere),
    "lsmop9": _dtlz7,
    "c1dtlz1": _simplex,
    "c2dtlz2": _sphere,
    "c3dtlz4": _c3dtlz4,
    "wfg1": _wfg1,
    "wfg2": _wfg2,
    "wfg3": _wfg3,
    **dict.fromkeys([f"wfg{i}" for i in range(4, 10)], _ellipsoid),
}


def brute_force_non_dominated(F: np.ndarray) -> np.ndarray:
    le = np.all(F[:, None, :] <= F[None, :, :], axis=2)
    lt = np.any(F[:, None, :] < F[None, :, :], axis=2)
    return ~np.any(le & lt, axis=0)


def test_relations_cover_every_problem() -> None:
    assert set(RELATION) == set(ALL)


@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda c: str(c))
def test_pareto_set_evaluates_onto_front(name: str, params: dict) -> None:
    problem = problems.get(name, **params)
    X = problem.pareto_set(200, random_state=1)
    assert X.shape == (200, problem.n_var)
    assert np.all(X >= problem.xl) and np.all(X <= problem.xu)
    F = problem.evaluate(X, return_values_of=["F"])
    assert np.abs(RELATION[name](F)).max() < 1e-8
    front = problem.pareto_front(2000)
    # Every Pareto-optimal point lies within the front's own point spacing of the front.
    gaps = cdist(front, front)
    np.fill_diagonal(gaps, np.inf)
    assert cdist(F, front).min(axis=1).max() <= 1.5 * gaps.min(axis=1).max() + 1e-9


@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda c: str(c))
def test_front_has_requested_size_and_is_non_dominated(name: str, params: dict) -> None:
    problem = problems.get(name, **params)
    for n in (1, 7, 300):
        F = problem.pareto_front(n)
        assert F.shape == (n, problem.n_obj)
        assert np.abs(RELATION[name](F)).max() < 1e-8
    assert brute_force_non_dominated(F).all()
    assert len(np.unique(F.round(12), axis=0)) == len(F)


@pytest.mark.parametrize("name", ALL)
def test_front_spans_the_whole_front(name: str) -> None:
    """A coarse front is close to a fine one everywhere (its spread is kept)."""
    problem = problems.get(name)
    coarse, fine = problem.pareto_front(200), problem.pareto_front(3000)
    assert np.allclose(coarse.min(axis=0), fine.min(axis=0), atol=0.05)
    assert np.allclose(coarse.max(axis=0), fine.max(axis=0), atol=0.05)
    assert IGD(coarse).do(fine) < 0.1


def test_known_front_extents() -> None:
    assert problems.get("zdt6").pareto_front(50)[0, 0] == pytest.approx(0.2807753191, abs=1e-9)
    assert problems.get("imf3").ideal_point() == pytest.approx([0.2807753191, 0.0], abs=1e-9)
    assert problems.get("zdt3").pareto_front(500)[:, 1].min() == pytest.approx(-0.7733, abs=1e-3)
    assert problems.get("dtlz1", n_obj=4).nadir_point() == pytest.approx([0.5] * 4)
    t = np.linspace(0, 1, 1_000_001)
    best_f2 = 4 - np.max(t * (1 + np.sin(3 * np.pi * t)))
    assert problems.get("dtlz7", n_obj=2).ideal_point() == pytest.approx([0.0, best_f2], abs=1e-9)
    curve = problems.get("dtlz5", n_obj=4).pareto_front(100)
    assert np.allclose(curve[:, 0], curve[:, 1])


def test_front_cache_is_per_size_and_copies() -> None:
    problem = problems.get("dtlz2")
    a = problem.pareto_front(100)
    assert problem.pareto_front(50).shape == (50, 3)
    a[:] = 0
    assert np.abs(problem.pareto_front(100)).sum() > 0
    assert problem.pareto_front().shape == (1000, 3)


def test_pareto_set_is_reproducible() -> None:
    problem = problems.get("imf5")
    a = problem.pareto_set(20, random_state=3)
    assert np.array_equal(a, problem.pareto_set(20, random_state=np.random.default_rng(3)))
    assert not np.array_equal(a, problem.pareto_set(20, random_state=4))


@pytest.mark.parametrize(
    ("name", "params", "n_var", "n_obj"),
    [
        ("zdt1", {}, 30, 2),
        ("zdt3", {"n_var": 7}, 7, 2),
        ("zdt4", {}, 10, 2),
        ("zdt6", {}, 10, 2),
        ("dtlz1", {}, 7, 3),
        ("dtlz1", {"n_obj": 5, "k": 2}, 6, 5),
        ("dtlz2", {}, 12, 3),
        ("dtlz2", {"n_obj": 10}, 19, 10),
        ("dtlz6", {"n_var": 8, "n_obj": 3}, 8, 3),
        ("dtlz7", {}, 22, 3),
        ("imf1", {}, 30, 2),
        ("imf4", {"n_var": 200}, 200, 3),
        ("imf8", {}, 30, 3),
        ("imf10", {"n_var": 60}, 60, 2),
        ("lsmop1", {}, 300, 3),
        ("lsmop5", {"n_obj": 2}, 200, 2),
        ("lsmop9", {"n_obj": 8, "n_var": 1000}, 1000, 8),
        ("wfg1", {}, 24, 2),
        ("wfg9", {"n_obj": 3, "n_var": 40, "k": 8}, 40, 3),
        ("c1dtlz1", {}, 7, 3),
        ("c2dtlz2", {"n_obj": 6}, 15, 6),
        ("c3dtlz4", {"n_obj": 4, "k": 5}, 8, 4),
    ],
)
def test_shapes(name: str, params: dict, n_var: int, n_obj: int) -> None:
    problem = problems.get(name, **params)
    assert isinstance(problem, Benchmark)
    assert (problem.n_var, problem.n_obj) == (n_var, n_obj)
    X = np.random.default_rng(0).uniform(problem.xl, problem.xu, (13, n_var))
    F, G = problem.evaluate(X, return_values_of=["F", "G"])
    assert F.shape == (13, n_obj) and np.isfinite(F).all()
    assert G.shape == (13, problem.n_ieq_constr)


@pytest.mark.parametrize(
    ("name", "n_var", "lower", "upper"),
    [
        ("zdt1", 30, [0.0] * 30, [1.0] * 30),
        ("zdt4", 10, [0.0] + [-5.0] * 9, [1.0] + [5.0] * 9),
        ("imf1", 30, [0.0] * 30, [1.0] * 30),
        ("imf4", 200, [0.0] * 200, [1.0] * 200),
        ("imf9", 30, [0.0] * 30, [1.0] + [10.0] * 29),
        ("imf10", 200, [0.0] * 200, [1.0] + [10.0] * 199),
        ("lsmop4", 300, [0.0] * 300, [1.0] * 2 + [10.0] * 298),
        ("wfg5", 24, [0.0] * 24, list(range(2, 49, 2))),
        ("c3dtlz4", 12, [0.0] * 12, [1.0] * 12),
    ],
)
def test_bounds(name: str, n_var: int, lower: list, upper: list) -> None:
    problem = problems.get(name, n_var=n_var)
    assert np.array_equal(problem.xl, lower) and np.array_equal(problem.xu, upper)


def test_imf_objectives_at_known_points() -> None:
    """Hand-computed values from the IM-MOEA definitions (PlatEMO's IMMOEA_F*)."""
    D = 4
    x = np.array([[0.25, 0.5, 0.5, 0.5]])
    i = np.arange(2, D + 1)
    t_lin = (1 + 5 * i / D) * 0.5 - 0.25
    g = 1 + 9 * np.mean(t_lin**2)
    assert problems.get("imf1", n_var=D).evaluate(x)[0] == pytest.approx(
        [0.25, g * (1 - np.sqrt(0.25 / g))]
    )
    t_pow = 0.5 ** (1 / (1 + 3 * i / D)) - 0.25
    g10 = 1 + 10 * (D - 1) + np.sum(t_pow**2 - 10 * np.cos(2 * np.pi * t_pow))
    assert problems.get("imf10", n_var=D).evaluate(x)[0] == pytest.approx(
        [0.25, g10 * (1 - np.sqrt(0.25 / g10))]
    )
    g9 = np.sum(t_pow**2) / 4000 - np.prod(np.cos(t_pow / np.sqrt(i - 1))) + 2
    assert problems.get("imf9", n_var=D).evaluate(x)[0, 1] == pytest.approx(
        g9 * (1 - np.sqrt(0.25 / g9))
    )
    r = 1 + np.sum(((1 + 5 * i[1:] / D) * 0.5 - 0.25) ** 2)
    a, b = np.pi / 8, np.pi / 4
    assert problems.get("imf4", n_var=D).evaluate(x)[0] == pytest.approx(
        [np.cos(a) * np.cos(b) * r, np.cos(a) * np.sin(b) * r, np.sin(a) * r]
    )


def dominates_any(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """For each row of B: does some row of A dominate it?"""
    le = np.all(A[:, None, :] <= B[None, :, :], axis=2)
    lt = np.any(A[:, None, :] < B[None, :, :], axis=2)
    return np.any(le & lt, axis=0)


def test_random_solutions_never_beat_the_front() -> None:
    """No random solution dominates a point of the reference front (it really is the best).

    For the problems whose distance term is large off the Pareto set, random (feasible)
    solutions are also dominated by the 500-point front itself.
    """
    for name in ALL:
        problem = problems.get(name)
        X = np.random.default_rng(5).uniform(problem.xl, problem.xu, (500, problem.n_var))
        out = problem.evaluate(X, return_as_dictionary=True)
        F, front = out["F"], problem.pareto_front(500)
        if problem.n_ieq_constr:
            F = F[np.all(out["G"] <= 0, axis=1)]
        assert not dominates_any(F, front).any(), name
        if not name.startswith(("lsmop", "c3")):
            assert dominates_any(front, F).all(), name


def test_pymoo_download_path_is_blocked() -> None:
    """The network guard works: pymoo's own DTLZ7 front would download and fails here."""
    from pymoo.problems.many.dtlz import DTLZ7

    with pytest.raises(RuntimeError, match="must not use the network"):
        DTLZ7(n_var=22, n_obj=3).pareto_front()
