import numpy as np
import pytest
from pymoo.optimize import minimize

import problems
from evogan.algorithms.immoea import (
    IMMOEA,
    NOISE_VARIANCE,
    assign_partitions,
    inverse_model_offspring,
    linear_gp,
)
from evogan.algorithms.registry import make_algorithm
from evogan.errors import OptionError
from evogan.indicators import igd


def run(problem, evals, seed=1, **options):
    return minimize(problem, IMMOEA(**options), ("n_evals", evals), seed=seed)


def mean_igd(name, evals, seeds, make):
    problem = problems.get(name, n_var=30)
    front = problem.pareto_front(1000)
    return np.mean(
        [igd(minimize(problem, make(problem), ("n_evals", evals), seed=s).F, front) for s in seeds]
    )


def test_imf1_reaches_igd_bound():
    problem = problems.get("imf1", n_var=30)
    res = run(problem, 10_000)
    # measured 0.0407 (seed 1); seeds 1-5: 0.041 0.026 0.031 0.061 0.025; NSGA-II: 0.146 (seed 1)
    assert igd(res.F, problem.pareto_front(1000)) < 0.1


@pytest.mark.slow
def test_zdt1_reaches_igd_bound_over_seeds():
    problem = problems.get("zdt1")
    front = problem.pareto_front(1000)
    values = [igd(run(problem, 25_000, seed=s).F, front) for s in (1, 2, 3)]
    # measured 0.0170 0.0159 0.0165 0.0157 0.0161 (seeds 1-5; NSGA-II: 0.0047-0.0050)
    assert max(values) < 0.03


@pytest.mark.slow
@pytest.mark.parametrize("name, factor", [("imf1", 0.5), ("imf2", 0.8), ("imf4", 0.95)])
def test_beats_nsga2_on_linkage_problems(name, factor):
    seeds = (1, 2, 3)
    ours = mean_igd(name, 10_000, seeds, lambda p: IMMOEA())
    nsga2 = mean_igd(name, 10_000, seeds, lambda p: make_algorithm("nsga2", p))
    # measured (mean of seeds 1-3) IMF1 0.033 vs 0.169, IMF2 0.187 vs 0.426, IMF4 0.815 vs
    # 0.928: on IMF4 IM-MOEA is only just ahead at this budget (0.24 vs 0.35 at 30,000)
    assert ours < factor * nsga2


def test_same_seed_gives_identical_front_and_other_seeds_differ():
    problem = problems.get("imf2", n_var=10)
    a, b, c = run(problem, 1500, seed=7), run(problem, 1500, seed=7), run(problem, 1500, seed=8)
    assert np.array_equal(a.F, b.F) and np.array_equal(a.X, b.X)
    assert not np.array_equal(a.F, c.F)


def test_constraints_feasible_first_and_bounds_kept():
    def f(X):
        g = 1 + 9 * X[:, 1:].mean(axis=1)
        F = np.column_stack([X[:, 0], g * (1 - np.sqrt(X[:, 0] / g))])
        return F, (X[:, 0] - 0.5)[:, None]  # feasible only where x0 <= 0.5

    problem = problems.from_function(f, np.zeros(10), np.ones(10), n_obj=2, n_constr=1)
    res = run(problem, 3000)
    assert len(res.F) > 5
    assert (res.X[:, 0] <= 0.5).all() and (res.CV <= 0).all()
    X = res.algorithm.pop.get("X")
    assert (X >= 0).all() and (X <= 1).all()


def test_population_holds_at_most_capacity_per_partition():
    res = run(problems.get("dtlz2", n_obj=3, n_var=12), 2000, pop_size=95)
    algorithm = res.algorithm
    assert len(algorithm.ref_dirs) == 10 and algorithm.pop_size == 100  # 10 x ceil(95 / 10)
    labels = assign_partitions(algorithm.pop.get("F"), algorithm.ref_dirs)
    assert np.bincount(labels).max() <= 10


def test_linear_gp_matches_the_function_space_formulas():
    rng = np.random.default_rng(0)
    f, Y, fs = rng.random(7), rng.random((7, 3)), np.linspace(-0.5, 1.5, 5)
    K = np.outer(f, f) + NOISE_VARIANCE * np.eye(7)
    mean = np.outer(fs, f) @ np.linalg.solve(K, Y)
    var = fs**2 - np.einsum("si,ij,sj->s", np.outer(fs, f), np.linalg.inv(K), np.outer(fs, f))
    got_mean, got_var = linear_gp(f, Y, fs)
    assert np.allclose(got_mean, mean) and np.allclose(got_var, var + NOISE_VARIANCE)


def test_inverse_model_offspring_change_one_group_per_objective():
    rng = np.random.default_rng(1)
    X, F = rng.random((10, 8)), rng.random((10, 2))
    off = inverse_model_offspring(X, F, group_size=3, rng=rng)
    assert off.shape == (10, 8)  # 2 objectives x 10 // 2 members
    differing = (~np.isclose(off[:, None, :], X[None, :, :])).sum(axis=2)  # offspring x parent
    assert (differing.min(axis=1) == 3).all()  # each is its parent with 3 variables redrawn
    small = inverse_model_offspring(X[:3], F[:3], group_size=3, rng=rng)
    assert np.array_equal(small, X[:3])  # fewer than 2 m members: copied


def test_partitions_by_angle_from_the_origin():
    W = np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]])
    F = np.array([[2.0, 0.1], [1.0, 1.1], [0.1, 3.0]])
    assert assign_partitions(F, W).tolist() == [0, 1, 2]
    assert assign_partitions(F - 5.0, W).tolist() == [0, 1, 2]  # negative: from the ideal


@pytest.mark.parametrize(
    "options, message",
    [
        ({"n_partitions": 2.5}, "immoea option n_partitions must be an integer >= 1, got 2.5"),
        ({"group_size": 0}, "immoea option group_size must be an integer >= 1, got 0"),
        ({"eta_m": -1}, "immoea option eta_m must be finite and >= 0, got -1"),
        ({"pop_size": 1}, "immoea option pop_size must be an integer >= 2, got 1"),
    ],
)
def test_bad_options_raise_option_error(options, message):
    with pytest.raises(OptionError) as error:
        IMMOEA(**options)
    assert str(error.value) == message


def test_options_are_stored():
    algorithm = IMMOEA(pop_size=50, n_partitions=5, group_size=2, eta_m=15)
    assert (algorithm.pop_size, algorithm.n_partitions, algorithm.group_size) == (50, 5, 2)
    assert algorithm.eta_m == 15
