"""The small MLP generator and discriminator the GAN operators train (plain nn.Module)."""

from __future__ import annotations

import torch
import torch.nn.functional as nnf
from torch import nn


def _linear(layer: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """``layer(x)`` for an ``nn.Linear``, without the module call's overhead (same kernel)."""
    assert isinstance(layer, nn.Linear)
    return nnf.linear(x, layer.weight, layer.bias)


class Generator(nn.Module):
    """MLP from an input vector to a point of the normalised decision space [0, 1]^d.

    With ``batch_norm=True`` this is the reference GMOEA generator: two Linear-BN-tanh
    layers then Linear-BN-sigmoid, all of width ``d``. With ``residual=True`` the input
    must itself be a point of [0, 1]^d (a parent solution, or noise around one) and the
    network outputs that point moved by a learned step, clipped back into the box; this
    keeps the generator's output spread as wide as its input's.

    Args:
        n_in: input size (noise or parent dimension).
        n_out: decision-space dimension d.
        hidden: hidden width (defaults to ``n_out``).
        batch_norm: insert BatchNorm1d before each activation.
        residual: output ``clamp(x + step(x), 0, 1)`` instead of ``sigmoid(...)``.
    """

    def __init__(
        self,
        n_in: int,
        n_out: int,
        hidden: int | None = None,
        batch_norm: bool = False,
        residual: bool = False,
    ) -> None:
        super().__init__()
        if residual and n_in != n_out:
            raise ValueError(f"a residual generator needs n_in == n_out, got {n_in} and {n_out}")
        hidden = hidden or n_out
        self.residual = residual
        norm = (lambda w: nn.BatchNorm1d(w)) if batch_norm else (lambda w: nn.Identity())
        self.body = nn.Sequential(
            nn.Linear(n_in, hidden),
            norm(hidden),
            nn.Tanh(),
            nn.Linear(hidden, hidden),
            norm(hidden),
            nn.Tanh(),
            nn.Linear(hidden, n_out),
        )
        self.out_norm = norm(n_out)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        """``z``: ``b x n_in`` -> ``b x n_out`` in [0, 1]."""
        if not isinstance(self.out_norm, nn.Identity):  # batch norm
            h = self.body(z)
        else:  # the same layers called directly: these nets are small enough for it to pay
            first, _, _, second, _, _, last = self.body
            h = torch.tanh(_linear(first, z))
            h = _linear(last, torch.tanh(_linear(second, h)))
        if self.residual:
            return (z + h).clamp(0.0, 1.0)
        return torch.sigmoid(self.out_norm(h))


def init_weights(module: nn.Module, generator: torch.Generator) -> None:
    """Draw every Linear layer's weights from ``generator`` (PyTorch's default scale).

    Weights and biases are uniform in +-1/sqrt(fan_in), as ``nn.Linear`` does by default,
    but from the given generator instead of torch's global RNG. A residual generator's
    last layer starts at zero, so an untrained one returns its input.
    """
    with torch.no_grad():
        for layer in module.modules():
            if isinstance(layer, nn.Linear):
                bound = layer.in_features**-0.5
                for p in (layer.weight, layer.bias):
                    p.copy_(
                        torch.rand(p.shape, generator=generator, device=p.device) * 2 * bound
                        - bound
                    )
        if isinstance(module, Generator) and module.residual:
            last = module.body[-1]
            assert isinstance(last, nn.Linear)
            last.weight.zero_()
            last.bias.zero_()


class Discriminator(nn.Module):
    """MLP scoring how elite a normalised solution looks; returns logits (b x 1).

    The reference GMOEA discriminator is Linear-tanh-Linear-sigmoid of width d; the sigmoid
    lives in the loss (``binary_cross_entropy_with_logits``) for numerical stability.
    """

    def __init__(self, n_in: int, hidden: int | None = None) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(n_in, hidden or n_in), nn.Tanh(), nn.Linear(hidden or n_in, 1)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``x``: ``b x d`` -> ``b x 1`` logits."""
        first, _, last = self.net
        return _linear(last, torch.tanh(_linear(first, x)))
