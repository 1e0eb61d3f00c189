"""One GAN of the operator: its elites, its generator input, its training and offspring."""

from __future__ import annotations

import warnings

import numpy as np
import torch

from evogan.gan.evolve import EvolutionConfig, make_gan
from evogan.gan.latent import PrincipalSubspace
from evogan.gan.noise import GaussianPrior
from evogan.gan.regularity import LocalModels, local_pca, sample_models, track
from evogan.gan.train import GAN, GANConfig, GANDivergedError, InputSampler, TrainStats
from evogan.operators.variation import binary_tournament
from evogan.survival.spea2 import spea2_select, use_sde


class GANArm:
    """A GAN kept across generations, with the settings that decide its data and samples.

    Args:
        n_elites: elites (label 1): an int, or a fraction of the feasible population.
        elites: ``"spea2"`` (SPEA2's selection) or ``"fitness"`` (the best by ``fitness``).
        input: ``"gaussian"`` (a Gaussian fitted to the elites), ``"parents"``
            (tournament-chosen parents plus noise of ``parent_noise`` times the elites'
            spread), ``"regularity"`` (points of RM-MEDA's local linear models of the
            population, ``RegularityInput``) or ``"mixed"`` (half of each).
        shrinkage: covariance shrinkage of the elite Gaussian.
        preselect: candidates per offspring; the discriminator keeps the most elite-looking.
        preselect_radius: ``None``: the candidates of an offspring are independent
            generator inputs; a number: they are the generator's images of one input and of
            points around it (that input plus the elite Gaussian's shape times this radius).
        latent: ``None``: the GAN works in decision space; else it works in the coordinates
            of the population's leading principal directions (``PrincipalSubspace``; an
            int: that many, a float: the fewest holding that fraction of the variance),
            refitted at each training round.
        scale: with ``latent`` None, the GAN sees each variable scaled to the
            population's range (refitted at each training round) instead of the box.
        gan: network and optimiser settings.
        device: torch device.
        evolution: E-GAN mode (a population of generators) when given, else one generator.
    """

    # Class-level defaults for attributes that checkpoints of earlier versions lack: such a
    # GAN resumes as it ran (independent candidates).
    preselect_radius: float | None = None
    prior: GaussianPrior | None = None

    def __init__(
        self,
        n_elites: int | float,
        elites: str,
        input: str,
        parent_noise: float,
        shrinkage: float,
        preselect: int,
        gan: GANConfig,
        device: torch.device,
        evolution: EvolutionConfig | None = None,
        latent: int | float | None = None,
        scale: bool = False,
        preselect_radius: float | None = None,
    ) -> None:
        self.n_elites = n_elites
        self.elites = elites
        self.input = input
        self.parent_noise = parent_noise
        self.shrinkage = shrinkage
        self.preselect = preselect
        self.preselect_radius = preselect_radius
        self.gan_config = gan
        self.device = device
        self.evolution = evolution
        self.latent = latent
        self.scale = scale
        self.subspace: PrincipalSubspace | None = None
        self._gen: torch.Generator | None = None
        self.gan: GAN | None = None
        self.last_stats: TrainStats | None = None
        self.healthy = True  # the last training round's check (``gan_is_healthy``)
        self.sample_input: InputSampler | None = None
        self.prior: GaussianPrior | None = None  # the elite Gaussian of the last ``prepare``

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
            False if training diverged or a linear-algebra step of the GAN's model (the
            elite Gaussian, the principal directions, the regularity models) failed: the
            GAN is then reset (retrained next time) and makes no offspring this
            generation.
        """
        elite = np.zeros(len(Xn), dtype=bool)
        if self.elites == "fitness":
            elite[best_by_fitness(fitness, cv, self.n_elites)] = True
        else:
            elite[elite_indices(F, cv, self.n_elites)] = True
        elite_t = torch.as_tensor(elite, device=self.device)
        try:
            self._fit(Xn, elite_t, fitness, cv, train, random_state, gen, F.shape[1])
            return True
        except (GANDivergedError, torch.linalg.LinAlgError, np.linalg.LinAlgError) as err:
            what = err if isinstance(err, GANDivergedError) else f"the GAN's model failed: {err}"
            warnings.warn(
                f"{what}; the GAN is reset and GA offspring take its place this generation",
                stacklevel=3,
            )
            self.reset()
            return False

    def _fit(
        self,
        Xn: torch.Tensor,
        elite_t: torch.Tensor,
        fitness: np.ndarray,
        cv: np.ndarray,
        train: bool,
        random_state: np.random.Generator,
        gen: torch.Generator,
        n_obj: int,
    ) -> None:
        """``prepare`` once the elites are chosen; raises what training or the models raise."""
        Xn = self._coordinates(Xn, train)
        self._gen = gen
        self.sample_input = self._input_sampler(Xn, elite_t, fitness, cv, random_state, gen, n_obj)
        fresh = self.gan is None
        gan = self.gan = self._new_gan(Xn.shape[1], gen) if self.gan is None else self.gan
        self.last_stats = None
        if fresh or train:
            self.last_stats = gan.train(Xn, elite_t, self.sample_input, gen)
            self.healthy = gan_is_healthy(gan, Xn, elite_t)

    def reset(self) -> None:
        """Drop the networks; the next ``prepare`` trains fresh ones."""
        self.gan = None
        self.subspace = None
        self.prior = None
        self.last_stats = None
        self.healthy = True

    def _coordinates(self, Xn: torch.Tensor, train: bool) -> torch.Tensor:
        """The population as the GAN sees it: ``Xn``, its latent coordinates, or its
        variables scaled to their range.

        The subspace is refitted when the GAN trains (or is new), and kept in between so
        that the generator's moves keep their meaning; a GAN whose latent size changes
        starts afresh.
        """
        if self.latent is None and not self.scale:
            return Xn
        if self.subspace is None or train or self.gan is None:
            keep, rotate = (1.0, False) if self.latent is None else (self.latent, True)
            self.subspace = PrincipalSubspace(Xn, keep, self.subspace, rotate)
            if self.gan is not None and self.gan.n_var != self.subspace.k:
                self.gan = None
        return self.subspace.encode(Xn)

    def _new_gan(self, n_var: int, gen: torch.Generator) -> GAN:
        return make_gan(n_var, self.gan_config, self.device, gen, self.evolution)

    def offspring(self, n: int) -> np.ndarray:
        """``n`` normalised offspring (in [0, 1]^d), preselected by the discriminator."""
        if self.gan is None or self.sample_input is None:
            raise RuntimeError("GANArm.offspring called before prepare")
        cand = self.gan.generate(self._candidate_inputs(n))
        if self.preselect > 1:
            scores = self.gan.score(cand).reshape(n, self.preselect)
            best = scores.argmax(dim=1) + torch.arange(n, device=cand.device) * self.preselect
            cand = cand[best]
        if self.subspace is not None and self._gen is not None:
            cand = self.subspace.decode(cand, self._gen)
        return cand.cpu().double().numpy()

    def _candidate_inputs(self, n: int) -> torch.Tensor:
        """The generator's inputs for ``n`` offspring: ``preselect`` per offspring, together."""
        assert self.sample_input is not None
        if self.preselect == 1 or self.preselect_radius is None:
            return self.sample_input(n * self.preselect)
        assert self.prior is not None and self._gen is not None
        centres = self.sample_input(n)
        return self.prior.around(centres, self.preselect, self.preselect_radius, self._gen)

    def _input_sampler(
        self,
        Xn: torch.Tensor,
        elite_t: torch.Tensor,
        fitness: np.ndarray,
        cv: np.ndarray,
        random_state: np.random.Generator,
        gen: torch.Generator,
        n_obj: int,
    ) -> InputSampler:
        prior = self.prior = GaussianPrior(Xn[elite_t], shrinkage=self.shrinkage)
        if self.input == "gaussian":
            return GaussianInput(prior, gen)
        if self.input in ("regularity", "mixed"):
            last = self.sample_input
            if isinstance(last, MixedInput):
                last = last.first
            previous = last.models if isinstance(last, RegularityInput) else None
            regularity = RegularityInput(Xn, n_obj, random_state, previous)
            if self.input == "mixed":
                return MixedInput(regularity, GaussianInput(prior, gen))
            return regularity
        scale = prior.cov.diagonal().sqrt() * self.parent_noise
        return ParentInput(Xn, fitness, cv, scale, random_state, gen)


