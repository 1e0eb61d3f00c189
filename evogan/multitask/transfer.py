"""The pairwise transfer GAN: maps one task's solutions towards another task's population.

For an ordered pair of tasks (source -> target) the generator takes a source solution (a
point of the unified space [0, 1]^D) as its input and the discriminator's real data is the
target's current population, as in EMT-GS (Liang et al., "Evolutionary Multitasking for
Multiobjective Optimization Based on Generative Strategies", IEEE TEVC 27(4), 2023).

**Samples are solutions (rows), not decision variables (columns).** The reference code
feeds the GAN one decision-variable column at a time: a sample is the vector of one
variable's values over the population, sorted by rank, so the networks have N inputs and
only D samples (10 to 50 here) per training round. That ties the map to the order of the
two populations and lets every variable of a solution be mapped by a different sample.
Here a sample is one solution: the networks have D inputs, each training round sees the
whole target population (N samples), the map is one function of the whole source
solution (so the links between its variables survive), and a mapped solution is simply
``G(x_source)``, usable one at a time. The generator is residual, ``clamp(x + step(x))``,
with the step penalised (``GANConfig.step_penalty``): an untrained or freshly reset
generator is the identity (plain transfer of the source solution in the unified space),
and training moves source solutions only as far as the target population's distribution
asks, so what the source has found (its converged variables) is carried over rather than
replaced by a copy of the target's population.
"""

from __future__ import annotations

import warnings

import numpy as np
import torch

from evogan.gan.train import GAN, GANConfig, GANDivergedError
from evogan.threads import one_thread

#: Transfer GAN settings: small full-batch rounds, warm-started (see ``TransferGAN``).
DEFAULT_CONFIG = GANConfig(
    epochs=20, batch_size=None, lr_d=3e-3, lr_g=3e-3, residual=True, step_penalty=1.0
)


class TransferGAN:
    """A residual GAN from a source task's unified solutions to a target's population.

    The networks persist between training rounds (warm start); a round that diverges
    resets them, which leaves the identity map until the next round.

    Args:
        dim: the unified dimension D.
        config: network and optimiser settings; ``residual`` must be True.
        device: torch device of the networks.
        generator: seeds the initial weights.
    """

    def __init__(
        self, dim: int, config: GANConfig, device: torch.device, generator: torch.Generator
    ) -> None:
        if not config.residual:
            raise ValueError("the transfer GAN needs a residual generator (config.residual=True)")
        self.dim, self.config, self.device = dim, config, device
        self.gan = GAN(dim, config, device, generator)
        self.rounds = 0

    def train(self, source: np.ndarray, target: np.ndarray, generator: torch.Generator) -> bool:
        """One training round: ``G(source rows)`` against the ``target`` rows.

        Args:
            source: ``n_s x D`` unified source solutions (the generator's inputs).
            target: ``n_t x D`` unified target population (the discriminator's real data).
            generator: torch RNG for drawing source rows.

        Returns:
            False if the round diverged (the networks are then reset), else True.
        """
        S = self._tensor(source)
        T = self._tensor(target)
        real = torch.ones(len(T), dtype=torch.bool, device=self.device)

        def sample_source(n: int) -> torch.Tensor:
            return S[torch.randint(len(S), (n,), generator=generator, device=self.device)]

        try:
            with one_thread():  # the same numbers whatever the caller's thread count
                self.gan.train(T, real, sample_source, generator)
        except GANDivergedError as err:
            warnings.warn(f"{err}; the transfer GAN is reset to the identity map", stacklevel=2)
            self.gan = GAN(self.dim, self.config, self.device, generator)
            return False
        self.rounds += 1
        return True

    def map(self, source: np.ndarray) -> np.ndarray:
        """Mapped solutions ``G(source)`` (``n x D`` in [0, 1])."""
        with one_thread():
            return self.gan.generate(self._tensor(source)).cpu().double().numpy()

    def _tensor(self, X: np.ndarray) -> torch.Tensor:
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != self.dim:
            raise ValueError(f"expected an n x {self.dim} array, got shape {X.shape}")
        return torch.as_tensor(X, dtype=torch.float32, device=self.device)
