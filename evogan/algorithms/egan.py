"""EGANMOEA: GMOEA whose GAN keeps a population of generators evolved as E-GAN does.

Wang, Xu, Yao, Tao, "Evolutionary Generative Adversarial Networks", IEEE TEVC 2019. Only
the generator changes: elites, discriminator, offspring split and survival are GMOEA's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
from pymoo.core.problem import Problem

from evogan.algorithms.gmoea import GMOEA, check_relations
from evogan.algorithms.gmoea import OPTIONS as GMOEA_OPTIONS
from evogan.algorithms.info import AlgorithmInfo
from evogan.errors import OptionError
from evogan.gan.evolve import MUTATIONS, EvolutionConfig, MutationHistory
from evogan.options import declared

#: Defaults of E-GAN mode that differ from GMOEA's: no preselection by the discriminator
#: (chosen for GMOEA's single generator, never measured with a population of them).
OWN_DEFAULTS = {"preselect": 1, "preselect_radius": None}

#: E-GAN mode's options: GMOEA's and those of the generator population.
OPTIONS = GMOEA_OPTIONS.merged(
    "EGANMOEA",
    [dataclasses.replace(GMOEA_OPTIONS[k], default=v) for k, v in OWN_DEFAULTS.items()],
    declared(EvolutionConfig).values(),
)


class EGANMOEA(GMOEA):
    """GMOEA in E-GAN mode: ``mu`` generators, one child per mutation per parent each step.

    Children take one Adam step under their mutation's loss, are scored by
    ``F = Fq + gamma * Fd`` and the best ``mu`` survive; the discriminator trains against
    the survivors' samples and offspring are spread over the survivors. Everything else
    (elites, the proximal residual generator of the default preset, the GAN/GA split,
    SPEA2 survival) is GMOEA's, except that no discriminator preselects the offspring
    (``preselect=1``; see ``GMOEA``).

    Args:
        pop_size: population size N.
        mu: surviving generators per step.
        mutations: generator losses used as mutations (names of
            ``evogan.gan.losses.LOSSES``), a sequence or a ``"+"``-joined string
            (``"minimax+ns+ls"``, E-GAN's three, is the default).
        gamma: weight of the diversity fitness ``Fd``.
        proximal: weight of the generator's step penalty (the default preset's proximal
            term) in its fitness; 0 is plain E-GAN selection.
        **options: GMOEA's arguments and options (``preset``, ``gan_loss`` for the
            discriminator, ``device``, ``epochs``...).

    Raises:
        OptionError: unknown mutation names (listing the valid ones), mu < 1, gamma < 0, or
            anything GMOEA rejects.
    """

    def __init__(
        self,
        pop_size: int = 100,
        mu: int = 1,
        mutations: Sequence[str] | str = MUTATIONS,
        gamma: float = 0.1,
        proximal: float = 1.0,
        **options: Any,
    ) -> None:
        if "evolution" in options:
            raise OptionError("EGANMOEA sets 'evolution' itself; pass mu, mutations and gamma")
        names = OPTIONS["mutations"].check(mutations, "EGANMOEA")  # "a+b" -> ("a", "b")
        self.evolution = EvolutionConfig(mu, names, gamma, proximal)
        options = {**OWN_DEFAULTS, **options}
        super().__init__(pop_size=pop_size, evolution=self.evolution, **options)

    @property
    def mutation_history(self) -> MutationHistory:
        """Survivors per mutation of the (first) GAN, one row per training round."""
        rounds = [
            (h["generation"], h["survivors"][0])
            for h in getattr(self.mating, "history", [])
            if h.get("survivors") and h["survivors"][0] is not None
        ]
        n_mut = len(self.evolution.mutations)
        return MutationHistory(
            mutations=self.evolution.mutations,
            generations=np.array([g for g, _ in rounds], dtype=int),
            survivors=np.array([s for _, s in rounds], dtype=int).reshape(len(rounds), n_mut),
        )


def _build(problem: Problem, **options: Any) -> EGANMOEA:
    return EGANMOEA(**options)


EGAN_INFO = AlgorithmInfo(
    "egan", "GMOEA in E-GAN mode (a population of generators)", OPTIONS, _build, check_relations
)
