"""GMOEA: a multiobjective EA whose offspring come from a GAN trained on the population.

He, Huang, Cheng, Tan, Jin, "Evolutionary Multiobjective Optimization Driven by Generative
Adversarial Networks (GANs)", IEEE TCYB 51(6), 2021. This file only wires pymoo pieces:
random sampling, the GAN mating operator, SPEA2 environmental selection.
"""

from __future__ import annotations

from pymoo.algorithms.base.genetic import GeneticAlgorithm
from pymoo.operators.sampling.rnd import FloatRandomSampling
from pymoo.operators.survival.rank_and_crowding import RankAndCrowding
from pymoo.termination.default import DefaultMultiObjectiveTermination
from pymoo.util.display.multi import MultiObjectiveOutput

from evogan.errors import check_choice
from evogan.gan.train import GANConfig
from evogan.operators.gan_mating import GANMating, GANOperatorConfig
from evogan.survival.spea2 import SPEA2Survival

SURVIVALS = {"spea2": SPEA2Survival, "rank_crowding": RankAndCrowding}

PRESETS: dict[str, GANOperatorConfig] = {
    # The paper's settings, with the reference code's defects fixed.
    "reference": GANOperatorConfig(
        n_elites=10,
        period=5,
        gan_prob=None,
        input="gaussian",
        preselect=1,
        tournament="spea2",
        gan=GANConfig(epochs=200, batch_size=8, lr_d=1e-4, lr_g=4e-4, batch_norm=True),
    ),
    # What the ablations in benchmarks/results/gmoea_imf.md found to work best.
    "default": GANOperatorConfig(
        n_elites=50,
        period=5,
        gan_prob="adaptive",
        min_share=0.2,
        input="gaussian",
        preselect=1,
        tournament="crowding",
        gan=GANConfig(
            epochs=20, batch_size=None, lr_d=1e-3, lr_g=1e-3, residual=True, step_penalty=10.0
        ),
    ),
}


class GMOEA(GeneticAlgorithm):
    """GMOEA as a pymoo algorithm.

    Args:
        pop_size: population size N.
        preset: ``"default"`` (evogan's tuned operator) or ``"reference"`` (the paper).
        device: ``"auto"``, ``"cpu"`` or ``"cuda"`` for the GAN.
        mating: any pymoo mating/infill operator instead of the GAN (for ablations).
        **options: fields of GANOperatorConfig or GANConfig overriding the preset
            (e.g. ``n_elites=30``, ``epochs=50``); other keywords go to pymoo.
    """

    def __init__(
        self,
        pop_size: int = 100,
        preset: str = "default",
        device: str = "auto",
        mating=None,
        survival: str | None = None,
        sampling=None,
        output=None,
        **options,
    ) -> None:
        check_choice("preset", preset, tuple(PRESETS))
        survival = survival or ("spea2" if preset == "reference" else "spea2")
        check_choice("survival", survival, tuple(SURVIVALS))
        config_fields = set(GANOperatorConfig.__dataclass_fields__) | set(GANConfig.__dataclass_fields__)
        gan_options = {k: options.pop(k) for k in list(options) if k in config_fields}
        self.preset = preset
        self.operator_config = PRESETS[preset].with_options(**gan_options)
        if mating is None:
            mating = GANMating(self.operator_config, device=device)
        super().__init__(
            pop_size=pop_size,
            sampling=sampling or FloatRandomSampling(),
            mating=mating,
            survival=SURVIVALS[survival](),
            output=output or MultiObjectiveOutput(),
            advance_after_initial_infill=True,
            **options,
        )
        self.termination = DefaultMultiObjectiveTermination()

    def _set_optimum(self, **kwargs) -> None:
        from pymoo.util.misc import has_feasible
        from pymoo.util.nds.non_dominated_sorting import NonDominatedSorting
        import numpy as np

        if not has_feasible(self.pop):
            self.opt = self.pop[[np.argmin(self.pop.get("CV"))]]
            return
        feasible = self.pop[self.pop.get("feasible").reshape(-1)]
        front = NonDominatedSorting().do(feasible.get("F"), only_non_dominated_front=True)
        self.opt = feasible[front]
