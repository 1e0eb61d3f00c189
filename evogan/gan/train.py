"""Three-way GAN training: the discriminator learns elite vs dominated vs generated.

``GAN`` owns the discriminator, its optimiser, the loss and the training loop; the
generator side is a ``GeneratorModel`` it holds (one ``SingleGenerator``, or
E-GAN's population in ``evogan.gan.evolve``).

Everything inside a training round stays in torch tensors on one device; randomness comes
from the ``torch.Generator`` passed in, so a seeded run repeats exactly on the CPU.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import torch
from torch import nn

from evogan.errors import EvoganError
from evogan.gan.losses import LOSSES, LossPair, get_loss, gradient_penalty
from evogan.gan.nets import Discriminator, Generator, init_weights
from evogan.gan.optim import adam, step, zero_grad
from evogan.options import Boolean, Choice, Integer, Nullable, Real, check_fields, option

Tensor = torch.Tensor
InputSampler = Callable[[int], Tensor]
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
        spread_penalty: weight of ``contraction(z, G(z))`` added to the generator loss,
            which keeps the generator from drawing its inputs together (its samples
            collapsing onto one region; 0 turns it off).
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
    spread_penalty: float = option(
        0.0, Real(low=0), "weight of the generator's contraction of its inputs in its loss"
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


class GeneratorModel(Protocol):
    """The generator side of a ``GAN``: what its training loop asks of it.

    ``SingleGenerator`` is one network with its own Adam; E-GAN's population of
    generators (``GeneratorPopulation``) is the other. The GAN
    owns the discriminator, its optimiser and the loss, and passes them in where a step
    needs them. All inputs ``z`` are ``b x n_in`` and all outputs ``b x d`` in [0, 1].
    """

    def begin_round(self) -> None:
        """Enter training mode and reset the per-round counts (start of ``GAN.train``)."""
        ...

    def fake(self, z: Tensor) -> Tensor:
        """Samples ``b x d`` for the discriminator step, without gradient."""
        ...

    def step(self, z: Tensor, xb: Tensor, eb: Tensor, D: nn.Module, loss: LossPair) -> Tensor:
        """One generator update against the discriminator ``D``.

        Args:
            z: ``b x n_in`` generator inputs.
            xb: ``m x d`` population rows of this step's batch.
            eb: ``m`` booleans, True for the elites among ``xb``.
            D: the discriminator (logits ``b x 1``); the step must not update it.
            loss: the GAN's loss pair (``loss.d_loss`` is D's loss).

        Returns:
            The generator loss of the step (a detached scalar).
        """
        ...

    def generate(self, z: Tensor) -> Tensor:
        """Samples ``b x d`` in evaluation mode, without gradient."""
        ...

    def survivors(self) -> list[int] | None:
        """Survivors per mutation since ``begin_round`` (E-GAN), else None."""
        ...


def contraction(z: Tensor, fake: Tensor) -> Tensor:
    """How far a generator draws its inputs together: the mean over pairs of rows of
    ``relu(1 - ||G(z_i) - G(z_j)|| / ||z_i - z_j||)``, 0 when no pair comes closer.

    The pairs are each row and the one before it (the inputs are independent draws, so
    these are random pairs). ``z`` and ``fake`` are ``... x b x d``: one value per leading
    index (a scalar for ``b x d``).
    """
    dz = (z - z.roll(1, dims=-2)).norm(dim=-1).clamp_min(1e-12)
    dg = (fake - fake.roll(1, dims=-2)).norm(dim=-1)
    return torch.relu(1.0 - dg / dz).mean(dim=-1)


def elite_logits(D: nn.Module, xb: Tensor, eb: Tensor) -> Tensor:
    """The elites' logits ``k`` (no gradient), for generator losses that need them."""
    with torch.no_grad():
        return D(xb[eb]).reshape(-1)


