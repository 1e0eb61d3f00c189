"""Tests of problems/lsmop.py: LSMOP1-9 values, variable groups, sizes and errors."""

from __future__ import annotations

import numpy as np
import pytest

import problems
from problems.errors import OptionError, ProblemDefinitionError
from problems.lsmop import group_sizes, min_n_var

E = np.e


def _decision(problem, x1: float, t: float) -> np.ndarray:
    """The decision vector with position variables ``x1`` and every linked ``t_i = t``."""
    M, D = problem.n_obj, problem.n_var
    i = np.arange(M, D + 1)
    a = 1 + i / D if problem.name() in ("LSMOP1", "LSMOP2", "LSMOP3", "LSMOP4") else None
    if a is None:
        a = 1 + np.cos(np.pi / 2 * i / D)
    return np.concatenate([[x1] * (M - 1), (t + 10 * x1) / a])[None, :]


def test_group_sizes_follow_the_logistic_map() -> None:
    # c = 0.342, 0.855, 0.4714 (sum 1.6685); (300 - 3 + 1) / 5 = 59.6 variables per share.
    assert group_sizes(3, 300, 5).tolist() == [12, 30, 16]
    # 2 objectives, 19 variables: (19 - 1) / 5 = 3.6; 0.342 / 1.197 * 3.6 = 1.03, 2.57.
    assert group_sizes(2, 19, 5).tolist() == [1, 2]
    assert group_sizes(2, 18, 5).tolist() == [0, 2]
    assert min_n_var(2, 5) == 19


# Two objectives, 19 variables: group 1 is x2..x6 (five subcomponents of one variable),
# group 2 is x7..x16 (five of two), x17..x19 are left over. With every t_i = 1 and
# x1 = 0.5, G_j is the landscape's value at t = 1 summed over five subcomponents and
# divided by 5 sublen_j.
HAND = [
    # Sphere/Sphere: G = (5 * 1 / 5, 5 * 2 / 10) = (1, 1); f = (1 + G) (x1, 1 - x1).
    ("lsmop1", [1.0, 1.0]),
    # Griewank on one variable: 1 + 1/4000 - cos(1); Schwefel: max |t| = 1, G2 = 5 / 10.
    ("lsmop2", [(2 + 1 / 4000 - np.cos(1)) * 0.5, 1.5 * 0.5]),
    # Rastrigin at 1: 1 - 10 + 10 = 1, G1 = 1; Rosenbrock at t = 1 is 0.
    ("lsmop3", [1.0, 0.5]),
    # Ackley at t = 1: 20 + e - 20 exp(-0.2) - e; Griewank on pairs (1, 1):
    # 1 + 2/4000 - cos(1) cos(1 / sqrt(2)), divided by sublen 2.
    (
        "lsmop4",
        [
            (21 - 20 * np.exp(-0.2)) * 0.5,
            (1 + (1 + 2 / 4000 - np.cos(1) * np.cos(1 / np.sqrt(2))) / 2) * 0.5,
        ],
    ),
    # Sphere shape: f1 = (1 + G1 + G2) cos(pi / 4), f2 = (1 + G2) sin(pi / 4).
    ("lsmop5", [3 * np.cos(np.pi / 4), 2 * np.sin(np.pi / 4)]),
    # Rosenbrock on one variable: empty sum, 0; Schwefel: G2 = 0.5.
    ("lsmop6", [1.5 * np.cos(np.pi / 4), 1.5 * np.sin(np.pi / 4)]),
    # Ackley on one variable: 20 - 20 exp(-0.2); Rosenbrock at t = 1: 0.
    ("lsmop7", [(21 - 20 * np.exp(-0.2)) * np.cos(np.pi / 4), np.sin(np.pi / 4)]),
    # Griewank on one variable, Sphere on pairs: G2 = 5 * 2 / 10 = 1.
    ("lsmop8", [(3 + 1 / 4000 - np.cos(1)) * np.cos(np.pi / 4), 2 * np.sin(np.pi / 4)]),
    # g = 1 + G1 + G2 with G1 = 1, G2 = (20 - 20 exp(-0.2)) / 2;
    # f2 = (1 + g)(2 - 0.5 / (1 + g) (1 + sin(1.5 pi))) = 2 (1 + g).
    ("lsmop9", [0.5, 2 * (3 + (20 - 20 * np.exp(-0.2)) / 2)]),
]


@pytest.mark.parametrize(("name", "expected"), HAND)
def test_objectives_at_hand_computed_points(name: str, expected: list[float]) -> None:
    problem = problems.get(name, n_obj=2, n_var=19)
    assert problem.sublen.tolist() == [1, 2]
    F = problem.evaluate(_decision(problem, 0.5, 1.0))
    assert F[0] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("name", [f"lsmop{i}" for i in range(1, 10)])
def test_five_thousand_variables(name: str) -> None:
    problem = problems.get(name, n_obj=3, n_var=5000)
    assert problem.n_var == 5000 and problem.sublen.tolist() == [204, 512, 282]
    assert np.array_equal(problem.xu, [1.0, 1.0] + [10.0] * 4998)
    X = problem.pareto_set(50, random_state=0)
    assert np.all(X >= problem.xl) and np.all(X <= problem.xu)
    assert np.abs(problem.distances(X)).max() < 1e-12
    F = problem.evaluate(np.random.default_rng(0).uniform(problem.xl, problem.xu, (50, 5000)))
    assert F.shape == (50, 3) and np.isfinite(F).all() and F.min() >= 0


def test_default_size_is_100_per_objective() -> None:
    assert problems.get("lsmop1").n_var == 300
    assert problems.get("lsmop5", n_obj=5).n_var == 500
    assert problems.available()["lsmop9"]["params"] == {"n_obj": 3, "n_var": None, "nk": 5}


def test_unreachable_part_of_the_front_is_reported() -> None:
    """LSMOP6 (3 objectives): Rosenbrock's optimum leaves [0, 10] for x1 above 0.942."""
    problem = problems.get("lsmop6")
    assert problem.x1_max == pytest.approx(0.9419, abs=1e-4)
    assert problems.get("lsmop1").x1_max == 1.0
    X = problem.pareto_set(500, random_state=0)
    assert X[:, 0].max() <= problem.x1_max
    # At x1 = 1 the optimal tail would need a variable above its bound of 10.
    i = np.arange(3, 301)
    tail = (problem.optimal_t() + 10) / (1 + np.cos(np.pi / 2 * i / 300))
    assert tail.max() > 10


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"n_obj": 1}, r"LSMOP1: n_obj must be an integer >= 2, got 1"),
        ({"n_obj": 2, "n_var": 18}, r"LSMOP1: n_var must be an integer >= 19 for n_obj=2"),
        ({"nk": 0}, r"LSMOP1: nk must be an integer >= 1, got 0"),
        ({"n_var": 300.5}, r"LSMOP1: n_var must be an integer"),
    ],
)
def test_invalid_sizes(params: dict, message: str) -> None:
    with pytest.raises(ProblemDefinitionError, match=message):
        problems.get("lsmop1", **params)


def test_unknown_parameter_lists_the_ranges() -> None:
    with pytest.raises(OptionError, match=r"valid parameters: n_obj \(integer >= 2\), n_var"):
        problems.get("lsmop2", k=5)
