import numpy as np
import pytest
from pymoo.algorithms.moo.nsga2 import NSGA2
from pymoo.optimize import minimize

import problems
from evogan.algorithms.registry import make_algorithm
from evogan.errors import OptionError
from evogan.indicators import igd
from evogan.multitask import TransferConfig, solve_multitask, solve_separately, task_seeds

OFF = TransferConfig(fraction=0.0)
FAST = TransferConfig(fraction=0.3, period=2, epochs=5)


def fronts(results):
    return [(r.X.copy(), r.F.copy()) for r in results]


def same(a, b):
    return all(
        np.array_equal(x, y)
        for pa, pb in zip(a, b, strict=True)
        for x, y in zip(pa, pb, strict=True)
    )


@pytest.mark.parametrize("algorithm", ["nsga2", "gmoea"])
def test_two_task_run_repeats_exactly_under_a_seed(tasks, algorithm):
    run = lambda seed: fronts(  # noqa: E731
        solve_multitask(tasks, algorithm, 480, seed, transfer=FAST, pop_size=20, device="cpu")
    )
    first, again, other = run(3), run(3), run(4)
    assert same(first, again)
    assert not same(first, other)


@pytest.mark.parametrize("crossover", [False, True])
def test_transfer_offspring_stay_inside_each_targets_bounds(tasks, crossover):
    transfer = TransferConfig(fraction=0.5, period=2, crossover=crossover)
    results = solve_multitask(tasks, "nsga2", 800, 1, transfer=transfer, pop_size=20)
    for task, res in zip(tasks, results, strict=True):
        assert res.transfer["offered"] == 19 * 10  # 10 of 20 offspring in each of 19 generations
        xl, xu = task.bounds()
        X = np.concatenate(task.seen) if hasattr(task, "seen") else res.pop.get("X")
        assert np.all(X >= xl) and np.all(X <= xu)
    wide = tasks[1]
    assert len(np.concatenate(wide.seen)) == 400  # every evaluation of the wide task checked


@pytest.mark.parametrize("algorithm", ["nsga2", "gmoea"])
def test_without_transfer_the_solver_equals_single_task_runs(tasks, algorithm):
    together = solve_multitask(tasks, algorithm, 480, 5, transfer=OFF, pop_size=20, device="cpu")
    apart = solve_separately(tasks, algorithm, 480, 5, pop_size=20, device="cpu")
    direct = [
        minimize(task, _fresh(algorithm, task), ("n_evals", 240), seed=s)
        for task, s in zip(tasks, task_seeds(5, 2), strict=True)
    ]
    assert same(fronts(together), fronts(apart))
    assert same(fronts(together), fronts(direct))


def _fresh(algorithm, task):
    options = {"device": "cpu"} if algorithm == "gmoea" else {}
    return make_algorithm(algorithm, task, 20, **options)


def test_tasks_with_different_objective_counts_and_algorithm_instances():
    tasks = [problems.get("zdt1", n_var=5), problems.get("dtlz2", n_var=7, n_obj=3)]
    results = solve_multitask(tasks, [NSGA2(pop_size=20), "nsga2"], 400, 1, pop_size=20)
    assert [r.F.shape[1] for r in results] == [2, 3]
    assert [r.algorithm.evaluator.n_eval for r in results] == [200, 200]


def test_transfer_helps_when_both_tasks_share_their_optimum():
    # Both tasks are ZDT1 in 10 variables: mapped solutions of one are good for the other.
    tasks = [problems.get("zdt1", n_var=10), problems.get("zdt1", n_var=10)]
    front = tasks[0].pareto_front(500)
    on = solve_multitask(tasks, "nsga2", 4000, 1, transfer=TransferConfig(fraction=0.3))
    off = solve_multitask(tasks, "nsga2", 4000, 1, transfer=OFF)
    assert sum(r.transfer["survived"] for r in on) > 0
    assert np.mean([igd(r.F, front) for r in on]) < np.mean([igd(r.F, front) for r in off])


def test_bad_input_raises_clear_errors(tasks):
    with pytest.raises(OptionError, match="no tasks given"):
        solve_multitask([], "nsga2", 1000)
    with pytest.raises(OptionError, match="task 1 is a str, not a pymoo Problem"):
        solve_multitask([tasks[0], "zdt1"], "nsga2", 1000)
    with pytest.raises(
        OptionError,
        match=r"each of 2 tasks 50 evaluations, fewer than one generation \(pop_size=100\)",
    ):
        solve_multitask(tasks, "nsga2", 100)
    with pytest.raises(OptionError, match="got 3 algorithms for 2 tasks"):
        solve_multitask(tasks, ["nsga2"] * 3, 1000)
    with pytest.raises(OptionError, match="unknown algorithm 'nsga9'; valid choices"):
        solve_multitask(tasks, "nsga9", 1000)
    with pytest.raises(OptionError, match=r"transfer fraction must lie in \[0, 1\], got 1.5"):
        TransferConfig(fraction=1.5)
    with pytest.raises(OptionError, match="period and epochs must be >= 1"):
        TransferConfig(period=0)


def test_direct_transfer_offers_source_solutions_unchanged(circle):
    tasks = [circle(n_var=4), circle(n_var=4)]  # the same box: the identity map is exact
    transfer = TransferConfig(fraction=0.5, period=2, direct=1.0, mutate=False)
    results = solve_multitask(tasks, "nsga2", 800, 1, transfer=transfer, pop_size=20)
    source = {tuple(x) for X in tasks[0].seen for x in X.round(9)}
    copies = sum(tuple(x) in source for X in tasks[1].seen for x in X.round(9))
    assert results[1].transfer["offered"] == 190
    assert copies >= 190  # each one equals (to rounding) a solution evaluated on task 0


def test_progress_lines_end_at_the_budget_and_change_nothing(tasks):
    import io

    from evogan.multitask import MOMFEA

    streams = {name: io.StringIO() for name in ("transfer", "single", "momfea")}
    with_line = {
        "transfer": solve_multitask(
            tasks, "nsga2", 480, 2, transfer=FAST, pop_size=20, progress=streams["transfer"]
        ),
        "single": solve_separately(tasks, "nsga2", 480, 2, pop_size=20, progress=streams["single"]),
        "momfea": MOMFEA(pop_size=20).solve(tasks, 490, 2, progress=streams["momfea"]),
    }
    without = {
        "transfer": solve_multitask(tasks, "nsga2", 480, 2, transfer=FAST, pop_size=20),
        "single": solve_separately(tasks, "nsga2", 480, 2, pop_size=20),
        "momfea": MOMFEA(pop_size=20).solve(tasks, 490, 2),
    }
    for name, stream in streams.items():
        assert same(fronts(with_line[name]), fronts(without[name])), name
        last = stream.getvalue().split("\r")[-1]
        # MO-MFEA spends whole generations of 2 x 20: 480 of the 490 evaluations
        assert last.split(":")[1].split()[0] == "480/480", (name, last)
        assert last.endswith("\n")
