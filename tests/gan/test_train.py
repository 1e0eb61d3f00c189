import pickle

import pytest
import torch

from evogan.gan.evolve import EvolutionConfig, make_gan
from evogan.gan.train import GAN, GANConfig, GANDivergedError, SingleGenerator, contraction

CPU = torch.device("cpu")


def separable_population(n=100, d=4, seed=0):
    """Elites have x0 < 0.3, dominated x0 > 0.7: a discriminator must learn x0."""
    gen = torch.Generator().manual_seed(seed)
    X = torch.rand(n, d, generator=gen)
    elite = torch.arange(n) < n // 4
    X[elite, 0] = 0.3 * X[elite, 0]
    X[~elite, 0] = 0.7 + 0.3 * X[~elite, 0]
    return X, elite


def uniform_sampler(d, gen):
    return lambda n: torch.rand(n, d, generator=gen)


@pytest.mark.parametrize("batch_size, epochs", [(None, 500), (8, 100)])
def test_discriminator_learns_elites_with_shuffled_labels(batch_size, epochs):
    # With minibatches the labels must travel with their inputs through every shuffle.
    # The generator is kept still (tiny lr) so its samples do not sit on the elites.
    X, elite = separable_population(n=40)
    gen = torch.Generator().manual_seed(0)
    gan = GAN(4, GANConfig(epochs=epochs, batch_size=batch_size, lr_d=1e-2, lr_g=1e-12), CPU, gen)
    gan.train(X, elite, uniform_sampler(4, gen), gen)
    scores = gan.score(X)
    assert scores[elite].mean() > 0.7
    assert scores[~elite].mean() < 0.3


def test_training_lowers_discriminator_loss():
    X, elite = separable_population()
    gen = torch.Generator().manual_seed(1)
    gan = GAN(4, GANConfig(epochs=1, lr_d=1e-2), CPU, gen)
    first = gan.train(X, elite, uniform_sampler(4, gen), gen).d_loss
    later = gan.train(X, elite, uniform_sampler(4, gen), gen, epochs=100).d_loss
    assert later < first - 0.3


def test_step_count_full_batch_and_minibatch():
    X, elite = separable_population(n=20)
    gen = torch.Generator().manual_seed(2)
    assert (
        GAN(4, GANConfig(epochs=3), CPU, gen).train(X, elite, uniform_sampler(4, gen), gen).steps
        == 3
    )
    stats = GAN(4, GANConfig(epochs=3, batch_size=8), CPU, gen).train(
        X, elite, uniform_sampler(4, gen), gen
    )
    assert stats.steps == 9  # ceil(20 / 8) = 3 batches per epoch


def test_same_seed_same_networks_and_samples():
    X, elite = separable_population()
    outs = []
    for _ in range(2):
        gen = torch.Generator().manual_seed(3)
        gan = GAN(4, GANConfig(epochs=5, batch_size=16, batch_norm=True), CPU, gen)
        gan.train(X, elite, uniform_sampler(4, gen), gen)
        outs.append(gan.generate(torch.rand(8, 4, generator=gen)))
    assert torch.equal(outs[0], outs[1])


def test_residual_generator_starts_as_identity_and_proximal_penalty_bounds_moves():
    gen = torch.Generator().manual_seed(4)
    z = torch.rand(16, 4, generator=gen)
    gan = GAN(4, GANConfig(epochs=50, lr_g=1e-2, residual=True, step_penalty=10.0), CPU, gen)
    assert torch.equal(gan.generate(z), z)
    X, elite = separable_population()
    gan.train(X, elite, uniform_sampler(4, gen), gen)
    moved = (gan.generate(z) - z).norm(dim=1)
    assert 0 < moved.mean() < 0.2


def test_contraction_is_how_far_a_generator_draws_its_inputs_together():
    z = torch.rand(3, 50, 4, generator=torch.Generator().manual_seed(6))
    assert torch.equal(contraction(z, z), torch.zeros(3))  # one value per generator
    assert torch.allclose(contraction(z, 0.25 * z + 0.1), torch.full((3,), 0.75))
    assert contraction(z[0], 2.0 * z[0]).item() == 0.0  # spreading them is not penalised
    assert contraction(z[0], torch.zeros_like(z[0])).item() == 1.0


def _single(d, config, gen):
    return GAN(d, config, CPU, gen)


def _egan(d, config, gen):
    return make_gan(d, config, CPU, gen, EvolutionConfig(mu=2))


