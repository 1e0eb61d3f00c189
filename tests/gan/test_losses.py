import math

import pytest
import torch

from evogan.errors import OptionError
from evogan.gan.losses import (
    LOSSES,
    discriminator_bce,
    discriminator_hinge,
    discriminator_ls,
    discriminator_relativistic,
    discriminator_wasserstein,
    generator_ls,
    generator_nonsaturating,
    generator_relativistic,
    get_loss,
    gradient_penalty,
)


def test_discriminator_bce_hand_worked():
    # D(elite) = sigmoid(0) = 0.5 -> -log 0.5; D(dominated) = sigmoid(ln 3) = 0.75 -> -log 0.25;
    # population term averages both (one batch), generated D = sigmoid(-ln 3) = 0.25 -> -log 0.75.
    elite = torch.tensor([0.0])
    dominated = torch.tensor([math.log(3.0)])
    generated = torch.tensor([-math.log(3.0)])
    expected = (-math.log(0.5) - math.log(0.25)) / 2 - math.log(0.75)
    assert math.isclose(
        float(discriminator_bce(elite, dominated, generated)), expected, rel_tol=1e-6
    )


def test_discriminator_bce_accepts_empty_parts():
    empty = torch.zeros(0)
    logits = torch.tensor([2.0, -1.0])
    only_elite = float(discriminator_bce(logits, empty, empty))
    expected = -(
        math.log(torch.sigmoid(torch.tensor(2.0))) + math.log(torch.sigmoid(torch.tensor(-1.0)))
    )
    assert math.isclose(only_elite, expected / 2, rel_tol=1e-6)


def test_generator_nonsaturating_is_minus_log_d():
    generated = torch.tensor([0.0, math.log(3.0)])  # D = 0.5, 0.75
    expected = -(math.log(0.5) + math.log(0.75)) / 2
    assert math.isclose(float(generator_nonsaturating(generated)), expected, rel_tol=1e-6)


# Hand-worked inputs shared by the family: elite logits e, dominated d, generated g.
E = torch.tensor([1.0, 2.0])
DOM = torch.tensor([0.0])
GEN = torch.tensor([-1.0, 3.0])


def softplus(x):
    return math.log1p(math.exp(x))


def test_loss_registry_names_the_family():
    assert set(LOSSES) == {"minimax", "ns", "ls", "wgan-gp", "hinge", "rsgan"}
    assert get_loss("wgan-gp").penalty == 10.0 and get_loss("ns").penalty == 0.0
    assert get_loss("rsgan").uses_elite and not get_loss("ls").uses_elite


def test_unknown_loss_lists_valid_names():
    with pytest.raises(OptionError) as err:
        get_loss("wgan")
    assert str(err.value) == (
        "unknown gan_loss 'wgan'; valid choices: 'minimax', 'ns', 'ls', 'wgan-gp', 'hinge', 'rsgan'"
    )


def test_minimax_and_ns_share_the_bce_discriminator_and_differ_in_g():
    assert get_loss("minimax").d_loss is get_loss("ns").d_loss is discriminator_bce
    # g = (-1, 3): minimax mean log(1 - sigmoid(g)) = -mean softplus(g)
    expected_mm = -(softplus(-1.0) + softplus(3.0)) / 2
    expected_ns = (softplus(1.0) + softplus(-3.0)) / 2
    assert math.isclose(float(get_loss("minimax").g_loss(GEN, None)), expected_mm, rel_tol=1e-6)
    assert math.isclose(float(get_loss("ns").g_loss(GEN, None)), expected_ns, rel_tol=1e-6)


def test_least_squares_hand_worked():
    # population: (1-1)^2, (2-1)^2 for elites, 0^2 dominated -> mean 1/3; generated: (1 + 9)/2
    assert math.isclose(float(discriminator_ls(E, DOM, GEN)), 1 / 3 + 5.0, rel_tol=1e-6)
    assert math.isclose(float(generator_ls(GEN)), (4.0 + 4.0) / 2, rel_tol=1e-6)


