"""E-GAN: a population of generators evolved by mutations, fitness and (mu, lambda) selection.

Wang, Xu, Yao, Tao, "Evolutionary Generative Adversarial Networks", IEEE TEVC 2019. Each
training step, every one of the mu parent generators yields one child per mutation (a
generator loss of the family in ``evogan.gan.losses``); each child takes one Adam step
from its parent's weights and optimiser state; children are scored by
``F = Fq + gamma * Fd`` and the best mu survive. The discriminator then trains against the
survivors' samples. ``GeneratorPopulation`` is that population, the generator model
of a ``GAN`` in E-GAN mode; ``make_gan`` builds a GAN in
either mode.

The population is one batched computation: every weight is a tensor with a leading
generator dimension (``P x in x out``), the forward pass is batched matmuls, and Adam is
applied to the stacked tensors, so there is no Python loop over generators. The diversity
fitness needs one gradient of the discriminator's loss per child, which comes from one
backward pass through stacked copies of the discriminator in the same way.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from evogan.errors import OptionError
from evogan.gan.losses import LOSSES, LossPair, get_loss
from evogan.gan.nets import Generator, init_weights
from evogan.gan.optim import ADAM
from evogan.gan.train import GAN, GANConfig, contraction, elite_logits
from evogan.options import Integer, Names, Real, check_fields, option

Tensor = torch.Tensor
MUTATIONS = ("minimax", "ns", "ls")
"""E-GAN's three mutations: minimax, heuristic (non-saturating) and least-squares."""


@dataclass(frozen=True)
class EvolutionConfig:
    """Settings of the generator population.

    Attributes:
        mu: surviving generators (parents) per step.
        mutations: generator losses, one child per parent each (names of ``LOSSES``).
        gamma: weight of the diversity fitness ``Fd`` against the quality ``Fq``.
        proximal: weight of the generator's step penalty (``step_penalty * mean
            ||G(z) - z||^2``, when the GAN has one) subtracted from its fitness, so that
            selection does not undo the small moves training asks for (0: plain E-GAN).
    """

    mu: int = option(1, Integer(low=1), "surviving generators per step")
    mutations: tuple[str, ...] = option(
        MUTATIONS, Names(tuple(LOSSES), "mutation"), "generator losses used as mutations"
    )
    gamma: float = option(0.1, Real(low=0), "weight of the diversity fitness Fd")
    proximal: float = option(
        1.0, Real(low=0), "weight of the generator's step penalty in its fitness"
    )

    def __post_init__(self) -> None:
        check_fields(self)


# --- the batched generator -------------------------------------------------------------


def stack_linears(modules: Sequence[torch.nn.Module], copies: int = 1) -> list[Tensor]:
    """The Linear layers of P tanh MLPs as stacked ``[W1, b1, W2, b2, ...]``, each ``P x ...``.

    Weights are stored ``P x in x out`` (transposed from ``nn.Linear``) and biases
    ``P x 1 x out``, ready for ``torch.baddbmm``; the result is detached from the modules.
    The modules must be Linear layers with tanh between them (Identity allowed: a
    generator without batch norm, or the discriminator). ``copies`` repeats the stack.
    """
    for module in modules:
        kinds = {type(m) for m in module.modules() if not list(m.children())}
        if not kinds <= {torch.nn.Linear, torch.nn.Tanh, torch.nn.Identity}:
            names = sorted(k.__name__ for k in kinds)
            raise OptionError(f"batched networks need Linear-tanh layers only, got {names}")
    per_module = [[m for m in mod.modules() if isinstance(m, torch.nn.Linear)] for mod in modules]
    params = []
    for layers in zip(*per_module, strict=True):
        params.append(torch.stack([layer.weight.detach().T for layer in layers]).contiguous())
        params.append(torch.stack([layer.bias.detach()[None, :] for layer in layers]))
    return [p.repeat(copies, 1, 1) for p in params] if copies > 1 else params


