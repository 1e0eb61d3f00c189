"""GMOEA: a multiobjective EA whose offspring come from a GAN trained on the population.

He, Huang, Cheng, Tan, Jin, "Evolutionary Multiobjective Optimization Driven by Generative
Adversarial Networks (GANs)", IEEE TCYB 51(6), 2021. This file only wires pymoo pieces:
random sampling, the GAN mating operator, an environmental selection.
"""

from __future__ import annotations

import inspect

from pymoo.algorithms.base.genetic import GeneticAlgorithm
from pymoo.core.algorithm import Algorithm
from pymoo.operators.sampling.rnd import FloatRandomSampling
from pymoo.operators.survival.rank_and_crowding import RankAndCrowding
from pymoo.termination.default import DefaultMultiObjectiveTermination
from pymoo.util.display.multi import MultiObjectiveOutput

from evogan.errors import OptionError, check_choice
from evogan.gan.train import GANConfig
from evogan.operators.gan_mating import GANMating, GANOperatorConfig
from evogan.survival.spea2 import SPEA2Survival

SURVIVALS = {"spea2": SPEA2Survival, "rank_crowding": RankAndCrowding}

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
    # penalty, trained full-batch, and a GAN/GA split that follows offspring survival.
    "default": GANOperatorConfig(
        n_elites=0.3,
        period=5,
        gan_prob="adaptive",
        min_share=0.2,
        input="gaussian",
        tournament="crowding",
        gan=GANConfig(
            epochs=20, batch_size=None, lr_d=1e-3, lr_g=1e-3, residual=True, step_penalty=10.0
        ),
    ),
}

# The loss is chosen by GMOEA's own ``gan_loss`` argument, under that one name.
_OPERATOR_OPTIONS = (
    set(GANOperatorConfig.__dataclass_fields__) | set(GANConfig.__dataclass_fields__)
) - {"gan", "loss"}
_PYMOO_OPTIONS = (
    set(inspect.signature(GeneticAlgorithm.__init__).parameters)
    | set(inspect.signature(Algorithm.__init__).parameters)
) - {
    "self",
    "kwargs",
    "pop_size",
    "mating",
    "survival",
    "sampling",
    "output",
    "advance_after_initial_infill",
}


class GMOEA(GeneticAlgorithm):
    """GMOEA as a pymoo algorithm.

    ``minimize(problem, GMOEA(pop_size=100), ("n_evals", 10000), seed=1)`` solves any
    continuous pymoo problem; constraints are handled the pymoo way (feasible first).

    Args:
        pop_size: population size N.
        preset: ``"default"`` (evogan's tuned operator) or ``"reference"`` (the paper).
        device: ``"auto"``, ``"cpu"`` or ``"cuda"`` for the GAN.
        mating: any pymoo mating operator in place of the GAN (e.g. SBX + PM, for
            ablations); the GAN options are then unused.
        survival: ``"spea2"`` (the paper, the default) or ``"rank_crowding"`` (NSGA-II's).
        gan_loss: the adversarial loss, a name of ``evogan.gan.losses.LOSSES``: ``"ns"``
            (three-way BCE, non-saturating generator; the default), ``"minimax"``, ``"ls"``,
            ``"wgan-gp"``, ``"hinge"`` or ``"rsgan"``.
        **options: fields of GANOperatorConfig or GANConfig overriding the preset
            (``n_elites=30``, ``epochs=50``, ``gan_prob=0.5``...), or pymoo keywords
            (``eliminate_duplicates``, ``callback``, ``save_history``...).

    Raises:
        OptionError: for an unknown preset, survival, loss or option, listing the valid ones.
    """

    def __init__(
        self,
        pop_size: int = 100,
        preset: str = "default",
        device: str = "auto",
        mating=None,
        survival: str = "spea2",
        gan_loss: str = "ns",
        sampling=None,
        output=None,
        **options,
    ) -> None:
        check_choice("preset", preset, tuple(PRESETS))
        check_choice("survival", survival, tuple(SURVIVALS))
        unknown = set(options) - _OPERATOR_OPTIONS - _PYMOO_OPTIONS
        if unknown:
            valid = ", ".join(sorted(_OPERATOR_OPTIONS | _PYMOO_OPTIONS))
            raise OptionError(f"unknown GMOEA option(s) {sorted(unknown)}; valid options: {valid}")
        gan_options = {k: options.pop(k) for k in list(options) if k in _OPERATOR_OPTIONS}
        gan_options["loss"] = gan_loss
        self.preset = preset
        self.operator_config = PRESETS[preset].with_options(**gan_options)
        super().__init__(
            pop_size=pop_size,
            sampling=sampling or FloatRandomSampling(),
            mating=mating or GANMating(self.operator_config, device=device),
            survival=SURVIVALS[survival](),
            output=output or MultiObjectiveOutput(),
            advance_after_initial_infill=True,
            **options,
        )
        self.termination = DefaultMultiObjectiveTermination()
