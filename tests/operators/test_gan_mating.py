import warnings

import numpy as np
import pytest
import torch
from pymoo.algorithms.moo.nsga2 import NSGA2
from pymoo.core.population import Population
from pymoo.optimize import minimize

import problems
from evogan.errors import OptionError
from evogan.gan.noise import GaussianPrior
from evogan.gan.train import GAN, GANDivergedError
from evogan.operators.gan_arm import MixedInput, RegularityInput
from evogan.operators.gan_mating import GANMating, GANOperatorConfig


def shifted_problem():
    """ZDT1 moved to bounds [-3, 5] (lower bound not 0)."""

    def f(X):
        x = (X + 3.0) / 8.0
        g = 1 + 9 * x[:, 1:].mean(axis=1)
        return np.column_stack([x[:, 0], g * (1 - np.sqrt(x[:, 0] / g))])

    return problems.from_function(
        f, xl=np.full(8, -3.0), xu=np.full(8, 5.0), n_obj=2, name="shifted"
    )


def evaluated_population(problem, n=40, seed=0):
    rng = np.random.default_rng(seed)
    X = problem.xl + rng.random((n, problem.n_var)) * (problem.xu - problem.xl)
    pop = Population.new(X=X)
    pop.set("F", problem.evaluate(X, return_values_of=["F"]))
    return pop


@pytest.mark.parametrize("gan_prob", [1.0, "adaptive", None])
def test_offspring_shape_and_bounds(gan_prob):
    problem = shifted_problem()
    pop = evaluated_population(problem)
    op = GANMating(GANOperatorConfig(gan_prob=gan_prob, n_elites=10, mutate=False), device="cpu")
    off = op.do(problem, pop, 30, random_state=np.random.default_rng(1))
    X = off.get("X")
    assert X.shape == (30, 8)
    assert (X >= -3.0).all() and (X <= 5.0).all()
    # With gan_prob=1 every offspring comes from the generator, mapped by both bounds.
    if gan_prob == 1.0:
        assert op.history[-1]["counts"] == [0, 30]
        assert X.min() < -1.0  # would be impossible if scaled by the upper bound alone


def test_works_inside_pymoo_nsga2():
    problem = problems.get("zdt1", n_var=10)
    algorithm = NSGA2(pop_size=20, mating=GANMating(GANOperatorConfig(n_elites=5), device="cpu"))
    res = minimize(problem, algorithm, ("n_evals", 200), seed=3)
    assert res.F.shape[1] == 2 and np.isfinite(res.F).all()


def _diverge(self, *args, **kwargs):
    raise GANDivergedError("GAN training diverged: d_loss=nan, g_loss=nan")


def _fail_cholesky(self, *args, **kwargs):
    raise torch.linalg.LinAlgError("linalg.cholesky: the input is not positive-definite")


def _fail_svd(*args, **kwargs):
    raise np.linalg.LinAlgError("SVD did not converge")


@pytest.mark.parametrize(
    "owner, name, failure, message, input",
    [
        (GAN, "train", _diverge, "GAN training diverged", "gaussian"),
        (
            GaussianPrior,
            "__init__",
            _fail_cholesky,
            "the GAN's model failed: linalg.cholesky",
            "gaussian",
        ),
        (RegularityInput, "__init__", _fail_svd, "the GAN's model failed: SVD", "regularity"),
    ],
)
def test_a_failing_gan_falls_back_to_ga_with_a_warning(
    monkeypatch, owner, name, failure, message, input
):
    monkeypatch.setattr(owner, name, failure)
    problem = shifted_problem()
    op = GANMating(GANOperatorConfig(gan_prob=1.0, n_elites=10, input=input), device="cpu")
    with pytest.warns(UserWarning, match=f"{message}.*GA offspring take its place"):
        off = op.do(
            problem, evaluated_population(problem), 20, random_state=np.random.default_rng(0)
        )
    assert len(off) == 20 and op.history[-1]["counts"] == [20, 0] and op.arms[0].gan is None
    assert (off.get("origin") == 0).all()


