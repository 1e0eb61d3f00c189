"""Tests of problems/wfg.py: Pareto-optimal points land on the fronts, fronts are right."""

from __future__ import annotations

import numpy as np
import pytest
from pymoo.problems.many import wfg as pymoo_wfg
from scipy.spatial.distance import cdist
from scipy.stats import qmc
from test_benchmarks import RELATION, brute_force_non_dominated

import problems
from problems import wfg
from problems.errors import ProblemDefinitionError
from problems.fronts import farthest_point_subset, lattice_points
from problems.wfg import disconnected, last_shape_intervals

A, B, C = 0.98 / 49.98, 0.02, 50.0


def _exponent(u: np.ndarray) -> np.ndarray:
    """Exponent of WFG's parameter-dependent bias for the reference value ``u``."""
    return B + (C - B) * (A - (1 - 2 * u) * np.abs(np.floor(0.5 - u) + A))


def _optimal(name: str, k: int, n: int, rng: np.random.Generator, size: int) -> np.ndarray:
    """Pareto-optimal decision vectors worked out from the WFG definitions.

    Position variables are random; distance variables ``y_i = z_i / (2 i)`` are 0.35,
    except WFG8 (``y_i`` whose bias by the mean of ``y_1 .. y_(i-1)`` gives 0.35) and WFG9
    (the same with the mean of ``y_(i+1) .. y_n``, from the last variable backwards).
    """
    Y = np.empty((size, n))
    Y[:, :k] = rng.random((size, k))
    if name == "wfg8":
        for i in range(k, n):
            Y[:, i] = 0.35 ** (1 / _exponent(Y[:, :i].mean(axis=1)))
    elif name == "wfg9":
        Y[:, n - 1] = 0.35
        for i in range(n - 2, k - 1, -1):
            Y[:, i] = 0.35 ** (1 / _exponent(Y[:, i + 1 :].mean(axis=1)))
    else:
        Y[:, k:] = 0.35
    return Y * 2 * np.arange(1, n + 1)


ANY_M = [f"wfg{i}" for i in range(1, 10) if i != 3]
# (name, n_obj): every WFG for 2 and 3 objectives, all but WFG3 for 5 and 8.
SIZES = [(f"wfg{i}", m) for i in range(1, 10) for m in (2, 3)]
SIZES += [(name, m) for name in ANY_M for m in (5, 8)]


@pytest.mark.parametrize(("name", "n_obj"), SIZES)
def test_pareto_optimal_point_lands_on_the_front(name: str, n_obj: int) -> None:
    problem = problems.get(name, n_obj=n_obj)
    X = _optimal(name, problem.k, problem.n_var, np.random.default_rng(3), 100)
    F = problem.evaluate(X)
    assert np.abs(RELATION[name](F)).max() < 1e-8
    if (name, n_obj) != ("wfg3", 3):  # its relation is membership of a 2-D region
        # ... and a small step off the optimum leaves the front (with the 34 variables of
        # 8 objectives, 0.01 moves WFG4's distance parameter by only 5e-7).
        X[:, -1] += 0.01 if n_obj <= 3 else 0.05
        assert np.abs(RELATION[name](problem.evaluate(X))).min() > 1e-6


@pytest.mark.parametrize("n_obj", [5, 8])
@pytest.mark.parametrize("name", ANY_M)
def test_many_objective_front(name: str, n_obj: int) -> None:
    """n non-dominated points on the shape, reaching its corners, near every
    Pareto-optimal point, the same on every call."""
    problem = problems.get(name, n_obj=n_obj)
    S = np.arange(2, 2 * n_obj + 1, 2)
    for n in (1, 7, 500):
        front = problem.pareto_front(n)
        assert front.shape == (n, n_obj)
        assert np.abs(RELATION[name](front)).max() < 1e-8
    assert brute_force_non_dominated(front).all()
    assert len(np.unique(front.round(12), axis=0)) == len(front)
    # Its ideal and nadir are the true front's: 0 and S_m = 2 m (WFG1's mixed shape is
    # 2e-17, not 0, at x_1 = 1 in floating point).
    assert np.allclose(front.min(axis=0), 0, rtol=0, atol=1e-12)
    assert np.allclose(front.max(axis=0), S, rtol=0, atol=1e-12)
    F = problem.evaluate(problem.pareto_set(300, random_state=2))
    assert np.abs(RELATION[name](F)).max() < 1e-8
    # Pareto-optimal points lie within the front's own spacing of it: the front has no
    # hole where solutions land (sampled solutions crowd, so IGD is no measure here).
    spacing = cdist(front, front)
    np.fill_diagonal(spacing, np.inf)
    assert cdist(F, front).min(axis=1).max() <= 1.5 * spacing.min(axis=1).max()
    assert np.array_equal(front, problems.get(name, n_obj=n_obj).pareto_front(500))