class GaussianInput:
    """Generator inputs drawn from the elite Gaussian (an object, so that it pickles)."""

    def __init__(self, prior: GaussianPrior, gen: torch.Generator) -> None:
        self.prior, self.gen = prior, gen

    def __call__(self, n: int) -> torch.Tensor:
        """``n x d`` inputs."""
        return self.prior.sample(n, self.gen)


class RegularityInput:
    """Generator inputs: points of RM-MEDA's local linear models of the population.

    The population (as the GAN sees it) is split by Local PCA into ``CLUSTERS`` clusters,
    each modelled by the box of its first ``n_obj - 1`` principal components extended by
    ``EXTENSION`` of its width on each side, plus noise of its residual variance (the
    paper's settings); inputs are drawn from those boxes and clipped to [0, 1].

    Given last generation's models, the models follow the population by one round of
    Local PCA with approximate directions (``track``), a few matrix products; else Local
    PCA runs from a random start. Points are drawn ``BLOCK`` at a time (the first request
    exactly) and handed out in order, so that a training round's many small requests cost
    a few draws.

    Args:
        Xn: ``N x d`` population as the GAN sees it.
        n_obj: objectives (the models' dimension is ``n_obj - 1``).
        random_state: pymoo's generator (the clustering and the draws).
        previous: last generation's models, which the new ones follow.
    """

    CLUSTERS = 5
    EXTENSION = 0.25
    BLOCK = 512
    _drawn: torch.Tensor | None = None  # points drawn, not yet handed out (older pickles lack it)

    def __init__(
        self,
        Xn: torch.Tensor,
        n_obj: int,
        random_state: np.random.Generator,
        previous: LocalModels | None = None,
    ) -> None:
        X = Xn.detach().cpu().double().numpy()
        q = max(n_obj - 1, 1)
        if previous is not None and previous.V.shape == (self.CLUSTERS, X.shape[1], q):
            self.models = track(previous, X, random_state)
        else:
            self.models = local_pca(X, q, self.CLUSTERS, random_state)
        self.random_state = random_state
        self.dtype, self.device = Xn.dtype, Xn.device
        self._drawn = None

    def __call__(self, n: int) -> torch.Tensor:
        """``n x d`` inputs in [0, 1]: the next ``n`` points drawn."""
        if self._drawn is None or len(self._drawn) < n:
            size = n if self._drawn is None else max(n, self.BLOCK)
            X = sample_models(self.models, size, self.EXTENSION, self.random_state)
            fresh = torch.as_tensor(X.clip(0.0, 1.0), dtype=self.dtype, device=self.device)
            self._drawn = fresh if self._drawn is None else torch.cat([self._drawn, fresh])
        out, self._drawn = self._drawn[:n], self._drawn[n:]
        return out


