import math
import pickle

import pytest
import torch

from evogan.errors import OptionError
from evogan.gan.evolve import (
    AdamState,
    EvolutionConfig,
    GeneratorPopulation,
    adam_step,
    batched_forward,
    fitness,
    make_gan,
    select,
    stack_linears,
)
from evogan.gan.losses import discriminator_bce, get_loss
from evogan.gan.nets import Discriminator, Generator, init_weights
from evogan.gan.optim import ADAM
from evogan.gan.train import GANConfig

CPU = torch.device("cpu")


def generators(n, d, residual, seed=0):
    gen = torch.Generator().manual_seed(seed)
    modules = [Generator(d, d, hidden=7, residual=residual) for _ in range(n)]
    for m in modules:
        init_weights(m, gen)
        if residual:  # move the last layer off zero so the residual step is not trivial
            with torch.no_grad():
                m.body[-1].weight.normal_(0, 0.3, generator=gen)
    return modules


@pytest.mark.parametrize("residual", [False, True])
def test_batched_generators_match_a_loop_over_modules(residual):
    modules = generators(4, 5, residual)
    z = torch.rand(4, 9, 5, generator=torch.Generator().manual_seed(1))
    batched = batched_forward(stack_linears(modules), z, residual)
    looped = torch.stack([m(z[i]) for i, m in enumerate(modules)])
    assert torch.allclose(batched, looped, atol=1e-6)


def test_stacking_rejects_batch_norm():
    with pytest.raises(OptionError, match="Linear-tanh layers only"):
        stack_linears([Generator(3, 3, batch_norm=True)])


def test_batched_adam_matches_torch_adam_per_generator():
    modules = generators(3, 4, residual=True)
    params = [p.requires_grad_(True) for p in stack_linears(modules)]
    z = torch.rand(3, 6, 4, generator=torch.Generator().manual_seed(2))
    state = AdamState.zeros(params)
    for _ in range(3):  # several steps, so the moments and bias corrections matter
        grads = torch.autograd.grad(batched_forward(params, z, True).square().sum(), params)
        with torch.no_grad():
            params, state = adam_step(params, grads, state, lr=0.01)
        params = [p.requires_grad_(True) for p in params]
    for i, m in enumerate(modules):
        opt = torch.optim.Adam(m.parameters(), lr=0.01, **ADAM)
        for _ in range(3):
            opt.zero_grad()
            m(z[i]).square().sum().backward()
            opt.step()
        assert torch.allclose(stack_linears([m])[0][0], params[0][i], atol=1e-6)
        assert torch.allclose(stack_linears([m])[-1][0], params[-1][i], atol=1e-6)


def linear_stub(d, scale=5.0):
    """A discriminator whose logit is ``scale * x0``."""
    D = Discriminator(d, hidden=d)
    with torch.no_grad():
        for p in D.parameters():
            p.zero_()
        D.net[0].weight[0, 0] = 1.0  # hidden 0 = tanh(x0)
        D.net[2].weight[0, 0] = scale
    return D


def test_selection_keeps_the_best_mu_on_a_stub_discriminator():
    D = linear_stub(3)
    x0 = torch.tensor([0.1, 0.9, 0.5, 0.3, 0.7])
    samples = torch.zeros(5, 4, 3)
    samples[:, :, 0] = x0[:, None]
    F, fq, fd = fitness(D, discriminator_bce, samples, torch.rand(2, 3), torch.rand(3, 3), 0.0)
    assert torch.allclose(fq, torch.sigmoid(5 * torch.tanh(x0)))
    assert torch.equal(F, fq) and torch.equal(fd, torch.zeros(5))
    assert select(F, 2).tolist() == [1, 4]
    assert select(F, 3).tolist() == [1, 4, 2]


def test_diversity_fitness_is_minus_log_gradient_norm_per_generator():
    gen = torch.Generator().manual_seed(3)
    D = Discriminator(3, hidden=4)
    init_weights(D, gen)
    elite, dominated = torch.rand(3, 3, generator=gen), torch.rand(5, 3, generator=gen)
    samples = torch.rand(4, 6, 3, generator=gen)
    F, fq, fd = fitness(D, discriminator_bce, samples, elite, dominated, gamma=0.5)
    for i in range(4):  # one autograd call per generator, the plain way
        loss = discriminator_bce(
            D(elite).reshape(-1), D(dominated).reshape(-1), D(samples[i]).reshape(-1)
        )
        grads = torch.autograd.grad(loss, list(D.parameters()))
        norm = torch.cat([g.reshape(-1) for g in grads]).norm()
        assert math.isclose(float(fd[i]), -math.log(float(norm)), rel_tol=1e-5)
    assert torch.allclose(F, fq + 0.5 * fd)


