import numpy as np
import pytest

import problems
from evogan.errors import OptionError
from evogan.indicators import igd
from evogan.multitask import MOMFEA


def test_same_seed_repeats_and_each_task_keeps_its_population(tasks):
    a, b = MOMFEA(pop_size=20).solve(tasks, 800, 2), MOMFEA(pop_size=20).solve(tasks, 800, 2)
    c = MOMFEA(pop_size=20).solve(tasks, 800, 3)
    assert all(np.array_equal(x.F, y.F) for x, y in zip(a, b, strict=True))
    assert not np.array_equal(a[0].F, c[0].F)
    assert [len(r.pop) for r in a] == [20, 20]
    for task, res in zip(tasks, a, strict=True):
        xl, xu = task.bounds()
        assert np.all(res.pop.get("X") >= xl) and np.all(res.pop.get("X") <= xu)


def test_generations_fill_the_budget_without_exceeding_it(circle):
    tasks = [circle(n_var=3), circle(n_var=5, bound=50.0)]
    MOMFEA(pop_size=20).solve(tasks, 850, 1)  # 21 generations of 40 fit, a 22nd does not
    assert sum(len(X) for task in tasks for X in task.seen) == 21 * 40
    assert [len(task.seen[0]) for task in tasks] == [20, 20]  # the initial population


def test_two_zdt_tasks_converge():
    tasks = [problems.get("zdt1", n_var=10), problems.get("zdt2", n_var=10)]
    results = MOMFEA(pop_size=50).solve(tasks, 10_000, 1)
    scores = [igd(r.F, t.pareto_front(500)) for r, t in zip(results, tasks, strict=True)]
    assert max(scores) < 0.05  # measured 0.011 and 0.011


def test_bad_settings_raise_clear_errors(tasks):
    with pytest.raises(OptionError, match=r"rmp must lie in \[0, 1\], got 1.2"):
        MOMFEA(rmp=1.2)
    with pytest.raises(OptionError, match="pop_size must be an integer >= 2"):
        MOMFEA(pop_size=1)
    with pytest.raises(
        OptionError,
        match=r"n_evals=30 is smaller than one generation of MO-MFEA \(pop_size 20 x 2 tasks",
    ):
        MOMFEA(pop_size=20).solve(tasks, 30)
    with pytest.raises(OptionError, match="no tasks given"):
        MOMFEA().solve([], 1000)