# E-GAN mode adds the penalty to every mutation's loss, as the single generator does; its
# selection by quality and diversity keeps some contraction (0.24 against 1.0 here).
@pytest.mark.parametrize(
    "make, n, n_elites, free_above, penalised_below",
    [(_single, 100, 25, 0.5, 0.05), (_egan, 60, 20, 0.9, 0.4)],
)
def test_spread_penalty_keeps_the_generator_from_collapsing_onto_the_elites(
    make, n, n_elites, free_above, penalised_below
):
    # The elites sit in a ball of radius 0.01; a generator free to move collapses onto it.
    found = {}
    for spread_penalty in (0.0, 1.0):
        gen = torch.Generator().manual_seed(0)
        X = torch.rand(n, 4, generator=gen)
        elite = torch.arange(n) < n_elites
        X[elite] = 0.5 + 0.01 * X[elite]
        config = GANConfig(epochs=100, lr_g=1e-2, residual=True, spread_penalty=spread_penalty)
        gan = make(4, config, gen)
        gan.train(X, elite, uniform_sampler(4, gen), gen)
        z = torch.rand(200, 4, generator=gen)
        found[spread_penalty] = contraction(z, gan.generate(z)).item()
    assert found[0.0] > free_above and found[1.0] < penalised_below


def test_diverging_training_raises():
    X, elite = separable_population()
    X[0, 0] = float("nan")
    gen = torch.Generator().manual_seed(5)
    gan = GAN(4, GANConfig(epochs=2), CPU, gen)
    with pytest.raises(GANDivergedError, match="diverged"):
        gan.train(X, elite, uniform_sampler(4, gen), gen)


def test_config_validation():
    with pytest.raises(ValueError, match="epochs"):
        GANConfig(epochs=0)
    with pytest.raises(ValueError, match="batch_size"):
        GANConfig(batch_size=0)


class StubGenerator:
    """A generator model that moves no weights and records what the GAN asks of it."""

    def __init__(self):
        self.calls = []

    def begin_round(self):
        self.calls.append("begin_round")

    def fake(self, z):
        self.calls.append("fake")
        return z.clamp(0.0, 1.0)

    def step(self, z, xb, eb, D, loss):
        self.calls.append(("step", len(z), len(xb), int(eb.sum()), D, loss))
        return torch.tensor(0.25)

    def generate(self, z):
        self.calls.append("generate")
        return 1.0 - z

    def survivors(self):
        return [7]


def test_training_loop_drives_the_generator_model_it_holds():
    X, elite = separable_population(n=20)
    gen = torch.Generator().manual_seed(6)
    stub = StubGenerator()
    gan = GAN(4, GANConfig(epochs=2, batch_size=8), CPU, gen, model=stub)
    stats = gan.train(X, elite, uniform_sampler(4, gen), gen)
    assert stats.steps == 6 and stats.g_loss == 0.25 and stats.survivors == [7]
    assert stub.calls[0] == "begin_round"
    steps = stub.calls[2::2]
    assert stub.calls[1::2] == ["fake"] * 6  # each D step samples, then the generator steps
    assert [c[0] for c in steps] == ["step"] * 6
    assert all(c[4] is gan.D and c[5] is gan.loss for c in steps)
    assert [c[1:3] for c in steps] == [(8, 8), (8, 8), (4, 4)] * 2
    assert sum(c[3] for c in steps) == 2 * int(elite.sum())
    z = torch.rand(3, 4, generator=gen)
    assert torch.equal(gan.generate(z), 1.0 - z) and stub.calls[-1] == "generate"


def test_single_generator_built_first_gives_the_default_networks():
    # The generator model draws its weights before the discriminator, however it is built.
    config = GANConfig(hidden=5)
    a = GAN(4, config, CPU, torch.Generator().manual_seed(8))
    gen = torch.Generator().manual_seed(8)
    b = GAN(4, config, CPU, gen, model=SingleGenerator(4, config, CPU, gen))
    c = make_gan(4, config, CPU, torch.Generator().manual_seed(8))
    for other in (b, c):
        assert isinstance(other.G, SingleGenerator)
        for p, q in zip(a.G.net.parameters(), other.G.net.parameters(), strict=True):
            assert torch.equal(p, q)
        for p, q in zip(a.D.parameters(), other.D.parameters(), strict=True):
            assert torch.equal(p, q)
    assert a.train(*separable_population(n=10), uniform_sampler(4, gen), gen).survivors is None


def test_a_trained_gan_pickles_and_generates_the_same():
    X, elite = separable_population(n=20)
    gen = torch.Generator().manual_seed(9)
    gan = GAN(4, GANConfig(epochs=3, residual=True, step_penalty=1.0), CPU, gen)
    gan.train(X, elite, uniform_sampler(4, gen), gen)
    copy = pickle.loads(pickle.dumps(gan))
    assert torch.equal(copy.generate(X), gan.generate(X))
    assert torch.equal(copy.score(X), gan.score(X))