def test_egan_step_keeps_the_best_children_computed_one_by_one():
    # Each of mu parents makes one child per mutation by one Adam step; the step must keep
    # the mu children with the highest mean D(G(z)) (gamma = 0, no step penalty).
    d, mu = 3, 2
    gen = torch.Generator().manual_seed(4)
    config = GANConfig(lr_g=0.05, residual=True, hidden=5)
    evolution = EvolutionConfig(mu=mu, mutations=("minimax", "ns", "ls"), gamma=0.0)
    egan = make_gan(d, config, CPU, gen, evolution)
    egan.D = linear_stub(d, scale=2.0)
    pop = egan.G
    with torch.no_grad():  # parents that differ, and whose last layer is not zero
        pop.params = [p + 0.2 * torch.randn(p.shape, generator=gen) for p in pop.params]
    parents = [p.clone() for p in pop.params]
    z = torch.rand(8, d, generator=gen)
    X, elite = torch.rand(10, d, generator=gen), torch.arange(10) < 3
    pop.step(z, X, elite, egan.D, egan.loss)

    children, scores = [], []
    for name in evolution.mutations:
        for i in range(mu):
            m = Generator(d, d, hidden=5, residual=True)
            with torch.no_grad():
                for layer, k in zip([m.body[0], m.body[3], m.body[6]], (0, 2, 4), strict=True):
                    layer.weight.copy_(parents[k][i].T)
                    layer.bias.copy_(parents[k + 1][i, 0])
            opt = torch.optim.Adam(m.parameters(), lr=0.05, **ADAM)
            get_loss(name).g_loss(egan.D(m(z)).reshape(-1), None).backward()
            opt.step()
            children.append(stack_linears([m]))
            scores.append(float(torch.sigmoid(egan.D(m(z))).mean().detach()))
    scores = torch.tensor(scores)
    assert torch.allclose(pop.last_fitness, scores, atol=1e-6)
    best = torch.argsort(scores, descending=True)[:mu]
    assert pop.last_survivors.tolist() == best.tolist()
    for slot, child in enumerate(best.tolist()):
        for p, q in zip(pop.params, children[child], strict=True):
            assert torch.allclose(p[slot], q[0], atol=1e-6)


def population(n=30, d=4, seed=0):
    gen = torch.Generator().manual_seed(seed)
    X = torch.rand(n, d, generator=gen)
    return X, torch.arange(n) < n // 3


def test_training_is_deterministic_under_a_seed_and_counts_survivors():
    X, elite = population()
    outs = []
    for seed in (5, 5, 6):
        gen = torch.Generator().manual_seed(seed)
        config = GANConfig(epochs=4, lr_g=1e-2, residual=True, step_penalty=1.0)
        egan = make_gan(4, config, CPU, gen, EvolutionConfig(mu=2))
        stats = egan.train(X, elite, lambda n, g=gen: torch.rand(n, 4, generator=g), gen)
        assert sum(stats.survivors) == 2 * 4  # mu survivors in each of 4 steps
        outs.append(egan.generate(X))
    assert torch.equal(outs[0], outs[1])
    assert not torch.equal(outs[0], outs[2])


def test_generate_spreads_inputs_over_the_survivors():
    gen = torch.Generator().manual_seed(7)
    egan = make_gan(3, GANConfig(hidden=4), CPU, gen, EvolutionConfig(mu=3))
    z = torch.rand(7, 3, generator=gen)
    out = egan.generate(z)
    per_gen = batched_forward(egan.G.params, z.expand(3, 7, 3), residual=False)
    # rows 0-2 from generator 0, 3-5 from generator 1, row 6 from generator 2
    expected = torch.cat([per_gen[0, :3], per_gen[1, 3:6], per_gen[2, 6:]])
    assert torch.allclose(out, expected, atol=1e-6)


def test_unknown_mutation_names_raise_listing_valid_ones():
    with pytest.raises(OptionError) as err:
        EvolutionConfig(mutations=("ns", "heuristic"))
    assert str(err.value) == (
        "unknown mutation 'heuristic'; valid choices: "
        "'minimax', 'ns', 'ls', 'wgan-gp', 'hinge', 'rsgan'"
    )
    assert EvolutionConfig(mutations="minimax+ls").mutations == ("minimax", "ls")
    with pytest.raises(OptionError, match="mu must be an integer >= 1"):
        EvolutionConfig(mu=0)
    with pytest.raises(OptionError, match="gamma must be finite"):
        EvolutionConfig(gamma=-1.0)
    with pytest.raises(OptionError, match="batch_norm=False"):
        make_gan(3, GANConfig(batch_norm=True), CPU, torch.Generator(), EvolutionConfig())


def test_population_counts_each_steps_survivors_by_mutation_and_resets_per_round():
    d, mu = 3, 2
    gen = torch.Generator().manual_seed(8)
    evolution = EvolutionConfig(mu=mu, mutations=("minimax", "ns", "ls"), gamma=0.0)
    pop = GeneratorPopulation(d, GANConfig(lr_g=0.05, hidden=5), evolution, CPU, gen)
    D = linear_stub(d, scale=2.0)
    X, elite = torch.rand(10, d, generator=gen), torch.arange(10) < 3
    pop.begin_round()
    expected = [0, 0, 0]
    for _ in range(4):
        pop.step(torch.rand(6, d, generator=gen), X, elite, D, get_loss("ns"))
        for child in pop.last_survivors.tolist():
            expected[child // mu] += 1  # child j * mu + i came from mutation j
    assert pop.survivors() == expected and sum(expected) == mu * 4
    pop.begin_round()
    assert pop.survivors() == [0, 0, 0]


def test_population_gan_pickles_and_resumes_identically():
    X, elite = population()
    gen = torch.Generator().manual_seed(9)
    config = GANConfig(epochs=2, lr_g=1e-2, residual=True, step_penalty=1.0)
    egan = make_gan(4, config, CPU, gen, EvolutionConfig(mu=2))
    egan.train(X, elite, lambda n, g=gen: torch.rand(n, 4, generator=g), gen)
    copy, gen_copy = pickle.loads(pickle.dumps((egan, gen)))
    for gan, g in ((egan, gen), (copy, gen_copy)):
        stats = gan.train(X, elite, lambda n, g=g: torch.rand(n, 4, generator=g), g)
    assert stats.survivors == egan.G.survivors() and sum(stats.survivors) == 2 * 2
    assert torch.equal(copy.generate(X), egan.generate(X))