def test_ga_only_prepares_no_gan_and_repeats_with_the_seed(monkeypatch):
    # gan_prob = 0 (GA offspring only): no GAN is fitted or trained.
    monkeypatch.setattr(
        "evogan.operators.gan_arm.GANArm.prepare",
        lambda *a, **k: pytest.fail("a GA-only operator prepared a GAN"),
    )
    problem = shifted_problem()
    pop = evaluated_population(problem)

    def offspring():
        op = GANMating(GANOperatorConfig(gan_prob=0.0, n_elites=10, period=2), device="cpu")
        rng = np.random.default_rng(5)
        return op, [op.do(problem, pop, 30, random_state=rng).get("X") for _ in range(3)]

    op, first = offspring()
    assert all(arm.gan is None for arm in op.arms)
    assert [h["counts"] for h in op.history] == [[30, 0]] * 3
    for a, b in zip(first, offspring()[1], strict=True):
        np.testing.assert_array_equal(a, b)


def test_adaptive_split_credits_last_generation_survivors():
    op = GANMating(GANOperatorConfig(gan_prob="adaptive", min_share=0.1), device="cpu")
    op.n_calls, op._produced = 4, np.array([50, 50])
    # Of last generation's offspring, 10 GA and 40 GAN survived: rates 0.2 and 0.8.
    origin = np.r_[np.zeros(10), np.ones(40), np.zeros(50)]
    born = np.r_[np.full(50, 3), np.full(50, 1)]
    op._credit(Population.new(X=np.zeros((100, 2)), origin=origin, born=born))
    raw_gan = 0.5 * 0.5 + 0.5 * 0.8
    assert op.shares.shares[1] == pytest.approx(0.1 + 0.8 * raw_gan)
    assert op._counts(100, 1, np.random.default_rng(0)).tolist() == [38, 62]


def test_ensemble_of_gans_each_makes_offspring():
    problem = shifted_problem()
    config = GANOperatorConfig(
        gan_prob="adaptive", n_elites=10, ensemble=({"n_elites": 5, "step_penalty": 1.0},)
    )
    op = GANMating(config, device="cpu")
    assert [arm.n_elites for arm in op.arms] == [10, 5]
    assert [arm.gan_config.step_penalty for arm in op.arms] == [0.0, 1.0]
    off = op.do(problem, evaluated_population(problem), 30, random_state=np.random.default_rng(2))
    assert np.bincount(off.get("origin").astype(int)).tolist() == [10, 10, 10]
    with pytest.raises(OptionError, match="unknown ensemble setting"):
        GANOperatorConfig(ensemble=({"period": 3},))


@pytest.mark.parametrize("in_turn", [False, True])
def test_the_gans_of_an_ensemble_may_train_in_turn(in_turn):
    problem = shifted_problem()
    config = GANOperatorConfig(
        gan_prob="adaptive", n_elites=10, period=2, in_turn=in_turn, ensemble=({"n_elites": 5},)
    )
    op = GANMating(config, device="cpu")
    pop, rng = evaluated_population(problem), np.random.default_rng(2)
    trained = []  # per generation, which GANs trained
    for _ in range(9):
        op.do(problem, pop, 30, random_state=rng)
        trained.append([arm.last_stats is not None for arm in op.arms])
    if in_turn:  # both train when new, then one every 2 generations, taking turns
        assert trained[::2] == [
            [True, True],
            [False, True],
            [True, False],
            [False, True],
            [True, False],
        ]
    else:
        assert trained[::2] == [[True, True]] * 5
    assert not any(any(t) for t in trained[1::2])


def test_needs_random_state():
    problem = shifted_problem()
    with pytest.raises(ValueError, match="random_state"):
        GANMating(device="cpu").do(problem, evaluated_population(problem), 10)


