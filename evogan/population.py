"""Fast reads of a pymoo ``Population``: the same values as its ``get``, for less time.

pymoo's ``Population.get`` asks every individual for every key through
``Individual.get``, and its ``"feas"`` goes through three properties per individual; on
GMOEA's small populations these reads cost more than the numpy work they feed. Here each
key is read once per individual, straight from the attribute or the data dict.
"""

from __future__ import annotations

import numpy as np
from pymoo.core.population import Population
from pymoo.util.nds.non_dominated_sorting import NonDominatedSorting


def values(pop: Population, key: str) -> np.ndarray:
    """``pop.get(key)``: the individuals' attribute (``X``, ``F``, ``CV``...) or data entry
    (``origin``...), one row per individual; None where an individual lacks a data entry."""
    if len(pop) == 0:
        return np.array([])
    if hasattr(pop[0], key):
        return np.array([getattr(ind, key) for ind in pop])
    return np.array([ind.data.get(key) for ind in pop])


def feasible(pop: Population) -> np.ndarray:
    """``pop.get("feas")``: True where the first constraint violation is within the
    individual's ``cv_eps`` (0 by default)."""
    return np.array([ind.CV[0] <= ind.config.get("cv_eps", 0.0) for ind in pop], dtype=bool)


def optimum(pop: Population | None) -> Population | None:
    """The best of ``pop`` as pymoo's ``filter_optimum(pop, least_infeasible=True)`` finds
    them, in the same order: the non-dominated feasible solutions (one objective: the
    first minimum), else the least infeasible one; None for an empty population."""
    if pop is None or len(pop) == 0:
        return None
    best = pop[feasible(pop)]
    if len(best) == 0:
        return pop[[int(np.argmin(values(pop, "CV")))]]
    F = values(best, "F")
    if F.shape[1] == 1:
        return best[[int(np.argmin(F[:, 0]))]]
    return best[NonDominatedSorting().do(F, only_non_dominated_front=True)]
