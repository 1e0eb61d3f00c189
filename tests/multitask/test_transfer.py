import numpy as np
import pytest
import torch

from evogan.gan.train import GANConfig
from evogan.multitask.transfer import DEFAULT_CONFIG, TransferGAN


def make(dim=3, seed=0, config=DEFAULT_CONFIG):
    return TransferGAN(dim, config, torch.device("cpu"), torch.Generator().manual_seed(seed))


def test_untrained_map_is_the_identity():
    source = np.random.default_rng(0).random((10, 3))
    np.testing.assert_allclose(make().map(source), source, atol=1e-6)


def test_training_moves_source_solutions_towards_the_target_population():
    rng = np.random.default_rng(1)
    source = 0.2 + 0.05 * rng.random((100, 3))
    target = 0.6 + 0.05 * rng.random((100, 3))
    gan, gen = make(), torch.Generator().manual_seed(1)
    for _ in range(15):
        assert gan.train(source, target, gen)
    moved = gan.map(source).mean()
    assert gan.rounds == 15
    assert moved > 0.45  # measured 0.53: from 0.225 most of the way to 0.625


def test_non_residual_config_and_wrong_width_are_refused():
    with pytest.raises(ValueError, match="residual generator"):
        make(config=GANConfig(residual=False))
    with pytest.raises(ValueError, match="expected an n x 3 array"):
        make().map(np.zeros((4, 2)))