def test_unknown_options_list_valid_choices():
    with pytest.raises(OptionError, match="valid choices: 'gaussian', 'parents'"):
        GANOperatorConfig(input="uniform")
    with pytest.raises(OptionError, match="valid choices: 'adaptive'"):
        GANOperatorConfig(gan_prob="sometimes")
    with pytest.raises(OptionError, match="n_elites"):
        GANOperatorConfig().with_options(n_elite=3)
    with pytest.raises(OptionError, match="valid choices: 'auto', 'cpu', 'cuda'"):
        GANMating(device="tpu")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert GANOperatorConfig().with_options(epochs=7).gan.epochs == 7


def test_a_gan_sabotaged_by_a_huge_learning_rate_is_suspended_and_reset():
    import problems
    from evogan.algorithms.gmoea import GMOEA

    algorithm = GMOEA(pop_size=20, device="cpu", lr_g=100.0, lr_d=100.0)
    res = minimize(problems.get("zdt1", n_var=6), algorithm, ("n_evals", 800), seed=1)
    history = res.algorithm.mating.history
    suspended = [h["generation"] for h in history if "suspended" in h]
    assert suspended and suspended[0] == 0  # broken after its first training round
    gan_offspring = sum(h["counts"][1] for h in history)
    assert gan_offspring < 0.25 * sum(sum(h["counts"]) for h in history)


def test_healthy_gans_are_never_suspended():
    import problems
    from evogan.algorithms.gmoea import GMOEA

    for name in ("zdt1", "imf1"):
        res = minimize(problems.get(name), GMOEA(device="cpu"), ("n_evals", 3000), seed=2)
        assert not any("suspended" in h for h in res.algorithm.mating.history)


def test_a_frozen_generator_passes_its_input_on_and_is_never_suspended():
    # lr_g = 1e-12: the residual generator stays the identity, so its offspring are the
    # elite Gaussian's samples. It cannot raise the discriminator's score of the elites, and
    # on DTLZ2 (whose optimal variables sit at 0.5, where 1e-12 steps round away) the
    # gain test suspended it at every training round, leaving the GA alone.
    import problems
    from evogan.algorithms.gmoea import GMOEA

    frozen = GMOEA(device="cpu", lr_g=1e-12)
    res = minimize(problems.get("dtlz2", n_obj=3), frozen, ("n_evals", 3000), seed=1)
    history = res.algorithm.mating.history
    assert not any("suspended" in h for h in history)
    gan = sum(h["counts"][1] for h in history)
    assert gan > 0.3 * sum(sum(h["counts"]) for h in history)


def test_latent_gan_trains_in_principal_coordinates_and_repeats_with_the_seed():
    problem = shifted_problem()
    pop = evaluated_population(problem)

    def offspring():
        config = GANOperatorConfig(gan_prob=1.0, n_elites=10, mutate=False, latent=3)
        op = GANMating(config, device="cpu")
        off = op.do(problem, pop, 30, random_state=np.random.default_rng(1))
        return op, off.get("X")

    op, X = offspring()
    arm = op.arms[0]
    assert arm.subspace is not None and arm.subspace.k == 3 and arm.gan.n_var == 3
    assert X.shape == (30, 8) and (X >= -3.0).all() and (X <= 5.0).all()
    assert np.array_equal(X, offspring()[1])
    # Along the discarded directions the offspring spread like the population does.
    Xn = (X + 3.0) / 8.0
    rest = arm.subspace.rest.double().numpy()
    spread = ((Xn - arm.subspace.mean.double().numpy()) @ rest).std(axis=0)
    assert np.all(spread > 0.3 * arm.subspace.rest_std.double().numpy())


def test_latent_option_is_checked():
    with pytest.raises(OptionError, match="latent"):
        GANOperatorConfig(latent=0)
    with pytest.raises(OptionError, match="latent"):
        GANOperatorConfig(latent=1.5)
    assert GANOperatorConfig(latent=0.9).arm()["latent"] == 0.9


