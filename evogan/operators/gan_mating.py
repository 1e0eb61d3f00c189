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
from evogan.errors import OptionError, check_choice
from evogan.gan.noise import GaussianPrior
from evogan.gan.train import GAN, GANConfig, GANDivergedError
from evogan.operators.variation import GAVariation, binary_tournament
from evogan.survival.spea2 import spea2_fitness, spea2_select

INPUTS = ("gaussian", "parents")
TOURNAMENTS = ("crowding", "spea2")


@dataclass(frozen=True)
class GANOperatorConfig:
    """How the GAN operator picks its data, trains, and makes offspring.

    Attributes:
        n_elites: elites (label 1) per generation; an int, or a float in (0, 1] as a
            fraction of the feasible population.
        period: the GAN is retrained every ``period`` generations (w_max).
        gan_prob: probability that a generation's offspring all come from the GAN. ``None``
            is the reference schedule ``1 - (i / period)^2`` for generation i of a window;
            ``"adaptive"`` splits every generation between GAN and GA, the GAN's share
            following how well its offspring survive (see ``GANMating._adapt_share``).
        min_share: the least share of offspring either source keeps when adaptive.
        input: ``"gaussian"`` feeds noise from a Gaussian fitted to the elites;
            ``"parents"`` feeds parent solutions plus Gaussian noise to a residual generator.
        parent_noise: scale of that noise, relative to the elites' spread per variable.
        shrinkage: covariance shrinkage of the elite Gaussian.
        preselect: GAN candidates made per GAN offspring; the discriminator keeps the one
            it scores most elite (1 = no preselection).
        mutate: polynomial mutation on GAN offspring.
        tournament: parent selection of the GA branch, ``"crowding"`` (rank then
            crowding distance, as NSGA-II) or ``"spea2"`` (SPEA2 fitness, as the paper).
        gan: network and optimiser settings (epochs, batch size, learning rates...).
    """

    n_elites: int | float = 10
    period: int = 5
    gan_prob: float | str | None = None
    min_share: float = 0.1
    input: str = "gaussian"
    parent_noise: float = 0.5
    shrinkage: float = 0.1
    preselect: int = 1
    mutate: bool = True
    tournament: str = "crowding"
    gan: GANConfig = field(default_factory=GANConfig)

    def __post_init__(self) -> None:
        check_choice("input", self.input, INPUTS)
        check_choice("tournament", self.tournament, TOURNAMENTS)
        if self.period < 1:
            raise ValueError(f"period must be >= 1, got {self.period}")
        if self.preselect < 1:
            raise ValueError(f"preselect must be >= 1, got {self.preselect}")
        if isinstance(self.gan_prob, str):
            check_choice("gan_prob", self.gan_prob, ("adaptive",))
        elif self.gan_prob is not None and not 0.0 <= self.gan_prob <= 1.0:
            raise ValueError(
                f"gan_prob must lie in [0, 1], None or 'adaptive', got {self.gan_prob}"
            )
        if not 0.0 <= self.min_share <= 0.5:
            raise ValueError(f"min_share must lie in [0, 0.5], got {self.min_share}")
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
            valid = ", ".join(sorted((set(self.__dataclass_fields__) | gan_fields) - {"gan"}))
            raise OptionError(f"unknown GAN operator option(s) {sorted(unknown)}; valid: {valid}")
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
        self.share = 0.5
        self._produced = np.zeros(2, dtype=int)
        self.history: list[dict] = []

    def do(self, problem, pop, n_offsprings, random_state=None, **kwargs):
        if random_state is None:
            raise ValueError("GANMating needs pymoo's random_state (a numpy Generator)")
        if self.config.gan_prob == "adaptive":
            self._adapt_share(pop)
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
        fresh = self.gan is None  # first call, or reset after a divergence: train now
        if fresh:
            self.gan = GAN(problem.n_var, cfg.gan, self.device, gen)
        trained = not (fresh or step == 0) or self._train(Xn, elite_t, sample_input, gen)

        n_gan = self._n_gan(n_offsprings, step, random_state) if trained else 0
        parts = []
        if n_gan:
            cand = self._gan_offspring(
                problem, sample_input, n_gan * cfg.preselect, xl, xu, random_state
            )
            parts.append(self._preselect(cand, n_gan, xl, xu, tkw) if cfg.preselect > 1 else cand)
        if n_offsprings - n_gan:
            parts.append(
                self.ga.offspring(problem, X, fitness, cv, n_offsprings - n_gan, random_state)
            )
        origin = np.r_[np.ones(n_gan, dtype=int), np.zeros(n_offsprings - n_gan, dtype=int)]
        self._produced += np.bincount(origin, minlength=2)
        self.history.append(
            {
                "generation": self.n_calls,
                "n_gan": n_gan,
                "n_ga": n_offsprings - n_gan,
                "trained": fresh or step == 0,
            }
        )
        born = np.full(n_offsprings, self.n_calls)
        return Population.new(X=np.concatenate(parts), origin=origin, born=born)

    def _n_gan(self, n: int, step: int, random_state: np.random.Generator) -> int:
        """How many of ``n`` offspring the GAN makes this generation."""
        p = self.config.gan_prob
        if p == "adaptive":
            return int(round(self.share * n))
        if p is None:  # the reference schedule within a training window
            p = 1.0 - (step / self.config.period) ** 2
        return n if random_state.random() < p else 0

    def _adapt_share(self, pop) -> None:
        """Move the GAN's share of offspring towards its share of last generation's survivors.

        The survival rate of each origin (GAN or GA offspring born last generation and still
        in ``pop``) is compared; the share follows ``rate_gan / (rate_gan + rate_ga)``
        halfway, kept within [min_share, 1 - min_share] so neither source dies out.
        """
        born, origin = pop.get("born"), pop.get("origin")
        produced, self._produced = self._produced, np.zeros(2, dtype=int)
        if born is None or origin is None or produced.min() == 0:
            return
        last = np.asarray(born, dtype=float) == self.n_calls - 1
        survived = np.bincount(np.asarray(origin[last], dtype=int), minlength=2)
        rates = survived / produced
        if rates.sum() > 0:
            target = rates[1] / rates.sum()
            low = self.config.min_share
            self.share = float(np.clip(0.5 * self.share + 0.5 * target, low, 1.0 - low))

    def _train(self, Xn, elite_t, sample_input, gen) -> bool:
        try:
            self.gan.train(Xn, elite_t, sample_input, gen)
            return True
        except GANDivergedError as err:
            warnings.warn(
                f"{err}; the GAN is reset and this generation uses GA offspring", stacklevel=2
            )
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
        fitness[feasible] = (rank_crowding_fitness if kind == "crowding" else spea2_fitness)(
            F[feasible]
        )
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
