"""Algorithms by name: evogan's GMOEA and E-GAN mode, pymoo's baselines, and the
model-based and DE peers (RM-MEDA, IM-MOEA, MOEA/D-DE).

Each name maps to an ``AlgorithmInfo`` (summary, declared
options, builder) in the module that defines the algorithm; the module is imported only
when the algorithm is asked for, so listing names costs no torch import. Options from
Python, command-line specs (``"gmoea:epochs=50,n_elites=30"``) and TOML campaigns are all
checked against the algorithm's own declaration.
"""

from __future__ import annotations

import importlib
from typing import Any

from pymoo.core.algorithm import Algorithm
from pymoo.core.problem import Problem

from evogan.algorithms.info import AlgorithmInfo
from evogan.errors import OptionError, check_choice

# name -> (module, attribute of its AlgorithmInfo)
_WHERE = {
    "gmoea": ("evogan.algorithms.gmoea", "GMOEA_INFO"),
    "gmoea-reference": ("evogan.algorithms.gmoea", "REFERENCE_INFO"),
    "egan": ("evogan.algorithms.egan", "EGAN_INFO"),
    "nsga2": ("evogan.algorithms.baselines", "NSGA2_INFO"),
    "nsga3": ("evogan.algorithms.baselines", "NSGA3_INFO"),
    "moead": ("evogan.algorithms.baselines", "MOEAD_INFO"),
    "rvea": ("evogan.algorithms.baselines", "RVEA_INFO"),
    "smsemoa": ("evogan.algorithms.baselines", "SMSEMOA_INFO"),
    "rmmeda": ("evogan.algorithms.rmmeda", "INFO"),
    "immoea": ("evogan.algorithms.immoea", "INFO"),
    "moead-de": ("evogan.algorithms.moead_de", "INFO"),
}

#: Every registered name.
ALGORITHMS = tuple(_WHERE)


def algorithm_info(name: str) -> AlgorithmInfo:
    """The registry's entry for ``name``.

    Raises:
        OptionError: an unknown name, listing the valid ones.
    """
    module, attribute = _WHERE[check_choice("algorithm", name, ALGORITHMS)]
    info: AlgorithmInfo = getattr(importlib.import_module(module), attribute)
    return info


def make_algorithm(
    name: str, problem: Problem, pop_size: int | None = None, **options: Any
) -> Algorithm:
    """A fresh pymoo algorithm by name, configured for ``problem``.

    Args:
        name: one of ``ALGORITHMS``.
        problem: the problem it will solve (its ``n_var`` and ``n_obj`` set the operators
            and reference directions).
        pop_size: population size N (the algorithm's default when None).
        **options: the algorithm's declared options (``evogan algorithms`` lists them).

    Raises:
        OptionError: an unknown name or option, or a value of the wrong kind or range.
    """
    info = algorithm_info(name)
    if pop_size is not None:
        if "pop_size" in options:
            raise OptionError("pop_size is given twice; give it once")
        options["pop_size"] = pop_size
    return info.make(problem, **options)


def check_options(name: str, options: dict[str, Any]) -> dict[str, Any]:
    """``options`` checked against ``name``'s declaration (nothing is built)."""
    return algorithm_info(name).check(options)


def with_device(name: str, options: dict[str, Any], device: str | None) -> dict[str, Any]:
    """``options`` with ``device`` added for an algorithm that trains GANs.

    Other algorithms take no device, and an option given explicitly wins.
    """
    if device is None or not algorithm_info(name).trains_gans:
        return dict(options)
    return {"device": device, **options}


def parse_spec(spec: str) -> tuple[str, dict[str, Any]]:
    """Split an algorithm spec ``"name:key=value,key=value"`` into name and checked options.

    Each value is text converted by the option's declared kind (``"gmoea:epochs=50"``
    gives ``{"epochs": 50}``); ``"gmoea"`` alone gives ``("gmoea", {})``.

    Raises:
        OptionError: an unknown algorithm or option, an item without ``=``, or a value the
            option does not take.
    """
    name, _, rest = spec.strip().partition(":")
    info = algorithm_info(name)
    texts: dict[str, str] = {}
    for item in filter(None, (s.strip() for s in rest.split(","))):
        key, eq, value = item.partition("=")
        if not eq or not key.strip():
            raise OptionError(f"option {item!r} in algorithm spec {spec!r} must read key=value")
        texts[key.strip()] = value.strip()
    return name, info.options.parse(texts)


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
