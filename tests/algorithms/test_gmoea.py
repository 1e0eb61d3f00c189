import numpy as np
import pytest
from pymoo.core.mating import Mating
from pymoo.operators.crossover.sbx import SBX
from pymoo.operators.mutation.pm import PM
from pymoo.operators.selection.rnd import RandomSelection
from pymoo.optimize import minimize

import problems
from evogan.algorithms.gmoea import GMOEA
from evogan.errors import OptionError
from evogan.indicators import igd
from evogan.operators.gan_mating import GANMating


def run(problem, evals, seed=1, **options):
    return minimize(problem, GMOEA(device="cpu", **options), ("n_evals", evals), seed=seed)


def test_zdt1_reaches_igd_bound():
    problem = problems.get("zdt1")
    res = run(problem, 10_000)
    assert igd(res.F, problem.pareto_front(1000)) < 0.02  # measured 0.0042 (seed 1)


def test_imf1_reaches_igd_bound():
    problem = problems.get("imf1")
    res = run(problem, 10_000)
    assert igd(res.F, problem.pareto_front(1000)) < 0.08  # measured 0.045 (seed 1)


def test_same_seed_gives_identical_front_and_other_seeds_differ():
    problem = problems.get("imf2", n_var=10)
    a, b, c = run(problem, 1500, seed=7), run(problem, 1500, seed=7), run(problem, 1500, seed=8)
    assert np.array_equal(a.F, b.F) and np.array_equal(a.X, b.X)
    assert not np.array_equal(a.F, c.F)


def test_bounds_other_than_zero_to_one():
    def zdt1_shifted(X):
        x = (X + 3.0) / 8.0
        g = 1 + 9 * x[:, 1:].mean(axis=1)
        return np.column_stack([x[:, 0], g * (1 - np.sqrt(x[:, 0] / g))])

    problem = problems.from_function(zdt1_shifted, np.full(10, -3.0), np.full(10, 5.0), n_obj=2)
    res = run(problem, 6000)
    assert (res.X >= -3).all() and (res.X <= 5).all()
    f1 = np.linspace(0, 1, 1000)
    assert igd(res.F, np.column_stack([f1, 1 - np.sqrt(f1)])) < 0.05


def test_constraints_feasible_first():
    def f(X):
        g = 1 + 9 * X[:, 1:].mean(axis=1)
        F = np.column_stack([X[:, 0], g * (1 - np.sqrt(X[:, 0] / g))])
        return F, (X[:, 0] - 0.5)[:, None]  # feasible only where x0 <= 0.5

    problem = problems.from_function(f, np.zeros(10), np.ones(10), n_obj=2, n_constr=1)
    res = run(problem, 3000)
    assert len(res.F) > 10
    assert (res.X[:, 0] <= 0.5).all() and (res.CV <= 0).all()


def test_plain_ga_mating_for_ablation():
    mating = Mating(RandomSelection(), SBX(eta=20, prob=1.0), PM(eta=20))
    algorithm = GMOEA(pop_size=20, mating=mating)
    assert not isinstance(algorithm.mating, GANMating)
    res = minimize(problems.get("zdt1", n_var=5), algorithm, ("n_evals", 400), seed=1)
    assert res.F.shape[1] == 2 and np.isfinite(res.F).all()


def test_reference_preset_follows_the_paper():
    algorithm = GMOEA(preset="reference")
    cfg = algorithm.operator_config
    assert (cfg.n_elites, cfg.period, cfg.gan_prob, cfg.tournament) == (10, 5, None, "spea2")
    assert (cfg.gan.epochs, cfg.gan.batch_size, cfg.gan.batch_norm) == (200, 8, True)
    assert (cfg.gan.lr_d, cfg.gan.lr_g) == (1e-4, 4e-4)
    res = run(problems.get("zdt1", n_var=6), 300, preset="reference", epochs=2, pop_size=20)
    assert np.isfinite(res.F).all()


def test_unknown_choices_raise_listing_valid_ones():
    with pytest.raises(OptionError, match="valid choices: 'reference', 'default'"):
        GMOEA(preset="paper")
    with pytest.raises(OptionError, match="valid choices: 'spea2', 'rank_crowding'"):
        GMOEA(survival="hype")
    with pytest.raises(OptionError, match=r"unknown GMOEA option\(s\) \['n_elite'\].*n_elites"):
        GMOEA(n_elite=10)


@pytest.mark.parametrize("loss", ["minimax", "ls", "wgan-gp", "hinge", "rsgan"])
def test_every_loss_of_the_family_runs_inside_gmoea(loss):
    algorithm = GMOEA(gan_loss=loss, device="cpu", pop_size=20)
    assert algorithm.operator_config.gan.loss == loss
    res = minimize(problems.get("zdt1", n_var=6), algorithm, ("n_evals", 400), seed=1)
    assert np.isfinite(res.F).all() and len(res.F) > 0


def test_unknown_gan_loss_lists_valid_names():
    with pytest.raises(OptionError) as err:
        GMOEA(gan_loss="wasserstein")
    assert str(err.value) == (
        "unknown gan_loss 'wasserstein'; valid choices: "
        "'minimax', 'ns', 'ls', 'wgan-gp', 'hinge', 'rsgan'"
    )
