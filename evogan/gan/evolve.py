"""E-GAN: a population of generators evolved by mutations, fitness and (mu, lambda) selection.

Wang, Xu, Yao, Tao, "Evolutionary Generative Adversarial Networks", IEEE TEVC 2019. Each
training step, every one of the mu parent generators yields one child per mutation (a
generator loss of the family in :mod:`evogan.gan.losses`); each child takes one Adam step
from its parent's weights and optimiser state; children are scored by
``F = Fq + gamma * Fd`` and the best mu survive. The discriminator then trains against the
survivors' samples.

The population is one batched computation: every weight is a tensor with a leading
generator dimension (``P x in x out``), the forward pass is batched matmuls, and Adam is
applied to the stacked tensors, so there is no Python loop over generators. The diversity
fitness needs one gradient of the discriminator's loss per child, which comes from one
backward pass through stacked copies of the discriminator in the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from evogan.errors import OptionError
from evogan.gan.losses import LOSSES, get_loss
from evogan.gan.nets import Generator, init_weights
from evogan.gan.train import ADAM, GAN, GANConfig, InputSampler, TrainStats
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
    """P tanh MLPs at once (stacked by :func:`stack_linears`): ``P x b x in -> P x b x out``."""
    h = x
    for k in range(0, len(params), 2):
        if k:
            h = torch.tanh(h)
        h = torch.baddbmm(params[k + 1], h, params[k])
    return h


def batched_forward(params: Sequence[Tensor], z: Tensor, residual: bool) -> Tensor:
    """P generators at once: ``z`` ``P x b x n_in`` -> ``P x b x n_out`` in [0, 1].

    The same computation as :class:`~evogan.gan.nets.Generator` without batch norm:
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
    d_loss,
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
        elite_x, dominated_x: the population's elites and dominated rows.
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
    norm2 = sum(g.reshape(P, -1).square().sum(dim=1) for g in grads)
    fd = -0.5 * torch.log(norm2)  # -log ||g|| = -log(||g||^2) / 2
    return fq + gamma * fd, fq, fd


def select(F: Tensor, mu: int) -> Tensor:
    """Indices of the ``mu`` largest fitnesses, best first (ties: lower index first)."""
    return torch.argsort(F, descending=True, stable=True)[:mu]


# --- the E-GAN trainer -----------------------------------------------------------------


class EvolutionaryGAN(GAN):
    """A discriminator against a population of ``mu`` generators evolved as E-GAN does.

    Same interface as :class:`~evogan.gan.train.GAN` (``train``, ``generate``, ``score``);
    ``generate`` spreads its inputs evenly over the surviving generators. Generators use
    the network of ``config`` (residual or not; batch norm is not supported) and its
    ``step_penalty``, which is added to every mutation's loss (not to the fitness).

    Args:
        n_var: decision-space dimension d.
        config: networks, optimisers and the discriminator's loss (``config.loss``).
        evolution: mu, the mutations and gamma.
        device: torch device.
        generator: seeds the initial weights.
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
        self.evolution = evolution
        self.mutation_losses = [get_loss(name).g_loss for name in evolution.mutations]
        self.uses_elite = any(get_loss(name).uses_elite for name in evolution.mutations)
        self._round = np.zeros(len(evolution.mutations), dtype=int)
        # The last step's children fitness (child j * mu + i: parent i, mutation j) and
        # the indices of its survivors.
        self.last_fitness: Tensor | None = None
        self.last_survivors: Tensor | None = None
        super().__init__(n_var, config, device, generator)

    def _init_generator(self, generator: torch.Generator) -> None:
        cfg = self.config
        modules = [
            Generator(self.n_var, self.n_var, cfg.hidden, residual=cfg.residual).to(self.device)
            for _ in range(self.evolution.mu)
        ]
        for module in modules:
            init_weights(module, generator)
        self.params = stack_linears(modules)
        self.adam = AdamState.zeros(self.params)

    def _set_train_mode(self) -> None:
        self.D.train()

    def train(
        self,
        X: Tensor,
        elite: Tensor,
        sample_input: InputSampler,
        generator: torch.Generator,
        epochs: int | None = None,
    ) -> TrainStats:
        """As :meth:`GAN.train`; the stats also count the survivors of each mutation."""
        self._round = np.zeros(len(self.evolution.mutations), dtype=int)
        stats = super().train(X, elite, sample_input, generator, epochs)
        stats.survivors = self._round.tolist()
        return stats

    def _spread(self, z: Tensor) -> Tensor:
        """``n x d`` inputs -> ``n x d`` outputs, row blocks going to successive generators."""
        n, mu = len(z), self.evolution.mu
        per = -(-n // mu)
        padded = torch.cat([z, z[: per * mu - n]]) if per * mu > n else z
        out = batched_forward(self.params, padded.reshape(mu, per, -1), self.config.residual)
        return out.reshape(mu * per, -1)[:n]

    def _fake(self, z: Tensor) -> Tensor:
        with torch.no_grad():
            return self._spread(z)

    def _step_g(self, z: Tensor, xb: Tensor, eb: Tensor, generator: torch.Generator) -> Tensor:
        """One E-GAN step: mutate every parent, score the children, keep the best mu."""
        cfg, evo = self.config, self.evolution
        mu, n_mut = evo.mu, len(evo.mutations)
        children = [p.repeat(n_mut, 1, 1).requires_grad_(True) for p in self.params]
        zs = z.expand(mu * n_mut, *z.shape)
        fake = batched_forward(children, zs, cfg.residual)
        logits = self.D(fake.reshape(-1, self.n_var)).reshape(mu * n_mut, len(z))
        elite_logits = self._elite_logits(xb, eb) if self.uses_elite else None
        # Child j * mu + i is parent i under mutation j.
        losses = torch.cat(
            [
                g_loss(logits[j * mu : (j + 1) * mu], elite_logits)
                for j, g_loss in enumerate(self.mutation_losses)
            ]
        )
        if cfg.step_penalty:
            losses = losses + cfg.step_penalty * (fake - zs).square().sum(dim=2).mean(dim=1)
        grads = torch.autograd.grad(losses.sum(), children)
        with torch.no_grad():
            state = self.adam.take(torch.arange(mu, device=z.device).repeat(n_mut))
            children, state = adam_step(children, grads, state, cfg.lr_g)
            samples = batched_forward(children, zs, cfg.residual)
        F, _, _ = fitness(self.D, self.loss.d_loss, samples, xb[eb], xb[~eb], evo.gamma)
        if evo.proximal and cfg.step_penalty:
            move = (samples - zs).square().sum(dim=2).mean(dim=1)
            F = F - evo.proximal * cfg.step_penalty * move
        keep = select(F, mu)
        self.last_fitness, self.last_survivors = F.detach(), keep
        self.params = [p[keep] for p in children]
        self.adam = state.take(keep)
        self._round += np.bincount((keep // mu).cpu().numpy(), minlength=n_mut)
        return losses.detach()[keep].mean()

    def _elite_logits(self, xb: Tensor, eb: Tensor) -> Tensor | None:
        with torch.no_grad():
            return self.D(xb[eb]).reshape(-1)

    @torch.no_grad()
    def generate(self, z: Tensor) -> Tensor:
        """Outputs (``b x d`` in [0, 1]) for inputs ``z``, spread over the survivors."""
        return self._spread(z)


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
