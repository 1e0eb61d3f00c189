import pytest
import torch

from evogan.gan.noise import GaussianPrior


def test_prior_is_full_rank_for_few_elites():
    X = torch.rand(3, 10, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    prior = GaussianPrior(X, shrinkage=0.1)
    assert torch.linalg.matrix_rank(prior.cov) == 10
    assert torch.allclose(prior.mean, X.mean(0))


def test_shrinkage_formula():
    X = torch.tensor([[0.0, 0.0], [1.0, 0.5]], dtype=torch.float64)
    prior = GaussianPrior(X, shrinkage=0.5, min_var=0.0)
    S = torch.tensor([[0.5, 0.25], [0.25, 0.125]], dtype=torch.float64)  # sample covariance
    target = S.diagonal().mean()
    assert torch.allclose(prior.cov, 0.5 * S + 0.5 * target * torch.eye(2, dtype=torch.float64))


def test_samples_lie_in_the_box_and_repeat_with_the_seed():
    X = torch.rand(10, 5, generator=torch.Generator().manual_seed(1))
    prior = GaussianPrior(X)
    a = prior.sample(500, torch.Generator().manual_seed(7))
    b = prior.sample(500, torch.Generator().manual_seed(7))
    assert a.shape == (500, 5) and torch.equal(a, b)
    assert a.min() >= 0 and a.max() <= 1


def test_bad_input_raises():
    with pytest.raises(ValueError, match="non-empty k x d"):
        GaussianPrior(torch.zeros(0, 3))
    with pytest.raises(ValueError, match="shrinkage"):
        GaussianPrior(torch.rand(4, 3), shrinkage=1.5)
