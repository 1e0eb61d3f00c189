"""The GAN offspring operator: pymoo's mating step, replaced by a GAN trained on the population.

Each generation the population is split into elites (the k best by SPEA2, label 1) and
dominated solutions (label 0); a GAN learns to generate elite-like solutions against a
discriminator that also sees its samples (label 0). Offspring come from the generator or,
by a schedule, from ordinary GA variation; optionally the discriminator preselects the
most elite-looking of several candidates per offspring.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field, replace

import numpy as np
import torch
from pymoo.core.infill import InfillCriterion
from pymoo.core.population import Population
from pymoo.operators.survival.rank_and_crowding.metrics import calc_crowding_distance
from pymoo.util.nds.non_dominated_sorting import NonDominatedSorting

from evogan.device import resolve_device, torch_generator
from evogan.errors import check_choice
from evogan.gan.noise import GaussianPrior
from evogan.gan.train import GAN, GANConfig, GANDivergedError
from evogan.operators.variation import GAVariation, binary_tournament
from evogan.survival.spea2 import spea2_fitness, spea2_select

INPUTS = ("gaussian", "parents")
SOURCES = ("gan", "ga", "mix")
TOURNAMENTS = ("crowding", "spea2")


@dataclass(frozen=True)
class GANOperatorConfig:
    """How the GAN operator picks its data, trains, and makes offspring.

    Attributes:
        n_elites: elites (label 1) per generation; an int, or a float in (0, 1] as a
            fraction of the feasible population.
        period: the GAN is retrained every ``period`` generations (w_max).
        gan_prob: probability that a generation's offspring come from the GAN. ``None``
            is the reference schedule ``1 - (i / period)^2`` for generation i of a window.
        input: ``"gaussian"`` feeds noise from a Gaussian fitted to the elites;
            ``"parents"`` feeds parent solutions plus Gaussian noise to a residual generator.
        parent_noise: scale of that noise, relative to the elites' spread per variable.
        shrinkage: covariance shrinkage of the elite Gaussian.
        preselect: candidates made per offspring; the discriminator keeps the one it
            scores most elite (1 = no preselection).
        source: where candidates come from when preselecting: the branch the schedule
            chose (``"gan"``/``"ga"`` follow the schedule), or ``"mix"``: half GAN, half GA.
        mutate: polynomial mutation on GAN offspring.
        tournament: parent selection of the GA branch, ``"crowding"`` (rank then
            crowding distance, as NSGA-II) or ``"spea2"`` (SPEA2 fitness, as the paper).
        gan: network and optimiser settings (epochs, batch size, learning rates...).
    """

    n_elites: int | float = 10
    period: int = 5
    gan_prob: float | None = None
    input: str = "gaussian"
    parent_noise: float = 0.5
    shrinkage: float = 0.1
    preselect: int = 1
    source: str = "gan"
    mutate: bool = True
    tournament: str = "crowding"
    gan: GANConfig = field(default_factory=GANConfig)

    def __post_init__(self) -> None:
        check_choice("input", self.input, INPUTS)
        check_choice("source", self.source, SOURCES)
        check_choice("tournament", self.tournament, TOURNAMENTS)
        if self.period < 1:
            raise ValueError(f"period must be >= 1, got {self.period}")
        if self.preselect < 1:
            raise ValueError(f"preselect must be >= 1, got {self.preselect}")
        if self.gan_prob is not None and not 0.0 <= self.gan_prob <= 1.0:
            raise ValueError(f"gan_prob must lie in [0, 1] or be None, got {self.gan_prob}")
        if isinstance(self.n_elites, float) and not 0.0 < self.n_elites <= 1.0:
            raise ValueError(f"a fractional n_elites must lie in (0, 1], got {self.n_elites}")
        if isinstance(self.n_elites, int) and self.n_elites < 1:
            raise ValueError(f"n_elites must be >= 1, got {self.n_elites}")

    def with_options(self, **options) -> GANOperatorConfig:
        """A copy with some fields changed; GANConfig fields are accepted too."""
        gan_fields = set(GANConfig.__dataclass_fields__)
        gan_opts = {k: v for k, v in options.items() if k in gan_fields}
        own = {k: v for k, v in options.items() if k not in gan_fields}
        unknown = set(own) - set(self.__dataclass_fields__)
        if unknown:
            valid = sorted((set(self.__dataclass_fields__) | gan_fields) - {"gan"})
            raise check_choice("option", sorted(unknown)[0], valid)
        return replace(self, gan=replace(self.gan, **gan_opts), **own)


class GANMating(InfillCriterion):
    """pymoo mating operator whose offspring come from a GAN trained on the population.

    Pass it as ``mating=`` to any pymoo genetic algorithm. It keeps its GAN between
    generations (warm start) and counts generations itself.

    Args:
        config: the operator's settings.
        device: ``"auto"`` (CUDA when available), ``"cpu"`` or ``"cuda"``.
        ga: the GA variation used by the GA branch and for mutation.
    """

    def __init__(
        self,
        config: GANOperatorConfig | None = None,
        device: str = "auto",
        ga: GAVariation | None = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.config = config or GANOperatorConfig()
        self.device = resolve_device(device)
        self.ga = ga or GAVariation()
        self.gan: GAN | None = None
        self.n_calls = 0
        self.history: list[dict] = []

    def do(self, problem, pop, n_offsprings, random_state=None, **kwargs):
        if random_state is None:
            raise ValueError("GANMating needs pymoo's random_state (a numpy Generator)")
        off = super().do(problem, pop, n_offsprings, random_state=random_state, **kwargs)
        self.n_calls += 1
        return off

    def _do(self, problem, pop, n_offsprings, random_state=None, **kwargs):
        cfg = self.config
        xl, xu = (np.asarray(b, dtype=float) for b in problem.bounds())
        X, F = pop.get("X").astype(float), pop.get("F").astype(float)
        cv = _violation(pop)
        fitness = _fitness(F, cv, cfg.tournament)
        elite = np.zeros(len(X), dtype=bool)
        elite[_elite_indices(F, cv, cfg.n_elites)] = True

        tkw = {"device": self.device, "dtype": torch.float32}
        gen = torch_generator(random_state, self.device)
        Xn = torch.as_tensor((X - xl) / (xu - xl), **tkw)
        elite_t = torch.as_tensor(elite, device=self.device)
        sample_input = self._input_sampler(Xn, elite_t, fitness, cv, random_state, gen)

        step = self.n_calls % cfg.period
        if self.gan is None:
            self.gan = GAN(problem.n_var, cfg.gan, self.device, gen)
        trained = True
        if step == 0:
            trained = self._train(Xn, elite_t, sample_input, gen)

        p_gan = 1.0 - (step / cfg.period) ** 2 if cfg.gan_prob is None else cfg.gan_prob
        use_gan = trained and random_state.random() < p_gan
        n_cand = n_offsprings * cfg.preselect
        if cfg.preselect > 1 and cfg.source == "mix" and trained:
            n_gan = n_cand // 2
            parts = [self._gan_offspring(problem, sample_input, n_gan, xl, xu, random_state)]
            parts.append(self.ga.offspring(problem, X, fitness, cv, n_cand - n_gan, random_state))
            cand = np.concatenate(parts)[random_state.permutation(n_cand)]
        elif use_gan:
            cand = self._gan_offspring(problem, sample_input, n_cand, xl, xu, random_state)
        else:
            cand = self.ga.offspring(problem, X, fitness, cv, n_cand, random_state)
        if cfg.preselect > 1 and trained:
            cand = self._preselect(cand, n_offsprings, xl, xu, tkw)
        self.history.append({"generation": self.n_calls, "gan": bool(use_gan), "trained": step == 0})
        return Population.new(X=cand[:n_offsprings])

    def _train(self, Xn, elite_t, sample_input, gen) -> bool:
        try:
            self.gan.train(Xn, elite_t, sample_input, gen)
            return True
        except GANDivergedError as err:
            warnings.warn(f"{err}; the GAN is reset and this generation uses GA offspring", stacklevel=2)
            self.gan = None
            return False

    def _input_sampler(self, Xn, elite_t, fitness, cv, random_state, gen):
        cfg = self.config
        prior = GaussianPrior(Xn[elite_t], shrinkage=cfg.shrinkage)
        if cfg.input == "gaussian":
            return lambda n: prior.sample(n, gen)
        scale = prior.cov.diagonal().sqrt() * cfg.parent_noise

        def parents(n: int) -> torch.Tensor:
            idx = binary_tournament(fitness, cv, n, random_state)
            noise = torch.randn(n, Xn.shape[1], generator=gen, device=Xn.device, dtype=Xn.dtype)
            return (Xn[torch.as_tensor(idx, device=Xn.device)] + noise * scale).clamp(0.0, 1.0)

        return parents

    def _gan_offspring(self, problem, sample_input, n, xl, xu, random_state) -> np.ndarray:
        Xg = self.gan.generate(sample_input(n)).cpu().double().numpy()
        X = xl + Xg * (xu - xl)
        return self.ga.mutate(problem, X, random_state) if self.config.mutate else X

    def _preselect(self, cand, n, xl, xu, tkw) -> np.ndarray:
        scores = self.gan.score(torch.as_tensor((cand - xl) / (xu - xl), **tkw)).cpu().numpy()
        groups = scores.reshape(n, -1)
        best = groups.argmax(axis=1) + np.arange(n) * groups.shape[1]
        return cand[best]


def _violation(pop) -> np.ndarray:
    cv = pop.get("CV")
    if cv is None or cv.size == 0:
        return np.zeros(len(pop))
    return np.maximum(cv.reshape(len(pop), -1).sum(axis=1), 0.0)


def _fitness(F: np.ndarray, cv: np.ndarray, kind: str = "crowding") -> np.ndarray:
    """Tournament fitness (smaller wins) among the feasible; infeasible rank after them.

    ``"crowding"``: non-domination rank, ties broken by larger crowding distance (as
    NSGA-II's tournament); ``"spea2"``: SPEA2 fitness (as the reference GMOEA).
    """
    feasible = cv <= 0
    fitness = np.full(len(F), np.inf)
    if feasible.any():
        fitness[feasible] = (rank_crowding_fitness if kind == "crowding" else spea2_fitness)(F[feasible])
    return fitness


def rank_crowding_fitness(F: np.ndarray) -> np.ndarray:
    """Front index plus ``1 / (1 + crowding distance)``: lexicographic rank, then crowding."""
    fitness = np.empty(len(F))
    for i, front in enumerate(NonDominatedSorting().do(F)):
        fitness[front] = i + 1.0 / (1.0 + calc_crowding_distance(F[front]))
    return fitness


def _elite_indices(F: np.ndarray, cv: np.ndarray, n_elites: int | float) -> np.ndarray:
    """The k elites: SPEA2's choice among the feasible, else the least infeasible."""
    feasible = np.flatnonzero(cv <= 0)
    pool = feasible if len(feasible) else np.arange(len(F))
    k = n_elites if isinstance(n_elites, int) else max(int(round(n_elites * len(pool))), 2)
    k = min(k, len(pool))
    if not len(feasible):
        return np.argsort(cv, kind="stable")[:k]
    return pool[spea2_select(F[pool], k)]