def mlp_forward(params: Sequence[Tensor], x: Tensor) -> Tensor:
    """P tanh MLPs at once (stacked by ``stack_linears``): ``P x b x in -> P x b x out``."""
    h = x
    for k in range(0, len(params), 2):
        if k:
            h = torch.tanh(h)
        h = torch.baddbmm(params[k + 1], h, params[k])
    return h


def batched_forward(params: Sequence[Tensor], z: Tensor, residual: bool) -> Tensor:
    """P generators at once: ``z`` ``P x b x n_in`` -> ``P x b x n_out`` in [0, 1].

    The same computation as ``Generator`` without batch norm:
    Linear-tanh-Linear-tanh-Linear, then ``clamp(z + h, 0, 1)`` (residual) or ``sigmoid``.
    """
    h = mlp_forward(params, z)
    return (z + h).clamp(0.0, 1.0) if residual else torch.sigmoid(h)


@dataclass
class AdamState:
    """Adam's moments for stacked parameters (leading generator dimension) and its step."""

    m: list[Tensor]
    v: list[Tensor]
    step: int = 0

    @classmethod
    def zeros(cls, params: Sequence[Tensor]) -> AdamState:
        return cls([torch.zeros_like(p) for p in params], [torch.zeros_like(p) for p in params])

    def take(self, idx: Tensor) -> AdamState:
        """The states of generators ``idx`` (indexes the leading dimension)."""
        return AdamState([m[idx] for m in self.m], [v[idx] for v in self.v], self.step)


def adam_step(
    params: Sequence[Tensor], grads: Sequence[Tensor], state: AdamState, lr: float
) -> tuple[list[Tensor], AdamState]:
    """One Adam step (torch's formula, ``ADAM``'s betas, eps 1e-8) on stacked tensors."""
    beta1, beta2 = ADAM["betas"]
    step = state.step + 1
    c1, c2 = 1.0 - beta1**step, (1.0 - beta2**step) ** 0.5
    new_p, new_m, new_v = [], [], []
    for p, g, m, v in zip(params, grads, state.m, state.v, strict=True):
        m = beta1 * m + (1.0 - beta1) * g
        v = beta2 * v + (1.0 - beta2) * g.square()
        new_p.append(p - (lr / c1) * m / (v.sqrt() / c2 + 1e-8))
        new_m.append(m)
        new_v.append(v)
    return new_p, AdamState(new_m, new_v, step)


# --- fitness and selection -------------------------------------------------------------


def fitness(
    D: torch.nn.Module,
    d_loss: Callable[[Tensor, Tensor, Tensor], Tensor],
    samples: Tensor,
    elite_x: Tensor,
    dominated_x: Tensor,
    gamma: float,
) -> tuple[Tensor, Tensor, Tensor]:
    """E-GAN fitness ``F = Fq + gamma * Fd`` of P generators from their samples.

    ``Fq`` is the mean probability ``sigmoid(D(x))`` over a generator's samples (quality);
    ``Fd = -log ||grad over D's parameters of D's loss||`` with that generator's samples as
    the generated data (diversity: a generator whose samples leave D's loss flat is less
    likely to have collapsed); WGAN-GP's gradient penalty is left out of that loss. The P
    gradients come from one backward pass through P stacked copies of D.

    Args:
        D: the discriminator (logits), a tanh MLP.
        d_loss: ``d_loss(elite, dominated, generated)`` on logits, one loss per copy.
        samples: ``P x b x d`` samples of each generator.
        elite_x: the population's elites (``k x d``).
        dominated_x: the population's dominated rows (``(N - k) x d``).
        gamma: weight of ``Fd``.

    Returns:
        ``(F, Fq, Fd)``, each of length P.
    """
    P = len(samples)
    with torch.no_grad():
        fq = torch.sigmoid(D(samples.reshape(-1, samples.shape[-1]))).reshape(P, -1).mean(dim=1)
    if not gamma:
        return fq, fq, torch.zeros_like(fq)
    with torch.enable_grad():
        copies = [p.requires_grad_(True) for p in stack_linears([D], copies=P)]
        real = [mlp_forward(copies, x.expand(P, *x.shape)) for x in (elite_x, dominated_x)]
        logits = [x.squeeze(-1) for x in (*real, mlp_forward(copies, samples))]
        grads = torch.autograd.grad(d_loss(*logits).sum(), copies)
    norm2 = functools.reduce(operator.add, (g.reshape(P, -1).square().sum(dim=1) for g in grads))
    fd = -0.5 * torch.log(norm2)  # -log ||g|| = -log(||g||^2) / 2
    return fq + gamma * fd, fq, fd


