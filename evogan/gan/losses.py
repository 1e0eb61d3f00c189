"""Adversarial losses for the three-way discriminator, as pure functions of logits.

The discriminator sees three kinds of data: elite solutions (real, label 1), dominated
solutions (fake, label 0) and generated samples (fake, label 0). Logits ``l = D(x)`` are
the discriminator's raw outputs; probabilities are ``sigmoid(l)``.

Every discriminator loss has the signature ``d_loss(elite, dominated, generated)``: logit
tensors whose last dimension runs over samples (any may be empty; leading dimensions, for
copies of the discriminator, give one loss each). It is the sum of two terms, each an
average:

- the **population term** averages the real loss ``r(l)`` over the elites and the fake loss
  ``f(l)`` over the dominated solutions, as one batch (they come from one population, so a
  population with few elites weighs its dominated solutions more);
- the **generated term** averages the fake loss ``f(l)`` over the generated samples.

The relativistic loss compares pairs instead of single logits; its docstring says how.

Every generator loss has the signature ``g_loss(generated, elite)``: ``generated`` holds
the logits of generated samples in its last dimension (``b`` or ``P x b`` for a population
of P generators, giving one loss per generator), ``elite`` the elites' logits (used only by
the relativistic loss, which needs ``LossPair.uses_elite``).

``LOSSES`` maps each name to its ``LossPair``; ``get_loss`` looks one up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import torch
import torch.nn.functional as nnf

from evogan.errors import check_choice

Tensor = torch.Tensor
PerSample = Callable[[Tensor], Tensor]


def three_way(
    real: PerSample, fake: PerSample, elite: Tensor, dominated: Tensor, generated: Tensor
) -> Tensor:
    """``mean([real(elite), fake(dominated)]) + mean(fake(generated))`` over the last dim.

    Leading dimensions (P discriminator copies) give one loss each; empty parts add 0.
    """
    pop = torch.cat([real(elite), fake(dominated)], dim=-1)
    loss = pop.new_zeros(pop.shape[:-1])
    if pop.shape[-1]:
        loss = loss + pop.mean(dim=-1)
    if generated.shape[-1]:
        loss = loss + fake(generated).mean(dim=-1)
    return loss


def discriminator_bce(elite: Tensor, dominated: Tensor, generated: Tensor) -> Tensor:
    """Three-way binary cross-entropy (the minimax and non-saturating GANs' D loss).

    ``r(l) = -log sigmoid(l) = softplus(-l)``, ``f(l) = -log(1 - sigmoid(l)) = softplus(l)``:
    the population term is the BCE of elites (label 1) and dominated solutions (label 0),
    the generated term the BCE of generated samples (label 0).
    """
    return three_way(lambda x: nnf.softplus(-x), nnf.softplus, elite, dominated, generated)


def generator_minimax(generated: Tensor, elite: Tensor | None = None) -> Tensor:
    """Minimax generator loss ``mean log(1 - D(G(z))) = -mean softplus(l)`` (saturates)."""
    return -nnf.softplus(generated).mean(dim=-1)


def generator_nonsaturating(generated: Tensor, elite: Tensor | None = None) -> Tensor:
    """Non-saturating generator loss ``-mean log D(G(z)) = mean softplus(-l)``."""
    return nnf.softplus(-generated).mean(dim=-1)


def discriminator_ls(elite: Tensor, dominated: Tensor, generated: Tensor) -> Tensor:
    """Least-squares (LSGAN) D loss on raw logits: ``r(l) = (l - 1)^2``, ``f(l) = l^2``.

    Elites are pulled to output 1, dominated and generated samples to 0.
    """
    return three_way(lambda x: (x - 1.0).square(), torch.square, elite, dominated, generated)


def generator_ls(generated: Tensor, elite: Tensor | None = None) -> Tensor:
    """Least-squares generator loss ``mean (l - 1)^2``."""
    return (generated - 1.0).square().mean(dim=-1)


def discriminator_wasserstein(elite: Tensor, dominated: Tensor, generated: Tensor) -> Tensor:
    """Wasserstein critic loss ``r(l) = -l``, ``f(l) = l``, without its gradient penalty.

    The population term is ``(sum of dominated logits - sum of elite logits) / n``: the
    critic scores elites above dominated solutions, and above generated samples by the
    generated term ``mean l``. WGAN-GP adds ``gradient_penalty`` (weight
    ``LossPair.penalty``), which the trainer computes since it needs the critic itself.
    """
    return three_way(torch.neg, torch.clone, elite, dominated, generated)


def generator_wasserstein(generated: Tensor, elite: Tensor | None = None) -> Tensor:
    """Wasserstein (and hinge) generator loss ``-mean l``."""
    return -generated.mean(dim=-1)


def discriminator_hinge(elite: Tensor, dominated: Tensor, generated: Tensor) -> Tensor:
    """Hinge D loss: ``r(l) = relu(1 - l)``, ``f(l) = relu(1 + l)``."""
    return three_way(
        lambda x: nnf.relu(1.0 - x), lambda x: nnf.relu(1.0 + x), elite, dominated, generated
    )


def discriminator_relativistic(elite: Tensor, dominated: Tensor, generated: Tensor) -> Tensor:
    """Relativistic standard (RSGAN) D loss: elites must out-score each fake.

    ``mean_{i,j} softplus(-(e_i - d_j)) + mean_{i,k} softplus(-(e_i - g_k))`` over all pairs
    of an elite logit ``e_i`` with a dominated logit ``d_j`` (population term) and with a
    generated logit ``g_k`` (generated term), i.e. ``-log sigmoid(C(real) - C(fake))``. A
    term without pairs (no elites, or no fakes of its kind) adds 0.
    """
    loss = elite.new_zeros(elite.shape[:-1])
    for fake in (dominated, generated):
        if elite.shape[-1] and fake.shape[-1]:
            pairs = fake.unsqueeze(-2) - elite.unsqueeze(-1)
            loss = loss + nnf.softplus(pairs).mean(dim=(-2, -1))
    return loss


def generator_relativistic(generated: Tensor, elite: Tensor | None = None) -> Tensor:
    """RSGAN generator loss ``mean_{k,i} softplus(-(g_k - e_i))``: out-score every elite.

    Without elites (``elite`` None or empty) each sample is compared with logit 0, which is
    the non-saturating loss.
    """
    if elite is None or elite.numel() == 0:
        return generator_nonsaturating(generated)
    diff = generated.unsqueeze(-1) - elite.reshape(-1)
    return nnf.softplus(-diff).mean(dim=(-2, -1))


def gradient_penalty(
    critic: Callable[[Tensor], Tensor], real: Tensor, fake: Tensor, generator: torch.Generator
) -> Tensor:
    """WGAN-GP's penalty ``mean (||grad_x C(x_hat)|| - 1)^2`` on interpolates ``x_hat``.

    Each fake row (dominated or generated) is paired with a random real (elite) row and
    ``x_hat = a * real + (1 - a) * fake`` with ``a ~ U(0, 1)`` per pair. The graph is kept,
    so the penalty can be back-propagated into the critic. No real or no fake rows: 0.

    Args:
        critic: maps ``b x d`` inputs to ``b x 1`` (or ``b``) scores.
        real: ``k x d`` elite rows.
        fake: ``m x d`` dominated and generated rows.
        generator: torch RNG for the pairing and the mixing weights.
    """
    if not (len(real) and len(fake)):
        return fake.new_zeros(())
    idx = torch.randint(len(real), (len(fake),), generator=generator, device=fake.device)
    a = torch.rand(len(fake), 1, generator=generator, device=fake.device, dtype=fake.dtype)
    x_hat = (a * real[idx] + (1.0 - a) * fake).detach().requires_grad_(True)
    (grad,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    return (grad.norm(dim=1) - 1.0).square().mean()


class LossPair(NamedTuple):
    """A discriminator loss with its generator loss.

    Attributes:
        d_loss: ``d_loss(elite, dominated, generated)`` logits -> scalar.
        g_loss: ``g_loss(generated, elite)`` logits -> loss per generator.
        penalty: weight of ``gradient_penalty`` in the D loss (0: none).
        uses_elite: ``g_loss`` needs the elites' logits.
    """

    d_loss: Callable[[Tensor, Tensor, Tensor], Tensor]
    g_loss: Callable[[Tensor, Tensor | None], Tensor]
    penalty: float = 0.0
    uses_elite: bool = False


LOSSES: dict[str, LossPair] = {
    "minimax": LossPair(discriminator_bce, generator_minimax),
    "ns": LossPair(discriminator_bce, generator_nonsaturating),
    "ls": LossPair(discriminator_ls, generator_ls),
    "wgan-gp": LossPair(discriminator_wasserstein, generator_wasserstein, penalty=10.0),
    "hinge": LossPair(discriminator_hinge, generator_wasserstein),
    "rsgan": LossPair(discriminator_relativistic, generator_relativistic, uses_elite=True),
}
"""Loss names: minimax (original GAN), ns (non-saturating), ls (least squares, LSGAN),
wgan-gp (Wasserstein with gradient penalty 10), hinge, rsgan (relativistic standard)."""


def get_loss(name: str) -> LossPair:
    """The ``LossPair`` called ``name``.

    Raises:
        OptionError: for an unknown name, listing the valid ones.
    """
    return LOSSES[check_choice("gan_loss", name, tuple(LOSSES))]
