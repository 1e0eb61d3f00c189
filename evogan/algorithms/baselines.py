"""pymoo's algorithms as the benchmark protocol runs them, with their options declared.

Standard settings: SBX (eta 20, probability 1.0), polynomial mutation (eta 20, probability
1/n_var per variable), N = 100. NSGA-III, MOEA/D and RVEA use about N reference
directions (``reference_directions``); MOEA/D and RVEA
then keep one solution per direction.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pymoo.algorithms.moo.moead import MOEAD
from pymoo.core.algorithm import Algorithm
from pymoo.core.individual import Individual
from pymoo.core.problem import Problem
from pymoo.operators.crossover.sbx import SBX
from pymoo.operators.mutation.pm import PM
from pymoo.operators.selection.tournament import TournamentSelection

from evogan.algorithms.directions import reference_directions
from evogan.algorithms.info import AlgorithmInfo
from evogan.options import Boolean, Integer, Nullable, Option, Options, Real

POP_SIZE = Option("pop_size", Integer(low=2), 100, "population size N (about N directions)")
VARIATION = (
    Option("eta_c", Real(low=0), 20.0, "SBX distribution index"),
    Option("prob_c", Real(0.0, 1.0), 1.0, "SBX probability per mating"),
    Option("eta_m", Real(low=0), 20.0, "polynomial mutation distribution index"),
    Option(
        "prob_m",
        Nullable(Real(0.0, 1.0), "1 / n_var"),
        None,
        "polynomial mutation probability per variable",
    ),
)
DUPLICATES = Option(
    "eliminate_duplicates", Boolean(), True, "drop offspring equal to a solution already held"
)


def variation(
    problem: Problem,
    eta_c: float = 20.0,
    prob_c: float = 1.0,
    eta_m: float = 20.0,
    prob_m: float | None = None,
) -> dict[str, Any]:
    """SBX and polynomial mutation for ``problem`` (the protocol's settings by default)."""
    return {
        "crossover": SBX(prob=prob_c, eta=eta_c),
        "mutation": PM(eta=eta_m, prob_var=1.0 / problem.n_var if prob_m is None else prob_m),
    }


def _options(name: str, *extra: Option) -> Options:
    return Options(name, [POP_SIZE, *VARIATION, *extra])


NSGA2_OPTIONS = _options("nsga2", DUPLICATES)
NSGA3_OPTIONS = _options("nsga3", DUPLICATES)
MOEAD_OPTIONS = _options(
    "moead",
    Option("n_neighbors", Integer(low=2), 20, "neighbourhood size T"),
    Option("prob_neighbor_mating", Real(0.0, 1.0), 0.9, "mating within the neighbourhood"),
)
RVEA_OPTIONS = _options(
    "rvea",
    Option("alpha", Real(low=0), 2.0, "rate of change of the angle penalty"),
    Option("adapt_freq", Real(0.0, 1.0), 0.1, "fraction of the run between vector updates"),
    DUPLICATES,
)
SMSEMOA_OPTIONS = _options("smsemoa", DUPLICATES)


def _split(
    declared: Options, options: dict[str, Any]
) -> tuple[int, dict[str, Any], dict[str, Any]]:
    """``options`` completed by the declared defaults, as (pop_size, variation, the rest)."""
    options = {**declared.defaults(), **options}
    names = {o.name for o in VARIATION}
    return (
        options.pop("pop_size"),
        {k: v for k, v in options.items() if k in names},
        {k: v for k, v in options.items() if k not in names},
    )


def _nsga2(problem: Problem, **options: Any) -> Algorithm:
    from pymoo.algorithms.moo.nsga2 import NSGA2

    pop_size, var, rest = _split(NSGA2_OPTIONS, options)
    return NSGA2(pop_size=pop_size, **variation(problem, **var), **rest)


def _nsga3(problem: Problem, **options: Any) -> Algorithm:
    from pymoo.algorithms.moo.nsga3 import NSGA3

    pop_size, var, rest = _split(NSGA3_OPTIONS, options)
    ref_dirs = reference_directions(problem.n_obj, pop_size)
    selection = TournamentSelection(func_comp=_cv_then_random)
    return NSGA3(
        ref_dirs=ref_dirs,
        pop_size=pop_size,
        selection=selection,
        **variation(problem, **var),
        **rest,
    )


# pymoo's tournament comparators are wrapped by a decorator into local functions, which
# cannot be pickled; these module-level ones call them, so that a run can be saved.
def _cv_then_random(*args: Any, **kwargs: Any) -> np.ndarray:
    from pymoo.algorithms.moo.nsga3 import comp_by_cv_then_random

    return comp_by_cv_then_random(*args, **kwargs)


def _cv_and_dominance(*args: Any, **kwargs: Any) -> np.ndarray:
    from pymoo.algorithms.moo.sms import cv_and_dom_tournament

    return cv_and_dom_tournament(*args, **kwargs)


def _moead(problem: Problem, **options: Any) -> Algorithm:
    pop_size, var, rest = _split(MOEAD_OPTIONS, options)
    ref_dirs = reference_directions(problem.n_obj, pop_size)
    return SteppedMOEAD(ref_dirs=ref_dirs, **variation(problem, **var), **rest)


class SteppedMOEAD(MOEAD):
    """pymoo's MOEA/D with its place in a pass held as data instead of a Python generator.

    pymoo steps MOEA/D through a generator, which cannot be pickled, so a run could not
    be saved. This class takes the same steps with the same random draws, in the same
    order (a pass visits the subproblems in a fresh random order; each step mates within
    the neighbourhood, evaluates one offspring, updates the ideal point and replaces),
    keeping the pass's order and position as attributes.
    """

    state: Individual | None
    ideal: np.ndarray
    _order: np.ndarray
    _position: int

    def _infill(self) -> Individual:
        if self.state is None:  # a new pass
            self._order = self.random_state.permutation(len(self.pop))
            self._position = 0
            self.state = self._offspring(int(self._order[0]))
        return self.state

    def _advance(self, infills: Individual | None = None, **kwargs: Any) -> bool:
        """Replace with the evaluated offspring; True when the pass is over."""
        if infills is None:  # pymoo's own loop asks for the first offspring this way
            self._infill()
            return False
        self.ideal = np.min(np.vstack([self.ideal, infills.F]), axis=0)
        self._replace(int(self._order[self._position]), infills)
        self._position += 1
        if self._position == len(self._order):
            self.state = None
            return True
        self.state = self._offspring(int(self._order[self._position]))
        return False

    def _offspring(self, k: int) -> Individual:
        """One offspring of subproblem ``k``: parents from its neighbourhood."""
        parents = self.selection.do(
            self.problem,
            self.pop,
            1,
            self.mating.crossover.n_parents,
            neighbors=[self.neighbors[k]],
            random_state=self.random_state,
        )
        children = self.mating.do(
            self.problem,
            self.pop,
            1,
            parents=parents,
            n_max_iterations=1,
            random_state=self.random_state,
        )
        return self.random_state.choice(children)


def _rvea(problem: Problem, **options: Any) -> Algorithm:
    from pymoo.algorithms.moo.rvea import RVEA

    pop_size, var, rest = _split(RVEA_OPTIONS, options)
    ref_dirs = reference_directions(problem.n_obj, pop_size)
    return RVEA(ref_dirs=ref_dirs, pop_size=len(ref_dirs), **variation(problem, **var), **rest)


def _smsemoa(problem: Problem, **options: Any) -> Algorithm:
    from pymoo.algorithms.moo.sms import SMSEMOA

    pop_size, var, rest = _split(SMSEMOA_OPTIONS, options)
    selection = TournamentSelection(func_comp=_cv_and_dominance)
    return SMSEMOA(pop_size=pop_size, selection=selection, **variation(problem, **var), **rest)


NSGA2_INFO = AlgorithmInfo("nsga2", "pymoo's NSGA-II (rank and crowding)", NSGA2_OPTIONS, _nsga2)
NSGA3_INFO = AlgorithmInfo(
    "nsga3", "pymoo's NSGA-III (reference directions)", NSGA3_OPTIONS, _nsga3
)
MOEAD_INFO = AlgorithmInfo(
    "moead", "pymoo's MOEA/D (Tchebycheff for 2 objectives, PBI for more)", MOEAD_OPTIONS, _moead
)
RVEA_INFO = AlgorithmInfo(
    "rvea", "pymoo's RVEA (reference vectors, angle-penalised distance)", RVEA_OPTIONS, _rvea
)
SMSEMOA_INFO = AlgorithmInfo(
    "smsemoa", "pymoo's SMS-EMOA (hypervolume contributions)", SMSEMOA_OPTIONS, _smsemoa
)

INFOS = (NSGA2_INFO, NSGA3_INFO, MOEAD_INFO, RVEA_INFO, SMSEMOA_INFO)