def select(F: Tensor, mu: int) -> Tensor:
    """Indices of the ``mu`` largest fitnesses, best first (ties: lower index first)."""
    return torch.argsort(F, descending=True, stable=True)[:mu]


# --- the generator population ----------------------------------------------------------


class GeneratorPopulation:
    """E-GAN's ``mu`` generators, evolved by mutations, fitness and (mu, lambda) selection.

    The generator model (``GeneratorModel``) of a GAN in E-GAN
    mode. Generators use the network of ``config`` (residual or not; batch norm is not
    supported), its ``step_penalty``, which is added to every mutation's loss and, times
    ``evolution.proximal``, subtracted from the fitness, and its ``spread_penalty``, added
    to every mutation's loss. ``fake`` and ``generate`` spread
    their inputs evenly over the survivors.

    Args:
        n_var: decision-space dimension d (inputs and outputs).
        config: network, learning rate ``lr_g``, ``step_penalty`` and ``spread_penalty``.
        evolution: mu, the mutations, gamma and the proximal weight.
        device: torch device of the weights.
        generator: seeds the initial weights.

    Raises:
        OptionError: if ``config.batch_norm`` is set.
    """

    def __init__(
        self,
        n_var: int,
        config: GANConfig,
        evolution: EvolutionConfig,
        device: torch.device,
        generator: torch.Generator,
    ) -> None:
        if config.batch_norm:
            raise OptionError("E-GAN mode needs batch_norm=False (batched generators have none)")
        self.n_var = n_var
        self.config = config
        self.evolution = evolution
        self.mutation_losses = [get_loss(name).g_loss for name in evolution.mutations]
        self.uses_elite = any(get_loss(name).uses_elite for name in evolution.mutations)
        modules = [
            Generator(n_var, n_var, config.hidden, residual=config.residual).to(device)
            for _ in range(evolution.mu)
        ]
        for module in modules:
            init_weights(module, generator)
        self.params = stack_linears(modules)
        """The survivors' weights, stacked (``mu x ...``, see ``stack_linears``)."""
        self.adam = AdamState.zeros(self.params)
        self.counts = np.zeros(len(evolution.mutations), dtype=int)
        """Survivors per mutation since ``begin_round``."""
        # The last step's children fitness (child j * mu + i: parent i, mutation j) and
        # the indices of its survivors.
        self.last_fitness: Tensor | None = None
        self.last_survivors: Tensor | None = None

    def begin_round(self) -> None:
        """Reset the survivor counts (the batched networks have no training mode)."""
        self.counts = np.zeros(len(self.evolution.mutations), dtype=int)

    def survivors(self) -> list[int]:
        """Survivors per mutation since ``begin_round``, summed over the steps."""
        return self.counts.tolist()

    def _spread(self, z: Tensor) -> Tensor:
        """``n x d`` inputs -> ``n x d`` outputs, row blocks going to successive generators."""
        n, mu = len(z), self.evolution.mu
        per = -(-n // mu)
        padded = torch.cat([z, z[: per * mu - n]]) if per * mu > n else z
        out = batched_forward(self.params, padded.reshape(mu, per, -1), self.config.residual)
        return out.reshape(mu * per, -1)[:n]

    @torch.no_grad()
    def fake(self, z: Tensor) -> Tensor:
        """``b x d`` samples without gradient, spread over the survivors."""
        return self._spread(z)

    @torch.no_grad()
    def generate(self, z: Tensor) -> Tensor:
        """``b x d`` samples, spread over the survivors."""
        return self._spread(z)

    def step(self, z: Tensor, xb: Tensor, eb: Tensor, D: torch.nn.Module, loss: LossPair) -> Tensor:
        """One E-GAN step: mutate every parent, score the children, keep the best mu.

        Args:
            z: ``b x d`` inputs, the same for every child.
            xb: ``m x d`` batch rows; ``eb``: ``m`` booleans marking its elites.
            D: the discriminator (logits), scored against and left unchanged.
            loss: the GAN's loss pair; ``loss.d_loss`` gives the diversity fitness.

        Returns:
            The survivors' mean mutation loss (a detached scalar).
        """
        cfg, evo = self.config, self.evolution
        mu, n_mut = evo.mu, len(evo.mutations)
        children = [p.repeat(n_mut, 1, 1).requires_grad_(True) for p in self.params]
        zs = z.expand(mu * n_mut, *z.shape)
        fake = batched_forward(children, zs, cfg.residual)
        logits = D(fake.reshape(-1, self.n_var)).reshape(mu * n_mut, len(z))
        elites = elite_logits(D, xb, eb) if self.uses_elite else None
        # Child j * mu + i is parent i under mutation j.
        losses = torch.cat(
            [
                g_loss(logits[j * mu : (j + 1) * mu], elites)
                for j, g_loss in enumerate(self.mutation_losses)
            ]
        )
        if cfg.step_penalty:
            losses = losses + cfg.step_penalty * (fake - zs).square().sum(dim=2).mean(dim=1)
        if cfg.spread_penalty:
            losses = losses + cfg.spread_penalty * contraction(zs, fake)
        grads = torch.autograd.grad(losses.sum(), children)
        with torch.no_grad():
            state = self.adam.take(torch.arange(mu, device=z.device).repeat(n_mut))
            children, state = adam_step(children, grads, state, cfg.lr_g)
            samples = batched_forward(children, zs, cfg.residual)
        F, _, _ = fitness(D, loss.d_loss, samples, xb[eb], xb[~eb], evo.gamma)
        if evo.proximal and cfg.step_penalty:
            move = (samples - zs).square().sum(dim=2).mean(dim=1)
            F = F - evo.proximal * cfg.step_penalty * move
        keep = select(F, mu)
        self.last_fitness, self.last_survivors = F.detach(), keep
        self.params = [p[keep] for p in children]
        self.adam = state.take(keep)
        self.counts += np.bincount((keep // mu).cpu().numpy(), minlength=n_mut)
        return losses.detach()[keep].mean()


def make_gan(
    n_var: int,
    config: GANConfig,
    device: torch.device,
    generator: torch.Generator,
    evolution: EvolutionConfig | None = None,
) -> GAN:
    """A GAN with one generator, or in E-GAN mode with a generator population.

    The generator model draws its initial weights from ``generator`` first, then the
    discriminator, so the same seed gives the same networks whichever way it is built.

    Args:
        n_var: decision-space dimension d.
        config: networks, optimisers and the discriminator's loss (``config.loss``).
        device: torch device.
        generator: seeds the initial weights.
        evolution: E-GAN settings; ``None`` gives a ``SingleGenerator``.

    Raises:
        OptionError: E-GAN mode with ``config.batch_norm``.
    """
    if evolution is None:
        return GAN(n_var, config, device, generator)
    model = GeneratorPopulation(n_var, config, evolution, device, generator)
    return GAN(n_var, config, device, generator, model)


@dataclass
class MutationHistory:
    """Which mutation produced the surviving generators, training round by round.

    Attributes:
        mutations: the mutation names (columns of ``survivors``).
        generations: the generation of each training round.
        survivors: ``rounds x mutations`` survivor counts, summed over each round's steps
            (each step keeps ``mu`` generators).
    """

    mutations: tuple[str, ...]
    generations: np.ndarray
    survivors: np.ndarray

    def shares(self) -> np.ndarray:
        """``survivors`` as fractions of each round's total."""
        totals = self.survivors.sum(axis=1, keepdims=True)
        return self.survivors / np.maximum(totals, 1)
