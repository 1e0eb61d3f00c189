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


def test_points_around_centres_keep_each_centres_together_at_the_radius():
    X = torch.rand(20, 4, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    prior = GaussianPrior(X)
    centres = torch.full((3, 4), 0.5, dtype=torch.float64)
    centres[1] = 0.2
    near = prior.around(centres, 1000, 0.1, torch.Generator().manual_seed(3))
    assert near.shape == (3000, 4) and near.min() >= 0 and near.max() <= 1
    groups = near.reshape(3, 1000, 4)
    assert torch.allclose(groups.mean(1), centres, atol=0.01)
    # the spread of a group is radius times the prior's (no centre is near the box's edge)
    cov = torch.cov(groups[0].T)
    assert torch.allclose(cov, 0.01 * prior.cov, atol=0.15 * 0.01 * prior.cov.max())