def test_scaled_gan_sees_each_variable_scaled_to_the_population_range():
    problem = shifted_problem()
    pop = evaluated_population(problem)
    config = GANOperatorConfig(gan_prob=1.0, n_elites=10, mutate=False, scale=True)
    op = GANMating(config, device="cpu")
    X = op.do(problem, pop, 30, random_state=np.random.default_rng(1)).get("X")
    space = op.arms[0].subspace
    assert space is not None and space.k == 8 and op.arms[0].gan.n_var == 8
    assert np.array_equal(space.basis.numpy(), np.eye(8, dtype=np.float32))
    Xn = (pop.get("X") + 3.0) / 8.0
    width = (Xn.max(axis=0) - Xn.min(axis=0)) * 1.5  # the range and its margins
    assert np.allclose(space.width.numpy(), width, rtol=1e-5)
    assert X.shape == (30, 8) and (X >= -3.0).all() and (X <= 5.0).all()


@pytest.mark.parametrize("radius", [None, 0.3])
def test_preselection_keeps_the_candidate_the_discriminator_scores_highest(radius):
    problem = shifted_problem()
    pop = evaluated_population(problem)
    config = GANOperatorConfig(
        gan_prob=1.0, n_elites=10, mutate=False, preselect=4, preselect_radius=radius
    )
    op = GANMating(config, device="cpu")
    op.do(problem, pop, 30, random_state=np.random.default_rng(1))
    arm = op.arms[0]
    gen = torch.Generator().manual_seed(5)
    arm._gen = gen
    arm.sample_input.gen = gen
    state = gen.get_state()
    z = arm._candidate_inputs(30)
    cand = arm.gan.generate(z)
    scores = arm.gan.score(cand).reshape(30, 4)
    gen.set_state(state)
    kept = torch.as_tensor(arm.offspring(30), dtype=cand.dtype)
    assert torch.equal(kept, cand.reshape(30, 4, -1)[torch.arange(30), scores.argmax(1)])
    assert torch.all(arm.gan.score(kept) >= scores.max(1).values - 1e-6)
    groups = z.reshape(30, 4, -1)
    within = (groups - groups.mean(1, keepdim=True)).norm(dim=2).mean()
    between = (groups.mean(1) - groups.mean((0, 1))).norm(dim=1).mean()
    if radius is None:  # independent inputs: a group spreads like the whole sample
        assert within > 0.5 * between
    else:  # one input and points around it
        assert within < 0.5 * between


def test_preselect_radius_is_checked():
    with pytest.raises(OptionError, match="preselect_radius must be finite and > 0"):
        GANOperatorConfig(preselect=4, preselect_radius=0.0)
    assert GANOperatorConfig(preselect=4, preselect_radius=0.2).arm()["preselect_radius"] == 0.2


def test_a_gan_pickled_before_preselect_radius_existed_resumes_with_independent_candidates():
    import pickle

    problem = shifted_problem()
    pop = evaluated_population(problem)
    config = GANOperatorConfig(gan_prob=1.0, n_elites=10, mutate=False, preselect=2)
    op = GANMating(config, device="cpu")
    op.do(problem, pop, 10, random_state=np.random.default_rng(1))
    arm = op.arms[0]
    del arm.__dict__["preselect_radius"], arm.__dict__["prior"]  # as an older version saved it
    old = pickle.loads(pickle.dumps(arm))
    assert old.preselect_radius is None and old.prior is None
    assert old.offspring(10).shape == (10, 8)


