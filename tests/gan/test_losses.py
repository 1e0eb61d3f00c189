import math

import torch

from evogan.gan.losses import discriminator_bce, generator_nonsaturating


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
