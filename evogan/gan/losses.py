"""Adversarial losses for the three-way discriminator, as pure functions of logits.

The discriminator sees three kinds of data: elite solutions (label 1), dominated solutions
(label 0) and generated samples (label 0). Logits are the discriminator's raw outputs;
probabilities are ``sigmoid(logits)``.
"""

from __future__ import annotations

import torch
import torch.nn.functional as nnf


def discriminator_bce(
    elite: torch.Tensor, dominated: torch.Tensor, generated: torch.Tensor
) -> torch.Tensor:
    """Three-way binary cross-entropy of the discriminator.

    ``L_D = BCE(population) + BCE(generated)``, where the population term averages
    ``-log D(x)`` over elites and ``-log(1 - D(x))`` over dominated solutions (one batch,
    as they come from the same population), and the generated term averages
    ``-log(1 - D(G(z)))``. Any of the tensors may be empty.
    """
    pop_logits = torch.cat([elite.reshape(-1), dominated.reshape(-1)])
    pop_labels = torch.cat(
        [torch.ones_like(elite.reshape(-1)), torch.zeros_like(dominated.reshape(-1))]
    )
    loss = pop_logits.new_zeros(())
    if len(pop_logits):
        loss = loss + nnf.binary_cross_entropy_with_logits(pop_logits, pop_labels)
    if generated.numel():
        loss = loss + nnf.binary_cross_entropy_with_logits(generated, torch.zeros_like(generated))
    return loss


def generator_nonsaturating(generated: torch.Tensor) -> torch.Tensor:
    """Non-saturating generator loss ``-mean log D(G(z))`` (written with logits)."""
    return nnf.binary_cross_entropy_with_logits(generated, torch.ones_like(generated))