class MixedInput:
    """Generator inputs: the first half from one sampler, the rest from another."""

    def __init__(self, first: InputSampler, second: InputSampler) -> None:
        self.first, self.second = first, second

    def __call__(self, n: int) -> torch.Tensor:
        """``n x d`` inputs: ``n // 2`` of the first sampler's, then the second's."""
        return torch.cat([self.first(n // 2), self.second(n - n // 2)])


class ParentInput:
    """Generator inputs: tournament-chosen parents plus Gaussian noise of ``scale``.

    Args:
        Xn: ``N x d`` normalised population.
        fitness: tournament fitness (smaller wins) of each row.
        cv: constraint violation of each row.
        scale: ``d`` noise standard deviations.
        random_state: pymoo's generator (the tournaments).
        gen: the torch generator (the noise).
    """

    def __init__(
        self,
        Xn: torch.Tensor,
        fitness: np.ndarray,
        cv: np.ndarray,
        scale: torch.Tensor,
        random_state: np.random.Generator,
        gen: torch.Generator,
    ) -> None:
        self.Xn, self.fitness, self.cv, self.scale = Xn, fitness, cv, scale
        self.random_state, self.gen = random_state, gen

    def __call__(self, n: int) -> torch.Tensor:
        """``n x d`` inputs in [0, 1]."""
        Xn = self.Xn
        idx = binary_tournament(self.fitness, self.cv, n, self.random_state)
        noise = torch.randn(n, Xn.shape[1], generator=self.gen, device=Xn.device, dtype=Xn.dtype)
        return (Xn[torch.as_tensor(idx, device=Xn.device)] + noise * self.scale).clamp(0.0, 1.0)


#: A discriminator whose scores of the population spread less than this tells nothing.
MIN_SPREAD = 1e-3

#: A residual generator that moves no elite coordinate by more than this (in the
#: normalised box) is the identity: its offspring are the elite Gaussian's own samples.
IDENTITY_MOVE = 1e-5


def gan_is_healthy(gan: GAN, Xn: torch.Tensor, elite: torch.Tensor) -> bool:
    """Whether a trained GAN can still make useful offspring (no randomness is drawn).

    Two signs of a broken GAN, both found when training was sabotaged with a huge learning
    rate: the discriminator scores every solution alike (its sigmoid saturates: the spread
    of its scores of the population is below ``MIN_SPREAD``), or a residual generator
    moves the elites it is fed but does not raise the discriminator's score of them (their
    mean score after the generator is not above before; a generator that maps noise to
    solutions has no such before). In healthy runs of the tuning suite the spread was at
    least 0.037 and the gain at least 1.3e-3 after every training round.

    A residual generator that does not move the elites (by more than ``IDENTITY_MOVE``)
    is no broken one: it passes its input on, and its offspring are the elite Gaussian's
    samples. This is the frozen-generator ablation (``lr_g=1e-12``), whose untrained
    generator starts as the identity: the gain test, which it cannot pass, would suspend
    it and leave GA offspring alone.

    Args:
        gan: the trained GAN.
        Xn: ``N x d`` normalised population.
        elite: ``N`` booleans, the elites.
    """
    with torch.no_grad():
        scores = gan.score(Xn)
        if float(scores.max() - scores.min()) < MIN_SPREAD:
            return False
        if not gan.config.residual:
            return True
        chosen = Xn[elite]
        moved = gan.generate(chosen)
        if float((moved - chosen).abs().max()) <= IDENTITY_MOVE:
            return True
        gain = gan.score(moved).mean() - scores[elite].mean()
    return float(gain) > 0.0


def _count(n_elites: int | float, pool: int) -> int:
    """How many elites of a pool of ``pool`` solutions (at least 2 for a fraction)."""
    k = n_elites if isinstance(n_elites, int) else max(int(round(n_elites * pool)), 2)
    return min(k, pool)


def best_by_fitness(fitness: np.ndarray, cv: np.ndarray, n_elites: int | float) -> np.ndarray:
    """The k elites by tournament fitness (smaller wins), the least infeasible after."""
    feasible = int(np.sum(cv <= 0))
    k = _count(n_elites, feasible if feasible else len(fitness))
    return np.lexsort((fitness, cv))[:k]


def elite_indices(F: np.ndarray, cv: np.ndarray, n_elites: int | float) -> np.ndarray:
    """The k elites: SPEA2's choice among the feasible, else the least infeasible.

    With 4 or more objectives SPEA2 measures density by shifting (SPEA2+SDE), as the
    environmental selection ``"auto"`` does: plain SPEA2 picks elites that are poor in
    some objective once nearly every solution is non-dominated.
    """
    feasible = np.flatnonzero(cv <= 0)
    pool = feasible if len(feasible) else np.arange(len(F))
    k = _count(n_elites, len(pool))
    if not len(feasible):
        return np.argsort(cv, kind="stable")[:k]
    return pool[spea2_select(F[pool], k, use_sde(F.shape[1]))]
