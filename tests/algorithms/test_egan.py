import numpy as np
import pytest
from pymoo.optimize import minimize

import problems
from evogan.algorithms.egan import EGANMOEA
from evogan.algorithms.registry import make_algorithm
from evogan.errors import OptionError
from evogan.gan.evolve import GeneratorPopulation


def run(problem, evals, seed=1, **options):
    return minimize(problem, EGANMOEA(device="cpu", **options), ("n_evals", evals), seed=seed)


def test_same_seed_same_front_and_mutation_record():
    problem = problems.get("imf2", n_var=10)
    a, b, c = (run(problem, 800, seed=s, pop_size=40, epochs=10) for s in (7, 7, 8))
    assert np.array_equal(a.F, b.F) and np.array_equal(a.X, b.X)
    assert not np.array_equal(a.F, c.F)
    ha, hb = a.algorithm.mutation_history, b.algorithm.mutation_history
    assert np.array_equal(ha.survivors, hb.survivors)


def test_mutation_history_counts_mu_survivors_per_step():
    res = run(problems.get("zdt1", n_var=8), 1500, mu=3, epochs=4, pop_size=50, period=5)
    assert isinstance(res.algorithm.mating.arms[0].gan.G, GeneratorPopulation)
    history = res.algorithm.mutation_history
    assert history.mutations == ("minimax", "ns", "ls")
    # 30 generations, retrained every 5: rounds at generations 0, 5, ..., 25
    assert history.generations.tolist() == [0, 5, 10, 15, 20, 25]
    assert (history.survivors.sum(axis=1) == 3 * 4).all()
    assert np.allclose(history.shares().sum(axis=1), 1.0)


def test_zdt1_reaches_igd_bound():
    from evogan.indicators import igd

    problem = problems.get("zdt1", n_var=10)
    res = run(problem, 3000)
    assert igd(res.F, problem.pareto_front(1000)) < 0.05  # measured 0.010-0.015 (seed 1)


def test_registered_as_egan_with_its_options():
    algorithm = make_algorithm("egan", problems.get("zdt1"), mu=3, mutations="ns+ls", gamma=0.0)
    assert isinstance(algorithm, EGANMOEA)
    assert (algorithm.evolution.mu, algorithm.evolution.mutations) == (3, ("ns", "ls"))
    assert algorithm.evolution.gamma == 0.0


def test_unknown_mutation_raises_listing_valid_names():
    with pytest.raises(OptionError, match="unknown mutation 'bogus'; valid choices: 'minimax'"):
        EGANMOEA(mutations=("ns", "bogus"))
    with pytest.raises(OptionError, match="sets 'evolution' itself"):
        EGANMOEA(evolution=None)
