"""Tests of problems/wfg.py: Pareto-optimal points land on the fronts, fronts are right."""

from __future__ import annotations

import numpy as np
import pytest
from pymoo.problems.many import wfg as pymoo_wfg
from test_benchmarks import RELATION, brute_force_non_dominated

import problems
from problems.errors import ProblemDefinitionError
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


@pytest.mark.parametrize("n_obj", [2, 3])
@pytest.mark.parametrize("name", [f"wfg{i}" for i in range(1, 10)])
def test_pareto_optimal_point_lands_on_the_front(name: str, n_obj: int) -> None:
    problem = problems.get(name, n_obj=n_obj)
    X = _optimal(name, problem.k, problem.n_var, np.random.default_rng(3), 100)
    F = problem.evaluate(X)
    assert np.abs(RELATION[name](F)).max() < 1e-8
    if (name, n_obj) != ("wfg3", 3):  # its relation is membership of a 2-D region
        # ... and a small step off the optimum leaves the front.
        X[:, -1] += 0.01
        assert np.abs(RELATION[name](problem.evaluate(X))).min() > 1e-6


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
        ("wfg1", {"n_obj": 4}, r"WFG1: n_obj must be 2 or 3, got 4"),
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
