"""One GAN of the operator: its elites, its generator input, its training and offspring."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import torch

from evogan.gan.evolve import EvolutionConfig, make_gan
from evogan.gan.noise import GaussianPrior
from evogan.gan.train import GAN, GANConfig, GANDivergedError, TrainStats
from evogan.operators.variation import binary_tournament
from evogan.survival.spea2 import spea2_select


class GANArm:
    """A GAN kept across generations, with the settings that decide its data and samples.

    Args:
        n_elites: elites (label 1): an int, or a fraction of the feasible population.
        input: ``"gaussian"`` (a Gaussian fitted to the elites) or ``"parents"``
            (tournament-chosen parents plus noise of ``parent_noise`` times the elites'
            spread).
        shrinkage: covariance shrinkage of the elite Gaussian.
        preselect: candidates per offspring; the discriminator keeps the most elite-looking.
        gan: network and optimiser settings.
        device: torch device.
        evolution: E-GAN mode (a population of generators) when given, else one generator.
    """

    def __init__(
        self,
        n_elites: int | float,
        input: str,
        parent_noise: float,
        shrinkage: float,
        preselect: int,
        gan: GANConfig,
        device: torch.device,
        evolution: EvolutionConfig | None = None,
    ) -> None:
        self.n_elites = n_elites
        self.input = input
        self.parent_noise = parent_noise
        self.shrinkage = shrinkage
        self.preselect = preselect
        self.gan_config = gan
        self.device = device
        self.evolution = evolution
        self.gan: GAN | None = None
        self.last_stats: TrainStats | None = None
        self.sample_input: Callable[[int], torch.Tensor] | None = None

    def prepare(
        self,
        Xn: torch.Tensor,
        F: np.ndarray,
        cv: np.ndarray,
        fitness: np.ndarray,
        train: bool,
        random_state: np.random.Generator,
        gen: torch.Generator,
    ) -> bool:
        """Pick elites, fit the input sampler, and train if ``train`` or the GAN is new.

        Returns:
            False if training diverged: the GAN is then reset (retrained next time) and
            makes no offspring this generation.
        """
        elite = np.zeros(len(Xn), dtype=bool)
        elite[elite_indices(F, cv, self.n_elites)] = True
        elite_t = torch.as_tensor(elite, device=self.device)
        self.sample_input = self._input_sampler(Xn, elite_t, fitness, cv, random_state, gen)
        fresh = self.gan is None
        if fresh:
            self.gan = self._new_gan(Xn.shape[1], gen)
        self.last_stats = None
        if not (fresh or train):
            return True
        try:
            self.last_stats = self.gan.train(Xn, elite_t, self.sample_input, gen)
            return True
        except GANDivergedError as err:
            warnings.warn(
                f"{err}; the GAN is reset and GA offspring take its place this generation",
                stacklevel=3,
            )
            self.gan = None
            return False

    def _new_gan(self, n_var: int, gen: torch.Generator) -> GAN:
        return make_gan(n_var, self.gan_config, self.device, gen, self.evolution)

    def offspring(self, n: int) -> np.ndarray:
        """``n`` normalised offspring (in [0, 1]^d), preselected by the discriminator."""
        z = self.sample_input(n * self.preselect)
        cand = self.gan.generate(z)
        if self.preselect > 1:
            scores = self.gan.score(cand).reshape(n, self.preselect)
            best = scores.argmax(dim=1) + torch.arange(n, device=cand.device) * self.preselect
            cand = cand[best]
        return cand.cpu().double().numpy()

    def _input_sampler(self, Xn, elite_t, fitness, cv, random_state, gen):
        prior = GaussianPrior(Xn[elite_t], shrinkage=self.shrinkage)
        if self.input == "gaussian":
            return lambda n: prior.sample(n, gen)
        scale = prior.cov.diagonal().sqrt() * self.parent_noise

        def parents(n: int) -> torch.Tensor:
            idx = torch.as_tensor(binary_tournament(fitness, cv, n, random_state), device=Xn.device)
            noise = torch.randn(n, Xn.shape[1], generator=gen, device=Xn.device, dtype=Xn.dtype)
            return (Xn[idx] + noise * scale).clamp(0.0, 1.0)

        return parents


def elite_indices(F: np.ndarray, cv: np.ndarray, n_elites: int | float) -> np.ndarray:
    """The k elites: SPEA2's choice among the feasible, else the least infeasible."""
    feasible = np.flatnonzero(cv <= 0)
    pool = feasible if len(feasible) else np.arange(len(F))
    k = n_elites if isinstance(n_elites, int) else max(int(round(n_elites * len(pool))), 2)
    k = min(k, len(pool))
    if not len(feasible):
        return np.argsort(cv, kind="stable")[:k]
    return pool[spea2_select(F[pool], k)]
