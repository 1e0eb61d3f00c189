"""Priors for the generator's input: a Gaussian fitted to the elites, with shrinkage."""

from __future__ import annotations

import torch


class GaussianPrior:
    """A full-rank Gaussian fitted to a few points of [0, 1]^d; samples are clipped to the box.

    With k elites the sample covariance has rank at most k - 1, so it is shrunk towards a
    scaled identity (``(1 - a) S + a (tr(S)/d) I``) and floored at ``min_var`` per
    coordinate, which keeps it positive definite for any k >= 1.

    Args:
        X: ``k x d`` points (normalised decision vectors).
        shrinkage: the weight ``a`` in [0, 1] of the identity target.
        min_var: variance added on the diagonal after shrinkage.
    """

    def __init__(self, X: torch.Tensor, shrinkage: float = 0.1, min_var: float = 1e-6) -> None:
        if X.ndim != 2 or len(X) == 0:
            raise ValueError(
                f"GaussianPrior needs a non-empty k x d tensor, got shape {tuple(X.shape)}"
            )
        if not 0.0 <= shrinkage <= 1.0:
            raise ValueError(f"shrinkage must lie in [0, 1], got {shrinkage}")
        d = X.shape[1]
        self.mean = X.mean(dim=0)
        centred = X - self.mean
        cov = centred.T @ centred / max(len(X) - 1, 1)
        target = cov.diagonal().mean().clamp_min(min_var)
        eye = torch.eye(d, dtype=X.dtype, device=X.device)
        self.cov = (1.0 - shrinkage) * cov + shrinkage * target * eye + min_var * eye
        self.chol = torch.linalg.cholesky(self.cov)

    def sample(self, n: int, generator: torch.Generator) -> torch.Tensor:
        """``n x d`` samples clipped to [0, 1]: one draw for the whole batch."""
        eps = torch.randn(
            n,
            self.mean.shape[0],
            generator=generator,
            dtype=self.mean.dtype,
            device=self.mean.device,
        )
        return (self.mean + eps @ self.chol.T).clamp(0.0, 1.0)

    def around(
        self, centres: torch.Tensor, k: int, radius: float, generator: torch.Generator
    ) -> torch.Tensor:
        """``k`` points near each of the ``n`` centres: ``(n k) x d``, each centre's together.

        A point is its centre plus a draw of this Gaussian's shape scaled by ``radius``
        (``radius * N(0, cov)``), clipped to [0, 1].
        """
        n, d = centres.shape
        eps = torch.randn(n, k, d, generator=generator, dtype=centres.dtype, device=centres.device)
        return (centres[:, None, :] + radius * eps @ self.chol.T).clamp(0.0, 1.0).reshape(n * k, d)
