"""GMOEA: a multiobjective EA whose offspring come from a GAN trained on the population.

He, Huang, Cheng, Tan, Jin, "Evolutionary Multiobjective Optimization Driven by Generative
Adversarial Networks (GANs)", IEEE TCYB 51(6), 2021. This file only wires pymoo pieces:
random sampling, the GAN mating operator, an environmental selection.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Iterable, Mapping
from typing import Any

import torch
from pymoo.algorithms.base.genetic import GeneticAlgorithm
from pymoo.core.algorithm import Algorithm
from pymoo.core.duplicate import (
    DefaultDuplicateElimination,
    DuplicateElimination,
    NoDuplicateElimination,
)
from pymoo.core.infill import InfillCriterion
from pymoo.core.problem import Problem
from pymoo.core.repair import Repair
from pymoo.core.sampling import Sampling
from pymoo.operators.sampling.rnd import FloatRandomSampling
from pymoo.operators.survival.rank_and_crowding import RankAndCrowding
from pymoo.termination.default import DefaultMultiObjectiveTermination
from pymoo.util.display.multi import MultiObjectiveOutput
from pymoo.util.display.output import Output

from evogan.algorithms.info import AlgorithmInfo
from evogan.device import DEVICES
from evogan.errors import OptionError
from evogan.evaluation import finite_evaluator
from evogan.gan.evolve import EvolutionConfig
from evogan.gan.train import GANConfig
from evogan.operators.gan_mating import GANMating, GANOperatorConfig
from evogan.options import Choice, Integer, Option, Options, declared
from evogan.population import optimum
from evogan.survival.spea2 import AutoSurvival, SDESurvival, SPEA2Survival

SURVIVALS = {
    "spea2": SPEA2Survival,
    "rank_crowding": RankAndCrowding,
    "spea2-sde": SDESurvival,
    "auto": AutoSurvival,
}

PRESETS: dict[str, GANOperatorConfig] = {
    # The paper's settings (k = 10, w_max = 5, 200 epochs of batch 8, schedule
    # 1 - (i/5)^2, batch-norm generator fed by the elite Gaussian), defects fixed.
    "reference": GANOperatorConfig(
        n_elites=10,
        period=5,
        gan_prob=None,
        input="gaussian",
        tournament="spea2",
        gan=GANConfig(epochs=200, batch_size=8, lr_d=1e-4, lr_g=4e-4, batch_norm=True),
    ),
    # What the ablations in benchmarks/results/gmoea_imf.md found to win: 30% of the
    # population as elites, a residual generator whose moves are kept small by a proximal
    # penalty, trained full-batch, and a GAN/GA split that follows offspring survival;
    # then benchmarks/results/gmoea_v2.md: retrained every 10 generations (not 5) with the
    # elites taken from the GA's tournament fitness (not a SPEA2 selection of their own),
    # as good on 20 of 22 tuning problems and a third cheaper (2.0x NSGA-II, not 3.0x);
    # and each GAN offspring the best of 4 candidates by the discriminator, the generator's
    # images of one input and of points around it at radius 0.2 (gmoea_v2.md: HV better on
    # 3 of 22, worse on 1; choosing among independent inputs collapses IMF2).
    "default": GANOperatorConfig(
        n_elites=0.3,
        elites="fitness",
        period=10,
        gan_prob="adaptive",
        min_share=0.2,
        input="gaussian",
        preselect=4,
        preselect_radius=0.2,
        tournament="crowding",
        gan=GANConfig(
            epochs=20, batch_size=None, lr_d=1e-3, lr_g=1e-3, residual=True, step_penalty=10.0
        ),
    ),
}


def _with_defaults(options: Iterable[Option], values: Mapping[str, Any]) -> list[Option]:
    return [dataclasses.replace(o, default=values.get(o.name, o.default)) for o in options]


def _preset_values(preset: GANOperatorConfig) -> dict[str, Any]:
    gan = {
        ("gan_loss" if f == "loss" else f): getattr(preset.gan, f)
        for f in preset.gan.__dataclass_fields__
    }
    return {**{f: getattr(preset, f) for f in preset.__dataclass_fields__}, **gan}


#: GMOEA's options: its own, then the GAN operator's and the GAN's (defaults: the
#: "default" preset's; the "reference" preset changes them).
OPTIONS = Options(
    "GMOEA",
    [
        Option("pop_size", Integer(low=2), 100, "population size N"),
        Option("preset", Choice(tuple(PRESETS)), "default", "the operator's settings"),
        Option("device", Choice(DEVICES), "auto", "torch device of the GANs"),
        Option(
            "survival",
            Choice(tuple(SURVIVALS)),
            "auto",
            "environmental selection ('auto': SPEA2, with the shift-based density from 4 "
            "objectives on)",
        ),
    ],
).merged(
    "GMOEA",
    _with_defaults(
        [
            *declared(GANOperatorConfig).values(),
            *declared(GANConfig, rename={"loss": "gan_loss"}).values(),
        ],
        _preset_values(PRESETS["default"]),
    ),
)

#: pymoo keywords GMOEA passes to pymoo (Python only: they take objects, not plain data).
PYMOO_KEYWORDS = frozenset(
    (
        set(inspect.signature(GeneticAlgorithm.__init__).parameters)
        | set(inspect.signature(Algorithm.__init__).parameters)
    )
    - {"self", "kwargs", "pop_size", "mating", "survival", "sampling", "output"}
    - {"advance_after_initial_infill", "repair", "eliminate_duplicates", "selection"}
    - {"crossover", "mutation", "n_offsprings"}
)


class GMOEA(GeneticAlgorithm):
    """GMOEA as a pymoo algorithm.

    ``minimize(problem, GMOEA(pop_size=100), ("n_evals", 10000), seed=1)`` solves any
    continuous pymoo problem; constraints are handled the pymoo way (feasible first).
    Every option is declared in ``OPTIONS`` (kind, range, default, help) and checked
    at construction.

    Args:
        pop_size: population size N.
        preset: ``"default"`` (evogan's tuned operator) or ``"reference"`` (the paper).
        device: ``"auto"``, ``"cpu"`` or ``"cuda"`` for the GAN.
        survival: ``"auto"`` (the default: SPEA2, the paper's, up to 3 objectives, and
            SPEA2+SDE, Li, Yang, Liu 2014, from 4 on), ``"spea2"``, ``"spea2-sde"`` or
            ``"rank_crowding"`` (NSGA-II's).
        gan_loss: the adversarial loss, a name of ``evogan.gan.losses.LOSSES``: ``"ns"``
            (three-way BCE, non-saturating generator; the default), ``"minimax"``, ``"ls"``,
            ``"wgan-gp"``, ``"hinge"`` or ``"rsgan"``.
        mating: any pymoo mating operator in place of the GAN (e.g. SBX + PM, for
            ablations); the GAN options are then unused.
        sampling: the initial population's sampling (default: uniform random).
        repair: a pymoo repair applied to every offspring (GAN-made or GA-made) and to
            the initial population.
        eliminate_duplicates: a pymoo duplicate elimination (or True for pymoo's default
            one) applied to every offspring and to the initial population; off by default.
        output: pymoo's display output.
        evolution: E-GAN mode's settings (see ``EGANMOEA``):
            each GAN keeps a population of generators; None: one generator per GAN.
        **options: the operator's and the GAN's options of ``OPTIONS`` overriding the
            preset (``n_elites=30``, ``epochs=50``, ``gan_prob=0.5``...), or pymoo keywords
            (``callback``, ``save_history``...).

    Raises:
        OptionError: an unknown option, or a value of the wrong kind or out of range,
            naming the option, the value and what is valid.
    """

    def __init__(
        self,
        pop_size: int = 100,
        preset: str = "default",
        device: str = "auto",
        survival: str = "auto",
        gan_loss: str = "ns",
        *,
        mating: InfillCriterion | None = None,
        sampling: Sampling | None = None,
        repair: Repair | None = None,
        eliminate_duplicates: bool | DuplicateElimination = False,
        output: Output | None = None,
        evolution: EvolutionConfig | None = None,
        **options: Any,
    ) -> None:
        pymoo = {k: options.pop(k) for k in list(options) if k in PYMOO_KEYWORDS}
        pymoo["evaluator"] = finite_evaluator(pymoo.get("evaluator"))
        OPTIONS.unknown(options, extra=PYMOO_KEYWORDS)
        own = {"pop_size": pop_size, "preset": preset, "device": device, "survival": survival}
        checked = OPTIONS.check({**own, "gan_loss": gan_loss, **options})
        self.preset = checked["preset"]
        self.operator_config = operator_config(checked, evolution)
        _check_elites(self.operator_config, checked["pop_size"])
        if isinstance(eliminate_duplicates, bool):
            eliminate_duplicates = (
                DefaultDuplicateElimination() if eliminate_duplicates else NoDuplicateElimination()
            )
        if mating is None:
            mating = GANMating(
                self.operator_config,
                device=checked["device"],
                repair=repair,
                eliminate_duplicates=eliminate_duplicates,
            )
        super().__init__(
            pop_size=checked["pop_size"],
            sampling=sampling or FloatRandomSampling(),
            mating=mating,
            survival=SURVIVALS[checked["survival"]](),
            repair=repair,
            eliminate_duplicates=eliminate_duplicates,
            output=output or MultiObjectiveOutput(),
            advance_after_initial_infill=True,
            **pymoo,
        )
        self.termination = DefaultMultiObjectiveTermination()

    def _set_optimum(self) -> None:
        """pymoo's optimum (the feasible non-dominated solutions), read faster."""
        self.opt = optimum(self.pop)

    @property
    def device(self) -> torch.device | None:
        """The torch device the GANs train on (None when a plain mating replaces them)."""
        return getattr(self.mating, "device", None)


def operator_config(
    options: Mapping[str, Any], evolution: EvolutionConfig | None = None
) -> GANOperatorConfig:
    """The GAN operator's settings: the preset's, changed by the operator and GAN options.

    Args:
        options: checked GMOEA options (``preset`` and any of the operator's and GAN's).
        evolution: E-GAN mode's settings, if any.
    """
    fields = set(GANOperatorConfig.__dataclass_fields__) | set(GANConfig.__dataclass_fields__)
    changes = {k: v for k, v in options.items() if k in fields}
    changes["loss"] = options.get("gan_loss", "ns")
    if evolution is not None:
        changes["evolution"] = evolution
    return PRESETS[options.get("preset", "default")].with_options(**changes)


def _check_elites(config: GANOperatorConfig, pop_size: int) -> None:
    """A whole number of elites must fit in the population."""
    for n in (config.n_elites, *(arm.get("n_elites") for arm in config.ensemble)):
        if isinstance(n, int) and n > pop_size:
            raise OptionError(f"n_elites={n} is larger than pop_size={pop_size}")


def check_relations(options: dict[str, Any]) -> None:
    """The checks of GMOEA's options against each other (the registry's ``relations``)."""
    _check_elites(operator_config(options), options.get("pop_size", 100))


def _build(problem: Problem, **options: Any) -> GMOEA:
    return GMOEA(**options)


def _build_reference(problem: Problem, **options: Any) -> GMOEA:
    return GMOEA(preset="reference", **options)


def _check_reference(options: dict[str, Any]) -> None:
    check_relations({"preset": "reference", **options})


GMOEA_INFO = AlgorithmInfo(
    "gmoea", "GMOEA with evogan's tuned GAN operator", OPTIONS, _build, check_relations
)
REFERENCE_INFO = AlgorithmInfo(
    "gmoea-reference",
    "GMOEA with the paper's settings (reference code's defects fixed)",
    Options(
        "gmoea-reference",
        _with_defaults(OPTIONS.without("preset").values(), _preset_values(PRESETS["reference"])),
    ),
    _build_reference,
    _check_reference,
)
