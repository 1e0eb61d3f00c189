from pathlib import Path

import numpy as np
import pytest
import torch

from evogan.gan.latent import MARGIN, PrincipalSubspace, n_components


def test_n_components_counts_or_takes_a_variance_share():
    variances = torch.tensor([6.0, 3.0, 1.0, 0.0])
    assert n_components(variances, 2) == 2
    assert n_components(variances, 9) == 4  # at most d
    assert n_components(variances, 0.6) == 1  # 6 of 10
    assert n_components(variances, 0.61) == 2
    assert n_components(variances, 0.9) == 2  # 9 of 10
    assert n_components(variances, 1.0) == 3
    assert n_components(torch.zeros(3), 0.5) == 1  # no spread at all: one direction


def test_full_subspace_round_trips_and_scales_into_the_box():
    X = torch.rand(50, 6, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    space = PrincipalSubspace(X, 6)
    Y = space.encode(X)
    assert space.k == 6 and Y.shape == (50, 6)
    low = MARGIN / (1 + 2 * MARGIN)
    assert torch.allclose(Y.min(dim=0).values, torch.full((6,), low, dtype=torch.float64))
    assert torch.allclose(Y.max(dim=0).values, torch.full((6,), 1 - low, dtype=torch.float64))
    back = space.decode(Y, torch.Generator().manual_seed(1))
    assert torch.allclose(back, X, atol=1e-12)


def test_points_on_a_line_need_one_direction_and_decode_onto_it():
    t = torch.linspace(0.0, 1.0, 30, dtype=torch.float64)[:, None]
    X = 0.2 + 0.6 * t * torch.tensor([[1.0, 0.5, 0.25]], dtype=torch.float64)
    space = PrincipalSubspace(X, 0.99)
    assert space.k == 1
    back = space.decode(space.encode(X), torch.Generator().manual_seed(0))
    assert torch.allclose(back, X, atol=1e-9)


def test_discarded_directions_get_the_population_spread():
    g = torch.Generator().manual_seed(2)
    X = 0.5 + torch.randn(4000, 3, generator=g, dtype=torch.float64) * torch.tensor(
        [0.1, 0.03, 0.01], dtype=torch.float64
    )
    space = PrincipalSubspace(X, 1)
    Y = torch.full((4000, 1), 0.5, dtype=torch.float64)
    out = space.decode(Y, torch.Generator().manual_seed(3))
    std = out.std(dim=0)
    assert abs(std[0]) < 1e-3  # the kept direction (x1) is fixed by Y
    assert abs(std[1] / 0.03 - 1) < 0.05 and abs(std[2] / 0.01 - 1) < 0.05


def test_refit_keeps_the_directions_signs():
    X = torch.rand(40, 5, generator=torch.Generator().manual_seed(4), dtype=torch.float64)
    first = PrincipalSubspace(X, 3)
    flipped = PrincipalSubspace(X, 3)
    flipped.basis = -flipped.basis
    again = PrincipalSubspace(X, 3, previous=flipped)
    assert torch.allclose(again.basis, -first.basis)


def test_bad_input_raises():
    with pytest.raises(ValueError, match="non-empty n x d"):
        PrincipalSubspace(torch.zeros(0, 3), 2)


def test_unrotated_coordinates_scale_each_variable_to_its_range():
    X = torch.tensor([[0.1, 0.50], [0.3, 0.52], [0.2, 0.51]], dtype=torch.float64)
    space = PrincipalSubspace(X, 0.5, rotate=False)
    assert space.k == 2 and torch.equal(space.basis, torch.eye(2, dtype=torch.float64))
    Y = space.encode(X)
    low = MARGIN / (1 + 2 * MARGIN)
    assert torch.allclose(Y[:, 1], torch.tensor([low, 1 - low, 0.5], dtype=torch.float64))
    assert torch.allclose(space.decode(Y, torch.Generator().manual_seed(0)), X, atol=1e-12)


def test_a_converged_population_with_subnormal_spread_gets_finite_directions():
    # GMOEA's population on DTLZ6 (latent = 1.0, step_penalty = 1, seed 10), float32: ten of
    # its twelve variables have spent their spread (variances down to 1e-41), where float32
    # eigh returned NaN directions and the run failed.
    X = torch.from_numpy(np.load(Path(__file__).parent / "data" / "converged_population.npy"))
    assert X.dtype == torch.float32
    space = PrincipalSubspace(X, 1.0)
    assert space.k == 2
    assert torch.isfinite(space.basis).all() and torch.isfinite(space.encode(X)).all()


def test_a_float32_decomposition_that_fails_is_redone_in_float64(monkeypatch):
    # float32 eigh failed to converge on some populations of IMF with 200 variables
    # (linalg.eigh error code 17586); the subspace must come from float64 then.
    eigh = torch.linalg.eigh

    def float32_fails(cov):
        if cov.dtype == torch.float32:
            raise torch.linalg.LinAlgError("linalg.eigh: The algorithm failed to converge")
        return eigh(cov)

    monkeypatch.setattr(torch.linalg, "eigh", float32_fails)
    X = torch.rand(20, 5, generator=torch.Generator().manual_seed(0))
    space = PrincipalSubspace(X, 1.0)
    assert space.basis.dtype == torch.float32 and space.k == 5
    Y = space.encode(X)
    assert Y.min() >= 0 and Y.max() <= 1
    assert torch.allclose(space.decode(Y, torch.Generator().manual_seed(1)), X, atol=1e-5)


def test_a_float64_decomposition_that_fails_still_raises(monkeypatch):
    def fails(cov):
        raise torch.linalg.LinAlgError("linalg.eigh: The algorithm failed to converge")

    monkeypatch.setattr(torch.linalg, "eigh", fails)
    with pytest.raises(torch.linalg.LinAlgError, match="failed to converge"):
        PrincipalSubspace(torch.rand(20, 5, dtype=torch.float64), 1.0)