@pytest.mark.parametrize("n_obj", [3, 5, 8])
def test_convex_rays_meet_the_shape_on_their_rays(n_obj: int) -> None:
    """WFG2's front points lie on their rays; the rays that miss pass through its gaps."""
    W = lattice_points(300, n_obj)
    X, hit = wfg.convex_rays(W, disconnected, last_shape_intervals(disconnected))
    assert 0.5 < hit.mean() < 1.0
    F = wfg.convex_front(X[hit], disconnected, n_obj)
    unit = W[hit] / np.linalg.norm(W[hit], axis=1, keepdims=True)
    assert np.abs(F / np.linalg.norm(F, axis=1, keepdims=True) - unit).max() < 1e-12
    # A missed ray meets the whole shape only where x_1 is off the front's pieces.
    X_off, hit_off = wfg.convex_rays(W[~hit], disconnected, ((0.0, 1.0),))
    assert hit_off.all()
    x1 = X_off[:, 0]
    pieces = last_shape_intervals(disconnected)
    assert not np.any([(x1 >= a - 1e-9) & (x1 <= b + 1e-9) for a, b in pieces])


def test_many_objective_wfg1_front_beats_rays_or_parameters_alone() -> None:
    """Rays leave holes where the shape stretches, a parameter sample where it squeezes;
    chosen from both, the front has the smallest holes."""
    problem = problems.get("wfg1", n_obj=5)
    last, intervals = wfg.mixed, last_shape_intervals(wfg.mixed)
    X, hit = wfg.convex_rays(lattice_points(2000, 5), last, intervals)
    assert hit.all()  # every ray meets WFG1's front
    U = qmc.Sobol(4, scramble=False).random_base2(11)
    fine = problem.pareto_front(2000)

    def hole(F: np.ndarray) -> float:
        """Largest distance from the fine front to the nearest of 1,000 points of F."""
        return float(cdist(fine, F[farthest_point_subset(F, 1000)]).min(axis=1).max())

    assert hole(problem.pareto_front(1000)) < 0.7
    assert hole(wfg.convex_front(X, last, 5)) > 1.0
    assert hole(wfg.convex_front(U, last, 5)) > 1.0


def test_pymoo_wfg1_cannot_reach_its_front() -> None:
    """pymoo's WFG1 turns the rounding error of z_i / (2 i) into an offset of 0.069."""
    ours = problems.get("wfg1")
    theirs = pymoo_wfg.WFG1(n_var=24, n_obj=2, k=4)
    X = _optimal("wfg1", 4, 24, np.random.default_rng(0), 50)
    gap = theirs.evaluate(X) - ours.evaluate(X)
    # No double z_i has z_i / (2 i) = 0.35 exactly for i = 6, 12, 24; each adds
    # (1e-16)^0.02 ~ 0.48 with weight 2 i to x_M = sum(2 i y_i) / sum(2 i).
    assert [i for i in (6, 12, 24) if 0.35 * 2 * i / (2 * i) != 0.35] == [6, 12, 24]
    assert gap.min() > 0.068 and gap.max() < 0.071
    # Away from the optimum both agree exactly.
    R = np.random.default_rng(1).uniform(ours.xl, ours.xu, (500, 24))
    assert np.array_equal(theirs.evaluate(R), ours.evaluate(R))


