"""evogan.population reads the same values as pymoo's Population.get and filter_optimum."""

import numpy as np
import pytest
from pymoo.core.population import Population
from pymoo.util.optimum import filter_optimum

from evogan.population import feasible, optimum, values


def _population(n: int, n_obj: int, infeasible: float, seed: int) -> Population:
    rng = np.random.default_rng(seed)
    F = np.round(rng.random((n, n_obj)) * 5) / 5  # ties and duplicates on purpose
    CV = np.where(rng.random((n, 1)) < infeasible, rng.random((n, 1)), 0.0)
    return Population.new(X=rng.random((n, 4)), F=F, CV=CV, origin=rng.integers(0, 3, n))


@pytest.mark.parametrize("key", ["X", "F", "CV", "origin", "missing"])
def test_values_equal_pymoos_get(key):
    pop = _population(30, 3, 0.3, seed=1)
    assert np.array_equal(values(pop, key), pop.get(key))
    assert values(pop, key).dtype == pop.get(key).dtype


def test_feasible_equals_pymoos_feas():
    pop = _population(50, 2, 0.5, seed=2)
    assert feasible(pop).tolist() == pop.get("feas").tolist()
    assert 0 < feasible(pop).sum() < 50


@pytest.mark.parametrize("n_obj", [1, 2, 3, 5])
@pytest.mark.parametrize("infeasible", [0.0, 0.6, 1.0])
def test_optimum_is_pymoos_in_the_same_order(n_obj, infeasible):
    for seed in range(5):
        pop = _population(40, n_obj, infeasible, seed)
        ours, theirs = optimum(pop), filter_optimum(pop, least_infeasible=True)
        assert [id(ind) for ind in ours] == [id(ind) for ind in theirs]
    if infeasible == 1.0:  # the least infeasible one alone
        assert len(ours) == 1
        assert ours[0].CV[0] == pop.get("CV").min()


def test_optimum_of_nothing_is_none():
    assert optimum(None) is None
    assert optimum(Population.empty()) is None
