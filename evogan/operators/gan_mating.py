"""The GAN offspring operator: pymoo's mating step, replaced by GANs trained on the population.

Each generation the population is split into elites (the k best by SPEA2, label 1) and
dominated solutions (label 0); a GAN learns to generate elite-like solutions against a
discriminator that also sees its samples (label 0). Offspring come from the generator(s)
and from ordinary GA variation, split by a schedule or by how well each source's offspring
survive.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import torch
from pymoo.core.infill import InfillCriterion
from pymoo.core.population import Population
from pymoo.operators.survival.rank_and_crowding.metrics import calc_crowding_distance
from pymoo.util.nds.non_dominated_sorting import NonDominatedSorting

from evogan.device import resolve_device, torch_generator
from evogan.errors import OptionError
from evogan.gan.evolve import EvolutionConfig
from evogan.gan.train import GANConfig
from evogan.operators.gan_arm import GANArm
from evogan.operators.shares import Health, SurvivalShares, split_counts
from evogan.operators.variation import GAVariation
from evogan.options import (
    AnyOf,
    Boolean,
    Choice,
    Integer,
    Nullable,
    Real,
    Settings,
    check_fields,
    option,
)
from evogan.population import values
from evogan.survival.spea2 import spea2_fitness
from evogan.threads import one_thread

INPUTS = ("gaussian", "parents", "regularity", "mixed")
TOURNAMENTS = ("crowding", "spea2")
# Settings each GAN of an ensemble may have of its own; the rest are shared.
ARM_FIELDS = (
    "n_elites",
    "elites",
    "input",
    "parent_noise",
    "shrinkage",
    "preselect",
    "preselect_radius",
    "evolution",
    "latent",
    "scale",
)
ELITES = ("spea2", "fitness")


@dataclass(frozen=True)
class GANOperatorConfig:
    """How the GAN operator picks its data, trains, and makes offspring.

    Attributes:
        n_elites: elites (label 1) per generation; an int, or a float in (0, 1] as a
            fraction of the feasible population.
        elites: ``"spea2"`` chooses them by SPEA2's environmental selection (truncated for
            spread; the paper); ``"fitness"`` takes the best by the GA tournament's fitness
            (rank, then crowding distance by default), which is computed anyway.
        period: the GANs are retrained every ``period`` generations (w_max).
        gan_prob: probability that a generation's offspring all come from the GAN(s).
            ``None`` is the reference schedule ``1 - (i / period)^2`` for generation i of a
            window; ``"adaptive"`` splits every generation between the GA and each GAN,
            the shares following how well their offspring survive (``SurvivalShares``);
            ``0`` is GA offspring alone, and no GAN is then fitted or trained.
        min_share: the least share of offspring each source keeps when adaptive.
        input: ``"gaussian"`` feeds noise from a Gaussian fitted to the elites;
            ``"parents"`` feeds parent solutions plus Gaussian noise; ``"regularity"``
            feeds points of RM-MEDA's local linear models of the population (Local PCA,
            ``evogan.gan.regularity``), so that the generator refines samples of the
            Pareto set's estimated shape; ``"mixed"`` feeds half of each, the models' and
            the elite Gaussian's.
        parent_noise: scale of that noise, relative to the elites' spread per variable.
        shrinkage: covariance shrinkage of the elite Gaussian.
        preselect: candidates made per GAN offspring; the discriminator keeps the one it
            scores most elite (1 = no preselection).
        preselect_radius: ``None``: those candidates come from independent generator
            inputs; a number: from one input and points around it (the input plus the
            elite Gaussian's shape times this radius), so that preselection refines an
            offspring instead of choosing where it goes.
        latent: ``None``: the GANs work in decision space; else in the coordinates of the
            population's leading principal directions, an int: that many, a float in
            (0, 1]: the fewest that hold that fraction of its variance
            (``evogan.gan.latent``); the discarded directions get Gaussian noise.
        scale: with ``latent`` None, the GANs see each variable scaled to the population's
            range (refitted each training round) instead of the bounds' box.
        mutate: polynomial mutation on GAN offspring.
        health: suspend a failing GAN (``Health``): it makes no offspring for a while and
            comes back with fresh networks. A GAN fails when its training leaves it broken
            (``gan_is_healthy``) or, with adaptive shares, when none of its offspring
            survived over the last generations while the GA's did.
        tournament: parent selection of the GA branch, ``"crowding"`` (rank then
            crowding distance, as NSGA-II) or ``"spea2"`` (SPEA2 fitness, as the paper).
        gan: network and optimiser settings of the (first) GAN.
        ensemble: further GANs, each a dict of settings that differ from the first one
            (any of ``ARM_FIELDS`` or GANConfig's fields), e.g.
            ``({"n_elites": 10, "step_penalty": 1.0},)``.
        in_turn: the GANs of an ensemble train in turn, one every ``period`` generations
            (each every ``period`` times their number), so that the ensemble's training
            costs one GAN's; each GAN still trains once when it is new.
        evolution: E-GAN mode: each GAN keeps a population of generators evolved with
            these settings (``None``: one generator per GAN).
    """

    n_elites: int | float = option(
        10,
        AnyOf((Integer(low=1), Real(0.0, 1.0, low_open=True))),
        "elites per generation: a count, or a fraction of the feasible population",
    )
    elites: str = option(
        "spea2",
        Choice(ELITES),
        "how the elites are chosen: SPEA2's selection, or the best by the GA's tournament "
        "fitness (no extra cost)",
    )
    period: int = option(5, Integer(low=1), "the GANs are retrained every PERIOD generations")
    gan_prob: float | str | None = option(
        None,
        Nullable(AnyOf((Real(0.0, 1.0), Choice(("adaptive",)))), "the schedule 1 - (i/period)^2"),
        "probability that a generation's offspring come from the GANs, or 'adaptive'",
    )
    min_share: float = option(
        0.1, Real(0.0, 1.0), "least share of offspring each source keeps (adaptive)"
    )
    input: str = option("gaussian", Choice(INPUTS), "what the generator is fed")
    parent_noise: float = option(
        0.5, Real(low=0), "noise scale of the 'parents' input, relative to the elites' spread"
    )
    shrinkage: float = option(0.1, Real(0.0, 1.0), "covariance shrinkage of the elite Gaussian")
    preselect: int = option(
        1, Integer(low=1), "candidates per GAN offspring; the discriminator keeps the best"
    )
    preselect_radius: float | None = option(
        None,
        Nullable(Real(low=0, low_open=True), "independent inputs"),
        "the candidates of a GAN offspring: the generator's images of one input and of points "
        "around it, at this radius in units of the elite Gaussian's spread",
    )
    latent: int | float | None = option(
        None,
        Nullable(
            AnyOf((Integer(low=1), Real(0.0, 1.0, low_open=True))), "the decision space itself"
        ),
        "the GANs work in the population's leading principal directions: a count, or the "
        "fraction of its variance they hold",
    )
    scale: bool = option(
        False,
        Boolean(),
        "the GANs see each variable scaled to the population's range, not to the bounds",
    )
    mutate: bool = option(True, Boolean(), "polynomial mutation on GAN offspring")
    tournament: str = option("crowding", Choice(TOURNAMENTS), "parent selection of the GA")
    health: bool = option(
        True,
        Boolean(),
        "suspend (no offspring for a while) and reset a GAN that training left broken, or "
        "whose offspring stopped surviving",
    )
    gan: GANConfig = field(default_factory=GANConfig)
    ensemble: tuple[dict[str, Any], ...] = option(
        (), Settings(), "further GANs, each a table of the settings that differ"
    )
    in_turn: bool = option(
        False,
        Boolean(),
        "the GANs of an ensemble train in turn, one every PERIOD generations",
    )
    evolution: EvolutionConfig | None = None

    def __post_init__(self) -> None:
        check_fields(self)
        n_sources = len(self.ensemble) + 2
        if self.min_share * n_sources > 1.0:
            raise OptionError(
                f"min_share must lie in [0, 1 / {n_sources}] for {n_sources} offspring "
                f"sources, got {self.min_share}"
            )
        for overrides in self.ensemble:
            self.arm(overrides)  # every ensemble member must be a valid configuration

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

    def arm(self, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
        """The settings of one GAN: this config's, changed by ``overrides``."""
        overrides = dict(overrides or {})
        gan_opts = {
            k: overrides.pop(k) for k in list(overrides) if k in GANConfig.__dataclass_fields__
        }
        unknown = set(overrides) - set(ARM_FIELDS)
        if unknown:
            valid = ", ".join(sorted(set(ARM_FIELDS) | set(GANConfig.__dataclass_fields__)))
            raise OptionError(f"unknown ensemble setting(s) {sorted(unknown)}; valid: {valid}")
        base = replace(self, ensemble=(), **overrides)  # re-validates the changed fields
        settings = {name: getattr(base, name) for name in ARM_FIELDS}
        return {**settings, "gan": replace(self.gan, **gan_opts)}


class GANMating(InfillCriterion):
    """pymoo mating operator whose offspring come from GANs trained on the population.

    Pass it as ``mating=`` to any pymoo genetic algorithm. It keeps its GANs between
    generations (warm start) and counts generations itself. Offspring carry two
    attributes, ``origin`` (0 = GA, k = the k-th GAN) and ``born`` (the generation).
    ``history`` holds one dict per generation: offspring ``counts`` per source, whether the
    GANs were ``trained``, and in E-GAN mode the ``survivors`` per mutation of each GAN's
    training round (None where it did not train).

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
        specs = [self.config.arm(), *(self.config.arm(o) for o in self.config.ensemble)]
        self.arms = [GANArm(**spec, device=self.device) for spec in specs]
        health = Health() if self.config.health else None
        self.shares = SurvivalShares(len(self.arms) + 1, self.config.min_share, health)
        self._suspended: list[int] = []  # GANs suspended at this generation's credit
        self.n_calls = 0
        self._produced = np.zeros(len(self.arms) + 1, dtype=int)
        self.history: list[dict] = []

    def do(self, problem, pop, n_offsprings, random_state=None, **kwargs):
        """One generation's offspring; the GANs are prepared (and trained) once per call.

        pymoo's infill loop may call ``_do`` again when ``repair`` or
        ``eliminate_duplicates`` leave fewer than ``n_offsprings``; every call draws from
        the GANs prepared here, and ``history`` counts the offspring actually returned.
        """
        if random_state is None:
            raise ValueError("GANMating needs pymoo's random_state (a numpy Generator)")
        if self.config.gan_prob == "adaptive":
            self._credit(pop)
        else:
            self.shares.tick()  # a suspended GAN's rest runs on without credit
        with one_thread():  # the same numbers whatever the caller's thread count
            self._prepare(problem, pop, random_state)
            off = super().do(problem, pop, n_offsprings, random_state=random_state, **kwargs)
        origin = np.asarray(values(off, "origin"), dtype=int)
        counts = np.bincount(origin, minlength=len(self.arms) + 1)
        self._produced += counts
        self._record(counts)
        self.n_calls += 1
        return off

    def _prepare(self, problem, pop, random_state: np.random.Generator) -> None:
        """Pick each GAN's elites and train it when its period comes round."""
        xl, xu = (np.asarray(b, dtype=float) for b in problem.bounds())
        X, F, CV = (values(pop, key) for key in ("X", "F", "CV"))
        X, F, cv = X.astype(float), F.astype(float), _violation(CV, len(pop))
        self._X, self._fitness, self._cv = X, _fitness(F, cv, self.config.tournament), cv
        gen = torch_generator(random_state, self.device)
        if self.config.gan_prob == 0:
            # GA offspring alone: no GAN is prepared or trained. The torch seed above is
            # still drawn, so the GA's random stream is the one it had beside unused GANs.
            self._ready = [False] * len(self.arms)
            return
        Xn = torch.as_tensor((X - xl) / (xu - xl), device=self.device, dtype=torch.float32)
        round_, step = divmod(self.n_calls, self.config.period)
        turn = round_ % len(self.arms) if self.config.in_turn else None
        resting = self.shares.resting[1:] > 0
        self._ready = [
            not rest
            and arm.prepare(
                Xn, F, cv, self._fitness, step == 0 and turn in (None, j), random_state, gen
            )
            for j, (arm, rest) in enumerate(zip(self.arms, resting, strict=True))
        ]
        if self.config.health:
            for j, arm in enumerate(self.arms, start=1):
                if arm.last_stats is not None and not arm.healthy:  # trained now, broken
                    self.shares.suspend(j)
                    arm.reset()
                    self._ready[j - 1] = False
                    self._suspended.append(j)

    def _do(self, problem, pop, n_offsprings, random_state=None, **kwargs):
        xl, xu = (np.asarray(b, dtype=float) for b in problem.bounds())
        X = self._X
        counts = self._counts(n_offsprings, self.n_calls % self.config.period, random_state)
        ready = self._ready
        counts[0] += sum(c for c, ok in zip(counts[1:], ready, strict=True) if not ok)
        counts[1:] *= np.asarray(ready, dtype=int)  # the GA stands in for a diverged GAN

        parts = []
        if counts[0]:
            parts.append(
                self.ga.offspring(problem, X, self._fitness, self._cv, counts[0], random_state)
            )
        for arm, n in zip(self.arms, counts[1:], strict=True):
            if n:
                Xg = xl + arm.offspring(n) * (xu - xl)
                parts.append(
                    self.ga.mutate(problem, Xg, random_state) if self.config.mutate else Xg
                )
        origin = np.repeat(np.arange(len(counts)), counts)
        born = np.full(n_offsprings, self.n_calls)
        return Population.new(X=np.concatenate(parts), origin=origin, born=born)

    def _record(self, counts: np.ndarray) -> None:
        entry = {
            "generation": self.n_calls,
            "counts": counts.tolist(),
            "trained": self.n_calls % self.config.period == 0,
        }
        if self._suspended:  # GANs whose offspring failed the health test, now reset
            entry["suspended"], self._suspended = self._suspended, []
        if any(arm.evolution for arm in self.arms):  # E-GAN: survivors per mutation, per GAN
            entry["survivors"] = [
                arm.last_stats.survivors if arm.last_stats else None for arm in self.arms
            ]
        self.history.append(entry)

    def _counts(self, n: int, step: int, random_state: np.random.Generator) -> np.ndarray:
        """Offspring per source this generation: ``[GA, GAN 1, GAN 2, ...]``."""
        n_arms = len(self.arms)
        p = self.config.gan_prob
        if isinstance(p, str):  # "adaptive"
            return split_counts(n, self.shares.shares)
        if p is None:  # the reference schedule within a training window
            p = 1.0 - (step / self.config.period) ** 2
        if p > 0.0 and random_state.random() < p:  # p = 0 (GA only) draws nothing
            return np.r_[0, split_counts(n, np.ones(n_arms))]
        return np.r_[n, np.zeros(n_arms, dtype=int)]

    def _credit(self, pop) -> None:
        """Credit each source with how many of last generation's offspring survived."""
        born, origin = values(pop, "born"), values(pop, "origin")
        produced, self._produced = self._produced, np.zeros_like(self._produced)
        if born is None or origin is None:
            return
        last = np.asarray(born, dtype=float) == self.n_calls - 1
        survived = np.bincount(np.asarray(origin[last], dtype=int), minlength=len(produced))
        for j in self.shares.update(produced, survived):
            self.arms[j - 1].reset()  # a fresh GAN is trained when its rest is over
            self._suspended.append(j)


def _violation(cv: np.ndarray | None, n: int) -> np.ndarray:
    """Each solution's constraint violation (0 when feasible or unconstrained)."""
    if cv is None or cv.size == 0:
        return np.zeros(n)
    return np.maximum(cv.reshape(n, -1).sum(axis=1), 0.0)


def _fitness(F: np.ndarray, cv: np.ndarray, kind: str = "crowding") -> np.ndarray:
    """Tournament fitness (smaller wins) among the feasible; infeasible rank after them.

    ``"crowding"``: non-domination rank, ties broken by larger crowding distance (as
    NSGA-II's tournament); ``"spea2"``: SPEA2 fitness (as the reference GMOEA).
    """
    feasible = cv <= 0
    fitness = np.full(len(F), np.inf)
    if feasible.any():
        score = rank_crowding_fitness if kind == "crowding" else spea2_fitness
        fitness[feasible] = score(F[feasible])
    return fitness


def rank_crowding_fitness(F: np.ndarray) -> np.ndarray:
    """Front index plus ``1 / (1 + crowding distance)``: lexicographic rank, then crowding."""
    fitness = np.empty(len(F))
    for i, front in enumerate(NonDominatedSorting().do(F)):
        fitness[front] = i + 1.0 / (1.0 + calc_crowding_distance(F[front]))
    return fitness