def test_wasserstein_hand_worked():
    # population: (-1 - 2 + 0) / 3 = -1; generated: mean(-1, 3) = 1
    assert math.isclose(float(discriminator_wasserstein(E, DOM, GEN)), 0.0, abs_tol=1e-7)
    assert math.isclose(float(get_loss("wgan-gp").g_loss(GEN, None)), -1.0, rel_tol=1e-6)


def test_hinge_hand_worked():
    # elites relu(1 - 1), relu(1 - 2) = 0, 0; dominated relu(1 + 0) = 1 -> 1/3;
    # generated relu(1 - 1) = 0, relu(1 + 3) = 4 -> 2
    assert math.isclose(float(discriminator_hinge(E, DOM, GEN)), 1 / 3 + 2.0, rel_tol=1e-6)
    assert math.isclose(float(get_loss("hinge").g_loss(GEN, None)), -1.0, rel_tol=1e-6)


def test_relativistic_hand_worked():
    # pairs (e, d): softplus(0 - 1), softplus(0 - 2); pairs (e, g): softplus(g - e)
    pop = (softplus(-1.0) + softplus(-2.0)) / 2
    gen = (softplus(-2.0) + softplus(-3.0) + softplus(2.0) + softplus(1.0)) / 4
    assert math.isclose(float(discriminator_relativistic(E, DOM, GEN)), pop + gen, rel_tol=1e-6)
    g_expected = (softplus(2.0) + softplus(3.0) + softplus(-2.0) + softplus(-1.0)) / 4
    assert math.isclose(float(generator_relativistic(GEN, E)), g_expected, rel_tol=1e-6)
    # without elites it is the non-saturating loss
    assert float(generator_relativistic(GEN, None)) == float(generator_nonsaturating(GEN))


@pytest.mark.parametrize("name", list(LOSSES))
def test_losses_batch_over_leading_dimension(name):
    pair = get_loss(name)
    g2 = torch.stack([GEN, GEN.flip(0) * 2])
    per_copy = pair.d_loss(E.expand(2, -1), DOM.expand(2, -1), g2)
    singles = [pair.d_loss(E, DOM, g) for g in g2]
    assert torch.allclose(per_copy, torch.stack(singles))
    assert torch.allclose(pair.g_loss(g2, E), torch.stack([pair.g_loss(g, E) for g in g2]))


def test_gradient_penalty_of_a_linear_critic_is_exact():
    # C(x) = w.x + b has gradient w everywhere: the penalty is (||w|| - 1)^2 wherever x_hat is.
    critic = torch.nn.Linear(3, 1)
    with torch.no_grad():
        critic.weight.copy_(torch.tensor([[3.0, 0.0, 4.0]]))  # ||w|| = 5
    gen = torch.Generator().manual_seed(0)
    real, fake = torch.rand(4, 3, generator=gen), torch.rand(7, 3, generator=gen)
    penalty = gradient_penalty(critic, real, fake, gen)
    assert math.isclose(float(penalty.detach()), 16.0, rel_tol=1e-6)
    # the graph is kept: d/dw of (||w|| - 1)^2 = 2 (||w|| - 1) w / ||w||
    penalty.backward()
    expected = 2 * 4 * torch.tensor([[3.0, 0.0, 4.0]]) / 5
    assert torch.allclose(critic.weight.grad, expected)
    assert float(gradient_penalty(critic, real[:0], fake, gen)) == 0.0


def test_gradient_penalty_uses_interpolates_between_real_and_fake():
    # C(x) = x0^2 / 2 has gradient x0 e0: the penalty is mean (|x0_hat| - 1)^2, and with
    # real x0 = 1 and fake x0 = 1 every interpolate has x0 = 1, so the penalty vanishes.
    real, fake = torch.ones(2, 2), torch.ones(5, 2)
    gen = torch.Generator().manual_seed(1)
    critic = lambda x: x[:, :1].square() / 2  # noqa: E731
    assert float(gradient_penalty(critic, real, fake, gen).detach()) == 0.0
    real[:, 0] = 3.0  # now x0_hat = 1 + 2a in (1, 3): penalty in (0, 4)
    value = float(gradient_penalty(critic, real, fake, gen).detach())
    assert 0.0 < value < 4.0