def test_regularity_input_draws_near_the_population_s_line_and_repeats_with_the_seed():
    # A population on a segment of the normalised box (x_i = 0.2 + 0.6 t for every i, t in
    # [0, 1], a little noise): RM-MEDA's model of a 2-objective population is that line, so
    # the generator's inputs lie near it and spread along all of it.
    rng = np.random.default_rng(0)
    t = rng.random(60)
    X = 0.2 + 0.6 * t[:, None] + 0.002 * rng.standard_normal((60, 8))
    Xn = torch.as_tensor(X, dtype=torch.float32)

    def inputs():
        return RegularityInput(Xn, n_obj=2, random_state=np.random.default_rng(5))(500)

    Z = inputs().double().numpy()
    assert Z.shape == (500, 8) and Z.min() >= 0.0 and Z.max() <= 1.0
    assert torch.equal(inputs(), torch.as_tensor(Z, dtype=torch.float32))
    along = (Z - 0.2).mean(axis=1) / 0.6  # each input's place on the line
    off_line = np.abs(Z - (0.2 + 0.6 * along[:, None])).max(axis=1)
    assert np.quantile(off_line, 0.99) < 0.02
    assert along.min() < 0.02 and along.max() > 0.98  # the boxes reach the segment's ends


def test_gan_fed_by_the_regularity_model_makes_offspring_in_bounds_and_repeats():
    problem = shifted_problem()
    pop = evaluated_population(problem)

    def offspring():
        config = GANOperatorConfig(
            gan_prob=1.0, n_elites=10, input="regularity", preselect=4, preselect_radius=0.2
        )
        op = GANMating(config, device="cpu")
        return op.do(problem, pop, 30, random_state=np.random.default_rng(1)).get("X")

    X = offspring()
    assert X.shape == (30, 8) and (X >= -3.0).all() and (X <= 5.0).all()
    assert np.array_equal(X, offspring())


def test_mixed_input_takes_half_from_each_sampler():
    mixed = MixedInput(lambda n: torch.zeros(n, 2), lambda n: torch.ones(n, 2))
    Z = mixed(5)
    assert torch.equal(Z[:, 0], torch.tensor([0.0, 0.0, 1.0, 1.0, 1.0]))


def test_regularity_models_follow_the_population_from_the_last_generation_s(monkeypatch):
    # Local PCA from a random start runs once, in the first generation; later
    # generations' models are tracked from the models before them.
    import evogan.operators.gan_arm as gan_arm

    calls = []
    for name in ("local_pca", "track"):
        fn = getattr(gan_arm, name)
        monkeypatch.setattr(
            gan_arm, name, lambda *a, fn=fn, name=name, **k: calls.append(name) or fn(*a, **k)
        )
    problem = shifted_problem()
    config = GANOperatorConfig(gan_prob=1.0, n_elites=10, input="mixed", period=2)
    op = GANMating(config, device="cpu")
    rng = np.random.default_rng(1)
    models = []
    for gen in range(3):
        op.do(problem, evaluated_population(problem, seed=gen), 10, random_state=rng)
        models.append(op.arms[0].sample_input.first.models)
    assert calls == ["local_pca", "track", "track"]
    assert not np.array_equal(models[1].mean, models[0].mean)


def test_regularity_input_draws_a_training_round_s_requests_in_a_few_blocks(monkeypatch):
    import evogan.operators.gan_arm as gan_arm

    sizes = []
    draw = gan_arm.sample_models

    def counted(models, n, extension, rng):
        sizes.append(n)
        return draw(models, n, extension, rng)

    monkeypatch.setattr(gan_arm, "sample_models", counted)
    rng = np.random.default_rng(0)
    Xn = torch.as_tensor(rng.random((40, 6)), dtype=torch.float32)
    sample = RegularityInput(Xn, n_obj=2, random_state=np.random.default_rng(5))
    Z = torch.cat([sample(32) for _ in range(40)])  # 1280 inputs, one training round's
    assert sizes == [32, 512, 512, 512]
    assert Z.shape == (1280, 6) and len(torch.unique(Z, dim=0)) == 1280  # none handed out twice