def test_wfg3_three_objectives_is_more_than_the_segment() -> None:
    """The segment (x, 2x, 6 - 6x) usually quoted is part of WFG3's front, not all of it."""
    problem = problems.get("wfg3", n_obj=3)
    rng = np.random.default_rng(0)
    near = problem.pareto_set(5000, random_state=1)
    near = np.clip(near + rng.normal(0, 0.02, near.shape) * problem.xu, problem.xl, problem.xu)
    F = problem.evaluate(near)
    # Some segment point (u, 2u, 6 - 6u) is no worse than F iff
    # max(0, 1 - F3 / 6) <= min(F1, F2 / 2, 1); for some solutions near the Pareto set
    # it is not, so they are not dominated by the segment.
    gap = np.maximum(0, 1 - F[:, 2] / 6) - np.minimum.reduce([F[:, 0], F[:, 1] / 2])
    assert gap.max() > 1e-3
    front = problem.pareto_front(500)
    off_segment = np.abs(front[:, 1] - 2 * front[:, 0]) > 1e-6
    assert off_segment.mean() > 0.5
    # Solutions random or near the Pareto set never dominate a point of the front.
    rng = np.random.default_rng(0)
    near = problem.pareto_set(2000, random_state=1)
    near *= 1 + rng.normal(0, 0.05, near.shape)
    X = np.vstack([rng.uniform(problem.xl, problem.xu, (2000, 24)), near])
    G = problem.evaluate(np.clip(X, problem.xl, problem.xu))
    le = np.all(G[:, None, :] <= front[None], axis=2) & np.any(G[:, None, :] < front[None], axis=2)
    assert not le.any()


def test_wfg2_front_pieces() -> None:
    """The pieces of x_1 where 1 - x cos^2(5 pi x) beats all smaller x, checked on a grid."""
    pieces = last_shape_intervals(disconnected)
    assert len(pieces) == 6 and pieces[0][0] == 0.0 and pieces[-1][1] == 1.0
    x = np.linspace(0, 1, 2_000_001)
    v = disconnected(x)
    record = v < np.concatenate([[np.inf], np.minimum.accumulate(v)[:-1]])
    inside = np.zeros_like(record)
    for a, b in pieces:
        inside |= (x >= a - 1e-6) & (x <= b + 1e-6)
    assert np.all(inside[record]) and np.mean(record[inside]) > 0.999
    front = problems.get("wfg2").pareto_front(400)
    assert brute_force_non_dominated(front).all()
    steps = np.linalg.norm(np.diff(front, axis=0), axis=1)
    assert np.sum(steps > 2 * np.median(steps)) == 5


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("wfg3", {"n_obj": 4}, r"WFG3: n_obj must be 2 or 3, got 4"),
        ("wfg1", {"n_obj": 1}, r"WFG1: n_obj must be an integer >= 2, got 1"),
        ("wfg7", {"n_obj": 8, "k": 12}, r"WFG7: k must be a multiple of n_obj - 1 = 7, got 12"),
        ("wfg2", {"n_obj": 5, "n_var": 29}, r"n_var - k \(the distance variables\) must be even"),
        ("wfg4", {"n_obj": 8, "n_var": 14}, r"WFG4: n_var must be an integer >= 15, got 14"),
        ("wfg4", {"n_obj": 3, "k": 5}, r"WFG4: k must be a multiple of n_obj - 1 = 2, got 5"),
        ("wfg5", {"k": 3}, r"WFG5: k must be an integer >= 4, got 3"),
        ("wfg2", {"n_var": 23}, r"WFG2: n_var - k \(the distance variables\) must be even"),
        ("wfg6", {"n_var": 4}, r"WFG6: n_var must be an integer >= 5, got 4"),
    ],
)
def test_invalid_sizes(name: str, params: dict, message: str) -> None:
    with pytest.raises(ProblemDefinitionError, match=message):
        problems.get(name, **params)


def test_sizes_and_bounds() -> None:
    problem = problems.get("wfg7", n_obj=3, n_var=30, k=6)
    assert (problem.n_var, problem.n_obj, problem.k) == (30, 3, 6)
    assert np.array_equal(problem.xu, 2 * np.arange(1, 31)) and np.all(problem.xl == 0)
    assert problems.available()["wfg1"]["params"] == {"n_obj": 2, "n_var": 24, "k": 4}


@pytest.mark.parametrize(
    ("n_obj", "params", "n_var", "k"),
    [
        (2, {}, 24, 4),
        (3, {}, 24, 4),
        (3, {"k": 6}, 24, 6),  # as before: n_var does not follow an explicit k
        (5, {}, 28, 8),
        (8, {}, 34, 14),
        (8, {"k": 7, "n_var": 17}, 17, 7),  # PlatEMO's k = M - 1, l = 10
    ],
)
def test_default_sizes(n_obj: int, params: dict, n_var: int, k: int) -> None:
    """k = 4 for 2 objectives, 2 (M - 1) for more; l = 20 with the default k."""
    problem = problems.get("wfg2", n_obj=n_obj, **params)
    assert (problem.n_var, problem.k, problem.l) == (n_var, k, n_var - k)
