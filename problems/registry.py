"""Benchmark problems by name: ``get("dtlz2", n_obj=5)``, ``available()``."""

from __future__ import annotations

import inspect
from dataclasses import dataclass

from evogan.errors import OptionError
from problems import dtlz, imf, zdt
from problems.base import Benchmark


@dataclass(frozen=True)
class Entry:
    """What the registry knows about one problem.

    Attributes:
        cls: the problem class.
        defaults: the default value of every accepted parameter (``None`` where derived:
            a DTLZ ``n_var`` follows from ``n_obj`` and ``k``). ZDT and IMF accept
            ``n_obj`` only at its fixed value.
        n_var: number of variables with the defaults.
        n_obj: number of objectives with the defaults.
    """

    cls: type[Benchmark]
    defaults: dict[str, object]
    n_var: int
    n_obj: int


def _entry(cls: type[Benchmark]) -> Entry:
    params = inspect.signature(cls.__init__).parameters
    defaults = {k: p.default for k, p in params.items() if k != "self"}
    if "n_var" in defaults and defaults["n_var"] is None and hasattr(cls, "default_n_var"):
        defaults["n_var"] = cls.default_n_var
    if "k" in defaults:
        defaults["k"] = cls.default_k
    problem = cls()
    if "n_obj" in defaults and defaults["n_obj"] is None:
        defaults["n_obj"] = problem.n_obj
    return Entry(cls, defaults, problem.n_var, problem.n_obj)


_CLASSES: tuple[type[Benchmark], ...] = (
    zdt.ZDT1,
    zdt.ZDT2,
    zdt.ZDT3,
    zdt.ZDT4,
    zdt.ZDT6,
    *(getattr(dtlz, f"DTLZ{i}") for i in range(1, 8)),
    *(getattr(imf, f"IMF{i}") for i in range(1, 11)),
)
_REGISTRY: dict[str, Entry] = {cls.__name__.lower(): _entry(cls) for cls in _CLASSES}


def available() -> dict[str, dict[str, object]]:
    """Every registered problem with its default sizes and accepted parameters.

    Returns:
        ``{name: {"n_var": int, "n_obj": int, "params": {param: default}, "doc": str}}``,
        e.g. ``available()["dtlz1"]["params"] == {"n_obj": 3, "k": 5, "n_var": None}``.
    """
    return {
        name: {
            "n_var": e.n_var,
            "n_obj": e.n_obj,
            "params": dict(e.defaults),
            "doc": (e.cls.__doc__ or "").strip().splitlines()[0],
        }
        for name, e in _REGISTRY.items()
    }


def get(name: str, **params: object) -> Benchmark:
    """The benchmark problem called ``name`` (case-insensitive), built with ``params``.

    Args:
        name: e.g. ``"zdt1"``, ``"DTLZ2"``, ``"imf4"``; see ``available()``.
        **params: the problem's size parameters: ``n_var`` for ZDT and IMF; ``n_obj`` and
            one of ``k`` or ``n_var`` for DTLZ.

    Returns:
        The problem, a pymoo ``Problem`` with ``pareto_front(n_points)`` and
        ``pareto_set(n_points, random_state)``.

    Raises:
        OptionError: unknown name or parameter; the message lists the valid ones.
        ProblemDefinitionError: a parameter value that is not valid (e.g. ``n_var=0``).
    """
    if not isinstance(name, str):
        raise OptionError(f"problem name must be a string, got {name!r}")
    key = name.strip().lower()
    if key not in _REGISTRY:
        raise OptionError(f"unknown problem {name!r}; valid choices: {', '.join(_REGISTRY)}")
    entry = _REGISTRY[key]
    unknown = sorted(set(params) - set(entry.defaults))
    if unknown:
        valid = ", ".join(entry.defaults)
        raise OptionError(
            f"unknown parameter(s) {', '.join(map(repr, unknown))} for problem {key!r}; "
            f"valid parameters: {valid}"
        )
    return entry.cls(**params)
