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
from evogan.gan.losses import LOSSES, get_loss, gradient_penalty
from evogan.gan.nets import Discriminator, Generator, init_weights
from evogan.options import Boolean, Choice, Integer, Nullable, Real, check_fields, option

InputSampler = Callable[[int], torch.Tensor]
"""Draws ``n`` generator inputs (``n x n_in``) in one call."""


# Fused Adam: one kernel per optimiser step, which matters for networks this small.
ADAM = {"betas": (0.5, 0.999), "fused": True}


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
        loss: the adversarial loss, a name of ``evogan.gan.losses.LOSSES`` (``"ns"``:
            three-way BCE for D, non-saturating for G).
    """

    epochs: int = option(200, Integer(low=1), "passes over the population per training round")
    batch_size: int | None = option(
        None, Nullable(Integer(low=1), "the full population"), "samples per training step"
    )
    lr_d: float = option(1e-4, Real(low=0, low_open=True), "Adam learning rate of D")
    lr_g: float = option(4e-4, Real(low=0, low_open=True), "Adam learning rate of G")
    hidden: int | None = option(
        None, Nullable(Integer(low=1), "the decision dimension"), "hidden width of G and D"
    )
    batch_norm: bool = option(False, Boolean(), "batch norm in the generator")
    residual: bool = option(False, Boolean(), "the generator moves its input by a learned step")
    step_penalty: float = option(
        0.0, Real(low=0), "weight of mean ||G(z) - z||^2 in the generator loss"
    )
    loss: str = option("ns", Choice(tuple(LOSSES)), "the adversarial loss")

    def __post_init__(self) -> None:
        check_fields(self)


@dataclass
class TrainStats:
    """Losses of the last step of a training round."""

    d_loss: float
    g_loss: float
    steps: int
    survivors: list[int] | None = None
    """E-GAN only: survivors per mutation, summed over the round's steps."""


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
        self.loss = get_loss(config.loss)
        self._init_generator(generator)
        self.D = Discriminator(n_var, config.hidden).to(device)
        init_weights(self.D, generator)
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=config.lr_d, **ADAM)

    def _init_generator(self, generator: torch.Generator) -> None:
        cfg = self.config
        self.G = Generator(self.n_var, self.n_var, cfg.hidden, cfg.batch_norm, cfg.residual)
        self.G.to(self.device)
        init_weights(self.G, generator)
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=cfg.lr_g, **ADAM)

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
        self._set_train_mode()
        n = len(X)
        batch = min(self.config.batch_size or n, n)
        d_loss = g_loss = torch.zeros(())
        steps = 0
        for _ in range(epochs or self.config.epochs):
            perm = torch.randperm(n, generator=generator, device=X.device) if batch < n else None
            for start in range(0, n, batch):
                idx = perm[start : start + batch] if perm is not None else slice(None)
                xb, eb = X[idx], elite[idx]
                d_loss = self._step_d(xb, eb, sample_input(len(xb)), generator)
                g_loss = self._step_g(sample_input(len(xb)), xb, eb, generator)
                steps += 1
        d_val, g_val = float(d_loss), float(g_loss)
        if not (math.isfinite(d_val) and math.isfinite(g_val)):
            raise GANDivergedError(f"GAN training diverged: d_loss={d_val}, g_loss={g_val}")
        return TrainStats(d_val, g_val, steps)

    def _set_train_mode(self) -> None:
        self.G.train()
        self.D.train()

    def _fake(self, z: torch.Tensor) -> torch.Tensor:
        """Generator samples for the discriminator step (no gradient)."""
        with torch.no_grad():
            return self.G(z)

    def _step_d(
        self, xb: torch.Tensor, eb: torch.Tensor, z: torch.Tensor, generator: torch.Generator
    ) -> torch.Tensor:
        fake = self._fake(z)
        logits = self.D(torch.cat([xb, fake])).reshape(-1)
        real_logits, fake_logits = logits[: len(xb)], logits[len(xb) :]
        loss = self.loss.d_loss(real_logits[eb], real_logits[~eb], fake_logits)
        if self.loss.penalty:
            fakes = torch.cat([xb[~eb], fake])
            loss = loss + self.loss.penalty * gradient_penalty(self.D, xb[eb], fakes, generator)
        self.opt_d.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_d.step()
        return loss.detach()

    def _elite_logits(self, xb: torch.Tensor, eb: torch.Tensor) -> torch.Tensor | None:
        """The elites' logits (no gradient) when the generator loss needs them."""
        if not self.loss.uses_elite:
            return None
        with torch.no_grad():
            return self.D(xb[eb]).reshape(-1)

    def _step_g(
        self, z: torch.Tensor, xb: torch.Tensor, eb: torch.Tensor, generator: torch.Generator
    ) -> torch.Tensor:
        fake = self.G(z)
        loss = self.loss.g_loss(self.D(fake).reshape(-1), self._elite_logits(xb, eb))
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
