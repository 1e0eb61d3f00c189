"""Benchmark problems by name: ``get("dtlz2", n_obj=5)``, ``available()``."""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

from problems import cec17_mtmo, constrained, dtlz, imf, lsmop, wfg, zdt
from problems.base import Benchmark
from problems.errors import OptionError
from problems.multitask import MultitaskProblem


@dataclass(frozen=True)
class Entry:
    """What the registry knows about one problem.

    Attributes:
        suite: the suite it belongs to, e.g. ``"DTLZ"``.
        build: makes the problem from keyword parameters.
        defaults: the default value of every accepted parameter (``None`` where derived:
            a DTLZ ``n_var`` follows from ``n_obj`` and ``k``, an LSMOP one is 100 ``n_obj``).
        ranges: the values each parameter accepts, in words.
        doc: one line on what the problem is.
    """

    suite: str
    build: Callable[..., Benchmark | MultitaskProblem]
    defaults: dict[str, object]
    ranges: dict[str, str]
    doc: str


def _class_entry(suite: str, cls: type[Benchmark]) -> Entry:
    params = inspect.signature(cls.__init__).parameters
    defaults = {k: p.default for k, p in params.items() if k != "self"}
    if defaults.get("n_var", 0) is None and hasattr(cls, "default_n_var"):
        defaults["n_var"] = cls.default_n_var
    if "k" in defaults:
        defaults["k"] = cls.default_k
    doc = (cls.__doc__ or "").strip().splitlines()[0]
    return Entry(suite, cls, defaults, dict(cls.param_ranges), doc)


def _multitask_entry(suite: str, build: Callable[[], MultitaskProblem]) -> Entry:
    return Entry(suite, build, {}, {}, build().description)


_SUITES: dict[str, tuple[type[Benchmark], ...]] = {
    "ZDT": (zdt.ZDT1, zdt.ZDT2, zdt.ZDT3, zdt.ZDT4, zdt.ZDT6),
    "DTLZ": tuple(getattr(dtlz, f"DTLZ{i}") for i in range(1, 8)),
    "IMF": tuple(getattr(imf, f"IMF{i}") for i in range(1, 11)),
    "LSMOP": tuple(getattr(lsmop, f"LSMOP{i}") for i in range(1, 10)),
    "WFG": tuple(getattr(wfg, f"WFG{i}") for i in range(1, 10)),
    "C-DTLZ": (constrained.C1DTLZ1, constrained.C2DTLZ2, constrained.C3DTLZ4),
}
_MULTITASK: dict[str, dict[str, Callable[[], MultitaskProblem]]] = {
    "CEC17-MTMO": {
        name.lower(): partial(cec17_mtmo.cec17_problem, name) for name in cec17_mtmo.PROBLEMS
    },
}


@cache
def _registry() -> dict[str, Entry]:
    entries = {
        cls.__name__.lower(): _class_entry(suite, cls)
        for suite, classes in _SUITES.items()
        for cls in classes
    }
    for suite, builders in _MULTITASK.items():
        entries.update({name: _multitask_entry(suite, b) for name, b in builders.items()})
    return entries


# Other spellings accepted by get() but not listed by available().
ALIASES = {f"cec17-{name.lower()}": name.lower() for name in cec17_mtmo.PROBLEMS}
ALIASES |= {f"c{i}-dtlz{j}": f"c{i}dtlz{j}" for i, j in ((1, 1), (2, 2), (3, 4))}


def _summary(entry: Entry) -> dict[str, object]:
    problem = entry.build()
    info: dict[str, object] = {"suite": entry.suite}
    if isinstance(problem, MultitaskProblem):
        info["multitask"] = True
        info["tasks"] = [{"n_var": t.n_var, "n_obj": t.n_obj} for t in problem.tasks]
        info["n_var"] = problem.n_var
        info["n_obj"] = max(t.n_obj for t in problem.tasks)
    else:
        info["multitask"] = False
        info["n_var"], info["n_obj"] = problem.n_var, problem.n_obj
    params = dict(entry.defaults)
    if params.get("n_obj", 0) is None:
        params["n_obj"] = info["n_obj"]
    info.update(params=params, ranges=dict(entry.ranges), doc=entry.doc)
    return info


@cache
def _available() -> dict[str, dict[str, object]]:
    return {name: _summary(entry) for name, entry in _registry().items()}


def available() -> dict[str, dict[str, Any]]:
    """Every registered problem with its sizes and the parameters it accepts.

    Returns:
        ``{name: info}`` with ``info`` holding ``"suite"``, ``"n_var"`` and ``"n_obj"``
        (with the defaults; for a multitask problem the largest over its tasks),
        ``"params"`` (``{param: default}``), ``"ranges"`` (``{param: accepted values}``),
        ``"doc"`` (one line), ``"multitask"`` (bool) and, for multitask problems,
        ``"tasks"`` (``[{"n_var": ..., "n_obj": ...}, ...]``). For example
        ``available()["dtlz1"]["params"] == {"n_obj": 3, "k": 5, "n_var": None}``.
    """
    return copy.deepcopy(_available())


def get(name: str, **params: object) -> Benchmark | MultitaskProblem:
    """The benchmark problem called ``name`` (case-insensitive), built with ``params``.

    Args:
        name: e.g. ``"zdt1"``, ``"DTLZ2"``, ``"imf4"``, ``"lsmop1"``, ``"wfg3"``,
            ``"c2dtlz2"`` (also ``"c2-dtlz2"``), ``"cihs"`` (also ``"cec17-cihs"``); see
            ``available()``.
        **params: the problem's size parameters, as listed by ``available()``:
            ``n_var`` for ZDT and IMF; ``n_obj`` and one of ``k`` or ``n_var`` for DTLZ;
            ``n_obj``, ``n_var`` and ``nk`` for LSMOP; ``n_obj`` (any from 2; WFG3: 2 or
            3), ``n_var`` and ``k`` for WFG; none for the CEC 2017 multitask problems.

    Returns:
        A pymoo ``Problem`` with ``pareto_front(n_points)`` and
        ``pareto_set(n_points, random_state)``, or for a multitask suite a
        ``MultitaskProblem`` holding such problems as its ``tasks``.

    Raises:
        OptionError: unknown name or parameter; the message lists the valid ones.
        ProblemDefinitionError: a parameter value that is not valid (e.g. ``n_var=0``);
            the message says what is valid.
    """
    if not isinstance(name, str):
        raise OptionError(f"problem name must be a string, got {name!r}")
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    registry = _registry()
    if key not in registry:
        raise OptionError(f"unknown problem {name!r}; valid choices: {', '.join(registry)}")
    entry = registry[key]
    unknown = sorted(set(params) - set(entry.defaults))
    if unknown:
        valid = ", ".join(f"{p} ({r})" for p, r in entry.ranges.items()) or "none"
        raise OptionError(
            f"unknown parameter(s) {', '.join(map(repr, unknown))} for problem {key!r}; "
            f"valid parameters: {valid}"
        )
    return entry.build(**params)
