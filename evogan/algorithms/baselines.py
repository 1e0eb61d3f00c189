"""pymoo's algorithms as the benchmark protocol runs them, with their options declared.

Standard settings: SBX (eta 20, probability 1.0), polynomial mutation (eta 20, probability
1/n_var per variable), N = 100. NSGA-III, MOEA/D and RVEA use about N reference
directions (``reference_directions``); MOEA/D and RVEA
then keep one solution per direction.
"""

from __future__ import annotations

from typing import Any

from pymoo.core.algorithm import Algorithm
from pymoo.core.problem import Problem
from pymoo.operators.crossover.sbx import SBX
from pymoo.operators.mutation.pm import PM

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
    return NSGA3(ref_dirs=ref_dirs, pop_size=pop_size, **variation(problem, **var), **rest)


def _moead(problem: Problem, **options: Any) -> Algorithm:
    from pymoo.algorithms.moo.moead import MOEAD

    pop_size, var, rest = _split(MOEAD_OPTIONS, options)
    ref_dirs = reference_directions(problem.n_obj, pop_size)
    return MOEAD(ref_dirs=ref_dirs, **variation(problem, **var), **rest)


def _rvea(problem: Problem, **options: Any) -> Algorithm:
    from pymoo.algorithms.moo.rvea import RVEA

    pop_size, var, rest = _split(RVEA_OPTIONS, options)
    ref_dirs = reference_directions(problem.n_obj, pop_size)
    return RVEA(ref_dirs=ref_dirs, pop_size=len(ref_dirs), **variation(problem, **var), **rest)


def _smsemoa(problem: Problem, **options: Any) -> Algorithm:
    from pymoo.algorithms.moo.sms import SMSEMOA

    pop_size, var, rest = _split(SMSEMOA_OPTIONS, options)
    return SMSEMOA(pop_size=pop_size, **variation(problem, **var), **rest)


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