class SingleGenerator:
    """One generator network trained by torch's Adam with the GAN's generator loss.

    The network is ``Generator`` as ``config`` sets it; the loss is
    ``loss.g_loss`` plus ``config.step_penalty * mean ||G(z) - z||^2`` plus
    ``config.spread_penalty * contraction(z, G(z))``.

    Args:
        n_var: decision-space dimension d (inputs and outputs).
        config: network, learning rate ``lr_g`` and ``step_penalty``.
        device: torch device of the network.
        generator: seeds the initial weights.
    """

    def __init__(
        self, n_var: int, config: GANConfig, device: torch.device, generator: torch.Generator
    ) -> None:
        self.config = config
        self.net = Generator(n_var, n_var, config.hidden, config.batch_norm, config.residual)
        self.net.to(device)
        init_weights(self.net, generator)
        self.opt = adam(self.net.parameters(), config.lr_g)

    def begin_round(self) -> None:
        """Training mode (batch norm uses batch statistics)."""
        self.net.train()

    def fake(self, z: Tensor) -> Tensor:
        """``b x d`` samples without gradient."""
        with torch.no_grad():
            return self.net(z)

    def step(self, z: Tensor, xb: Tensor, eb: Tensor, D: nn.Module, loss: LossPair) -> Tensor:
        """One Adam step on ``loss.g_loss`` (see ``GeneratorModel.step``)."""
        fake = self.net(z)
        logits = D(fake).reshape(-1)
        g_loss = loss.g_loss(logits, elite_logits(D, xb, eb) if loss.uses_elite else None)
        if self.config.step_penalty:
            g_loss = g_loss + self.config.step_penalty * (fake - z).square().sum(dim=1).mean()
        if self.config.spread_penalty:
            g_loss = g_loss + self.config.spread_penalty * contraction(z, fake)
        zero_grad(self.opt)
        g_loss.backward()
        step(self.opt)
        return g_loss.detach()

    @torch.no_grad()
    def generate(self, z: Tensor) -> Tensor:
        """``b x d`` samples in evaluation mode."""
        self.net.eval()
        return self.net(z)

    def survivors(self) -> None:
        """One generator has no survivors to count."""
        return None


class GAN:
    """A discriminator, its optimiser and the loss, training a generator model on one device.

    The generator side is a ``GeneratorModel``: by default a ``SingleGenerator``
    built from ``config``; E-GAN mode passes a population of generators
    (``evogan.gan.evolve.make_gan`` builds either). The generator model draws its
    initial weights from ``generator`` before the discriminator does, so a model passed in
    must have been built from the same ``generator`` just before this call.

    Args:
        n_var: decision-space dimension d (data are normalised to [0, 1]^d).
        config: network and optimiser settings.
        device: torch device of both networks.
        generator: seeds the initial weights.
        model: the generator model; ``None`` builds a ``SingleGenerator``.
    """

    def __init__(
        self,
        n_var: int,
        config: GANConfig,
        device: torch.device,
        generator: torch.Generator,
        model: GeneratorModel | None = None,
    ) -> None:
        self.n_var = n_var
        self.config = config
        self.device = device
        self.loss = get_loss(config.loss)
        if model is None:
            model = SingleGenerator(n_var, config, device, generator)
        self.G: GeneratorModel = model
        self.D = Discriminator(n_var, config.hidden).to(device)
        init_weights(self.D, generator)
        self.opt_d = adam(self.D.parameters(), config.lr_d)

    def train(
        self,
        X: Tensor,
        elite: Tensor,
        sample_input: InputSampler,
        generator: torch.Generator,
        epochs: int | None = None,
    ) -> TrainStats:
        """One training round on a population: per batch, a D step then a generator step.

        Args:
            X: ``n x d`` normalised population.
            elite: ``n`` booleans, True for the elites (label 1), False for dominated (0).
            sample_input: draws generator inputs; called once per step.
            generator: torch RNG for the shuffling.
            epochs: overrides ``config.epochs`` for this round.

        Returns:
            The last step's losses, the step count and (E-GAN) the survivors per mutation.

        Raises:
            GANDivergedError: if a loss turns NaN or infinite.
        """
        self.G.begin_round()
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
                d_loss = self._step_d(xb, eb, sample_input(len(xb)), generator)
                g_loss = self.G.step(sample_input(len(xb)), xb, eb, self.D, self.loss)
                steps += 1
        d_val, g_val = float(d_loss), float(g_loss)
        if not (math.isfinite(d_val) and math.isfinite(g_val)):
            raise GANDivergedError(f"GAN training diverged: d_loss={d_val}, g_loss={g_val}")
        return TrainStats(d_val, g_val, steps, self.G.survivors())

    def _step_d(self, xb: Tensor, eb: Tensor, z: Tensor, generator: torch.Generator) -> Tensor:
        fake = self.G.fake(z)
        logits = self.D(torch.cat([xb, fake])).reshape(-1)
        real_logits, fake_logits = logits[: len(xb)], logits[len(xb) :]
        loss = self.loss.d_loss(real_logits[eb], real_logits[~eb], fake_logits)
        if self.loss.penalty:
            fakes = torch.cat([xb[~eb], fake])
            loss = loss + self.loss.penalty * gradient_penalty(self.D, xb[eb], fakes, generator)
        zero_grad(self.opt_d)
        loss.backward()
        step(self.opt_d)
        return loss.detach()

    @torch.no_grad()
    def generate(self, z: Tensor) -> Tensor:
        """Generator outputs (``b x d`` in [0, 1]) for inputs ``z`` in evaluation mode."""
        return self.G.generate(z)

    @torch.no_grad()
    def score(self, X: Tensor) -> Tensor:
        """Discriminator probability that each row of ``X`` is elite (``b``)."""
        self.D.eval()
        return torch.sigmoid(self.D(X)).reshape(-1)
