"""Algorithms by name: evogan's GMOEA and E-GAN mode, and pymoo's baselines.

Baselines use the settings of the benchmark protocol: SBX (eta 20, probability 1.0),
polynomial mutation (eta 20, probability 1/n_var per variable), N = 100.
"""

from __future__ import annotations

from functools import lru_cache
from math import comb
from typing import Any

import numpy as np
from pymoo.core.algorithm import Algorithm
from pymoo.core.problem import Problem
from pymoo.operators.crossover.sbx import SBX
from pymoo.operators.mutation.pm import PM
from pymoo.util.ref_dirs import get_reference_directions

from evogan.errors import OptionError, check_choice

ALGORITHMS = ("gmoea", "gmoea-reference", "egan", "nsga2", "nsga3", "moead", "smsemoa")
GAN_ALGORITHMS = ("gmoea", "gmoea-reference", "egan")
"""The algorithms that train GANs (and take a ``device``)."""


def with_device(name: str, options: dict[str, Any], device: str | None) -> dict[str, Any]:
    """``options`` with ``device`` added for an algorithm that trains GANs.

    Other algorithms take no device, and an option given explicitly wins.
    """
    if device is None or name not in GAN_ALGORITHMS:
        return dict(options)
    return {"device": device, **options}


def make_algorithm(name: str, problem: Problem, pop_size: int = 100, **options: Any) -> Algorithm:
    """A fresh pymoo algorithm by name, configured for ``problem``.

    Args:
        name: one of :data:`ALGORITHMS`.
        problem: the problem it will solve (its ``n_var`` and ``n_obj`` set the operators
            and reference directions).
        pop_size: population size N (NSGA-III and MOEA/D use about N reference directions).
        **options: keyword arguments forwarded to the algorithm's constructor (for GMOEA
            e.g. ``device`` or its ablation knobs; for ``egan`` also ``mu``, ``mutations``,
            ``gamma``).

    Raises:
        OptionError: unknown name or invalid population size.
    """
    check_choice("algorithm", name, ALGORITHMS)
    if not isinstance(pop_size, (int, np.integer)) or pop_size < 2:
        raise OptionError(f"pop_size must be an integer >= 2, got {pop_size!r}")
    if name in ("gmoea", "gmoea-reference"):
        from evogan.algorithms.gmoea import GMOEA  # lazy: torch and the GAN stack

        if name == "gmoea-reference":
            options = {"preset": "reference", **options}
        return GMOEA(pop_size=int(pop_size), **options)
    if name == "egan":
        from evogan.algorithms.egan import EGANMOEA

        return EGANMOEA(pop_size=int(pop_size), **options)
    return _BASELINES[name](problem, int(pop_size), options)


def variation(problem: Problem) -> dict[str, Any]:
    """The standard SBX + polynomial mutation operators for ``problem``."""
    return {
        "crossover": SBX(prob=1.0, eta=20),
        "mutation": PM(eta=20, prob_var=1.0 / problem.n_var),
    }


def reference_directions(n_obj: int, n_points: int) -> np.ndarray:
    """About ``n_points`` (at most) uniformly spread unit-simplex directions.

    Das-Dennis with the largest number of partitions that gives at most ``n_points``
    directions for 2 and 3 objectives (100 and 91 for N = 100), Riesz energy for more
    (seeded, and cached because it takes seconds).
    """
    return _reference_directions(int(n_obj), int(n_points)).copy()


@lru_cache(maxsize=16)
def _reference_directions(n_obj: int, n_points: int) -> np.ndarray:
    if n_obj <= 3:
        partitions = 1
        while comb(partitions + 1 + n_obj - 1, n_obj - 1) <= n_points:
            partitions += 1
        return get_reference_directions("das-dennis", n_obj, n_partitions=partitions)
    return get_reference_directions("energy", n_obj, n_points, seed=1)


def _nsga2(problem: Problem, pop_size: int, options: dict[str, Any]) -> Algorithm:
    from pymoo.algorithms.moo.nsga2 import NSGA2

    return NSGA2(pop_size=pop_size, **{**variation(problem), **options})


def _nsga3(problem: Problem, pop_size: int, options: dict[str, Any]) -> Algorithm:
    from pymoo.algorithms.moo.nsga3 import NSGA3

    ref_dirs = reference_directions(problem.n_obj, pop_size)
    return NSGA3(ref_dirs=ref_dirs, pop_size=pop_size, **{**variation(problem), **options})


def _moead(problem: Problem, pop_size: int, options: dict[str, Any]) -> Algorithm:
    from pymoo.algorithms.moo.moead import MOEAD

    ref_dirs = reference_directions(problem.n_obj, pop_size)
    return MOEAD(ref_dirs=ref_dirs, **{**variation(problem), **options})


def _smsemoa(problem: Problem, pop_size: int, options: dict[str, Any]) -> Algorithm:
    from pymoo.algorithms.moo.sms import SMSEMOA

    return SMSEMOA(pop_size=pop_size, **{**variation(problem), **options})


_BASELINES = {"nsga2": _nsga2, "nsga3": _nsga3, "moead": _moead, "smsemoa": _smsemoa}


def parse_spec(spec: str) -> tuple[str, dict[str, Any]]:
    """Split an algorithm spec ``"name:key=value,key=value"`` into name and options.

    Values are read as int, float, bool (``true``/``false``) or ``none`` where they parse
    as such, else kept as strings. ``"gmoea"`` alone gives ``("gmoea", {})``.

    Raises:
        OptionError: unknown algorithm name or an option without ``=``.
    """
    name, _, rest = spec.strip().partition(":")
    check_choice("algorithm", name, ALGORITHMS)
    options: dict[str, Any] = {}
    for item in filter(None, (s.strip() for s in rest.split(","))):
        key, eq, value = item.partition("=")
        if not eq or not key.strip():
            raise OptionError(f"option {item!r} in algorithm spec {spec!r} must read key=value")
        options[key.strip()] = _parse_value(value.strip())
    return name, options


def split_specs(text: str) -> list[str]:
    """Split a comma-separated list of specs, keeping ``key=value`` items with their spec.

    ``"gmoea:n_elites=30,epochs=50,nsga2"`` gives ``["gmoea:n_elites=30,epochs=50", "nsga2"]``.
    """
    specs: list[str] = []
    for item in filter(None, (s.strip() for s in text.split(","))):
        if "=" in item and ":" not in item and specs:
            specs[-1] += "," + item
        else:
            specs.append(item)
    return specs


def _parse_value(text: str) -> Any:
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "none":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text
