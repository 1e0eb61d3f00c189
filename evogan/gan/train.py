"""Three-way GAN training: the discriminator learns elite vs dominated vs generated.

Everything inside a training round stays in torch tensors on one device; randomness comes
from the ``torch.Generator`` passed in, so a seeded run repeats exactly on the CPU.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch

from evogan.errors import EvoganError
from evogan.gan.losses import discriminator_bce, generator_nonsaturating
from evogan.gan.nets import Discriminator, Generator, init_weights

InputSampler = Callable[[int], torch.Tensor]
"""Draws ``n`` generator inputs (``n x n_in``) in one call."""


class GANDivergedError(EvoganError, ArithmeticError):
    """A training loss became NaN or infinite."""


@dataclass(frozen=True)
class GANConfig:
    """Networks and optimiser settings of one GAN.

    Attributes:
        epochs: passes over the population per training round.
        batch_size: population samples per step; ``None`` trains on the full batch.
        lr_d, lr_g: Adam learning rates of discriminator and generator.
        hidden: hidden width of both networks (``None``: the decision dimension).
        batch_norm: batch norm in the generator (the reference network has it).
        residual: the generator moves its input (a point of [0,1]^d) by a learned step.
        step_penalty: weight of ``mean ||G(z) - z||^2`` added to the generator loss, which
            keeps a residual generator's moves small (0 turns it off).
    """

    epochs: int = 200
    batch_size: int | None = None
    lr_d: float = 1e-4
    lr_g: float = 4e-4
    hidden: int | None = None
    batch_norm: bool = False
    residual: bool = False
    step_penalty: float = 0.0

    def __post_init__(self) -> None:
        if self.epochs < 1:
            raise ValueError(f"epochs must be >= 1, got {self.epochs}")
        if self.batch_size is not None and self.batch_size < 1:
            raise ValueError(f"batch_size must be >= 1 or None, got {self.batch_size}")
        if self.lr_d <= 0 or self.lr_g <= 0:
            raise ValueError(f"learning rates must be > 0, got lr_d={self.lr_d}, lr_g={self.lr_g}")


@dataclass
class TrainStats:
    """Losses of the last step of a training round."""

    d_loss: float
    g_loss: float
    steps: int


class GAN:
    """A generator, a discriminator and their optimisers, on one device.

    Args:
        n_var: decision-space dimension d (data are normalised to [0, 1]^d).
        config: network and optimiser settings.
        device: torch device of both networks.
        generator: seeds the initial weights.
    """

    def __init__(
        self, n_var: int, config: GANConfig, device: torch.device, generator: torch.Generator
    ) -> None:
        self.n_var = n_var
        self.config = config
        self.device = device
        self.G = Generator(n_var, n_var, config.hidden, config.batch_norm, config.residual).to(
            device
        )
        self.D = Discriminator(n_var, config.hidden).to(device)
        init_weights(self.G, generator)
        init_weights(self.D, generator)
        # Fused Adam: one kernel per optimiser step, which matters for networks this small.
        adam = {"betas": (0.5, 0.999), "fused": True}
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=config.lr_g, **adam)
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=config.lr_d, **adam)

    def train(
        self,
        X: torch.Tensor,
        elite: torch.Tensor,
        sample_input: InputSampler,
        generator: torch.Generator,
        epochs: int | None = None,
    ) -> TrainStats:
        """One training round on a population.

        Args:
            X: ``n x d`` normalised population.
            elite: ``n`` booleans, True for the elites (label 1), False for dominated (0).
            sample_input: draws generator inputs; called once per step.
            generator: torch RNG for the shuffling.
            epochs: overrides ``config.epochs`` for this round.

        Raises:
            GANDivergedError: if a loss turns NaN or infinite.
        """
        self.G.train()
        self.D.train()
        n = len(X)
        batch = min(self.config.batch_size or n, n)
        d_loss = g_loss = torch.zeros(())
        steps = 0
        for _ in range(epochs or self.config.epochs):
            perm = torch.randperm(n, generator=generator, device=X.device) if batch < n else None
            for start in range(0, n, batch):
                idx = perm[start : start + batch] if perm is not None else slice(None)
                xb, eb = X[idx], elite[idx]
                d_loss = self._step_d(xb, eb, sample_input(len(xb)))
                g_loss = self._step_g(sample_input(len(xb)))
                steps += 1
        d_val, g_val = float(d_loss), float(g_loss)
        if not (math.isfinite(d_val) and math.isfinite(g_val)):
            raise GANDivergedError(f"GAN training diverged: d_loss={d_val}, g_loss={g_val}")
        return TrainStats(d_val, g_val, steps)

    def _step_d(self, xb: torch.Tensor, eb: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            fake = self.G(z)
        logits = self.D(torch.cat([xb, fake]))
        real_logits, fake_logits = logits[: len(xb)], logits[len(xb) :]
        loss = discriminator_bce(real_logits[eb], real_logits[~eb], fake_logits)
        self.opt_d.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_d.step()
        return loss.detach()

    def _step_g(self, z: torch.Tensor) -> torch.Tensor:
        fake = self.G(z)
        loss = generator_nonsaturating(self.D(fake))
        if self.config.step_penalty:
            loss = loss + self.config.step_penalty * (fake - z).square().sum(dim=1).mean()
        self.opt_g.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_g.step()
        return loss.detach()

    @torch.no_grad()
    def generate(self, z: torch.Tensor) -> torch.Tensor:
        """Generator outputs (``b x d`` in [0, 1]) for inputs ``z`` in evaluation mode."""
        self.G.eval()
        return self.G(z)

    @torch.no_grad()
    def score(self, X: torch.Tensor) -> torch.Tensor:
        """Discriminator probability that each row of ``X`` is elite (``b``)."""
        self.D.eval()
        return torch.sigmoid(self.D(X)).reshape(-1)
