"""A low-dimensional latent of a population: its leading principal directions.

When the decision space has many variables but the good solutions lie near a
low-dimensional set (as a Pareto set of m objectives is, by the Karush-Kuhn-Tucker
conditions, an (m-1)-dimensional manifold under mild conditions), a GAN can learn in the
coordinates of the population's leading principal directions instead of in all d
variables. ``PrincipalSubspace`` gives those coordinates, scaled into [0, 1]^k so that the
GAN's networks see the same box as in decision space, and maps latent points back: the
discarded directions get Gaussian noise with the population's variance along them, as
RM-MEDA's model does, so that decoding does not collapse the population onto the subspace.
With ``rotate=False`` the coordinates are the variables themselves, each scaled to the
population's range: the networks then see a converged variable's small spread as large as
any other's.
"""

from __future__ import annotations

import torch
from torch import Tensor

#: Room left on either side of the population's latent range, as a fraction of the range,
#: so that the generator can move past the population's extremes.
MARGIN = 0.25


def n_components(variances: Tensor, keep: int | float) -> int:
    """How many leading directions to keep.

    Args:
        variances: ``d`` variances along the principal directions, largest first.
        keep: an int, that many directions (at most d); a float in (0, 1], the fewest
            directions whose variances add up to that fraction of the total.
    """
    d = len(variances)
    if isinstance(keep, int):
        return min(max(keep, 1), d)
    total = float(variances.sum())
    if total <= 0.0:
        return 1
    share = torch.cumsum(variances, dim=0) / total
    return min(int(torch.searchsorted(share, torch.tensor(keep, dtype=share.dtype))) + 1, d)


def _eigh(cov: Tensor) -> tuple[Tensor, Tensor]:
    """Eigenvalues (ascending) and eigenvectors of a covariance, in its dtype.

    float32 eigh returned NaN for a converged population's covariance whose entries along
    spent variables were subnormal (about 1e-41), and failed to converge for some
    populations of IMF with 200 variables; such a matrix is decomposed in float64.
    """
    try:
        variances, directions = torch.linalg.eigh(cov)
        if torch.isfinite(variances).all() and torch.isfinite(directions).all():
            return variances, directions
    except torch.linalg.LinAlgError:
        if cov.dtype == torch.float64:
            raise
    variances, directions = torch.linalg.eigh(cov.double())
    return variances.to(cov.dtype), directions.to(cov.dtype)


class PrincipalSubspace:
    """The leading principal directions of ``X``, with coordinates scaled into [0, 1]^k.

    Args:
        X: ``n x d`` points of [0, 1]^d (normalised decision vectors).
        keep: directions kept (see ``n_components``).
        previous: the subspace fitted before; directions are sign-flipped to point the way
            its directions did (when both keep as many), so that a GAN trained in the old
            coordinates goes on in nearly the same ones.
        rotate: False keeps the variables as the directions (all d of them, ``keep`` is
            not read): each is only scaled.
    """

    def __init__(
        self,
        X: Tensor,
        keep: int | float,
        previous: PrincipalSubspace | None = None,
        rotate: bool = True,
    ) -> None:
        if X.ndim != 2 or len(X) == 0:
            raise ValueError(
                f"PrincipalSubspace needs a non-empty n x d tensor, got shape {tuple(X.shape)}"
            )
        self.mean = X.mean(dim=0)
        centred = X - self.mean
        if rotate:
            cov = centred.T @ centred / max(len(X) - 1, 1)
            variances, directions = _eigh(cov)
            variances = variances.flip(0).clamp_min(0.0)
            directions = directions.flip(1)
            self.k = n_components(variances, keep)
        else:
            directions = torch.eye(X.shape[1], dtype=X.dtype, device=X.device)
            variances = centred.new_zeros(X.shape[1])  # nothing is discarded
            self.k = X.shape[1]
        basis = directions[:, : self.k]
        if previous is not None and previous.k == self.k:
            signs = torch.sign((basis * previous.basis).sum(dim=0))
            basis = basis * torch.where(signs == 0, torch.ones_like(signs), signs)
        self.basis: Tensor = basis
        self.rest = directions[:, self.k :]
        self.rest_std = variances[self.k :].sqrt()
        Y = centred @ basis
        low, high = Y.min(dim=0).values, Y.max(dim=0).values
        span = (high - low).clamp_min(1e-6)
        self.low = low - MARGIN * span
        self.width = span * (1.0 + 2.0 * MARGIN)

    def encode(self, X: Tensor) -> Tensor:
        """``n x k`` latent coordinates of ``n x d`` points (in [0, 1] for the points fitted)."""
        return ((X - self.mean) @ self.basis - self.low) / self.width

    def decode(self, Y: Tensor, generator: torch.Generator) -> Tensor:
        """``n x d`` points of [0, 1]^d for ``n x k`` latent coordinates, with noise of the
        population's spread along the discarded directions (one draw from ``generator``)."""
        X = self.mean + (self.low + Y * self.width) @ self.basis.T
        if self.rest.shape[1]:
            noise = torch.randn(
                len(Y), self.rest.shape[1], generator=generator, dtype=Y.dtype, device=Y.device
            )
            X = X + (noise * self.rest_std) @ self.rest.T
        return X.clamp(0.0, 1.0)
