"""What a benchmark campaign runs: algorithms x problems x seeds under one protocol.

A campaign is written in TOML (:func:`load_campaign`) or built in Python
(:class:`Campaign`). Everything is checked when the campaign is built: algorithm and
problem names, algorithm options (against each algorithm's declared options),
problem parameters, seeds, budgets and indicators, so that a mistake fails before the
first run starts.

.. code-block:: toml

    name = "zdt"
    seeds = 30                 # seeds 1..30, or a list such as [1, 2, 5]
    evals = 25000              # budget of every problem unless it sets its own
    pop_size = 100
    trace_every = 5            # record HV and IGD every 5 generations
    indicators = ["hv", "igd"]
    baseline = "nsga2"         # the +/-/= marks of the report are against this one
    store = "results/zdt.sqlite"   # relative to this file

    [[algorithm]]
    name = "gmoea"
    options = { device = "cpu" }

    [[algorithm]]
    name = "nsga2"

    [[problem]]
    names = ["zdt1", "zdt2"]   # or name = "zdt1"
    params = { n_var = 30 }
    evals = 10000              # optional, overrides the campaign's budget
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evogan.errors import EvoganError, OptionError, check_choice

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "INDICATORS",
    "AlgorithmEntry",
    "Campaign",
    "CampaignError",
    "ProblemEntry",
    "Task",
    "load_campaign",
]

#: Indicators a campaign can report (both are recorded for every run).
INDICATORS = ("hv", "igd")


class CampaignError(EvoganError, ValueError):
    """A campaign file or definition is malformed; the message names the faulty entry."""


@dataclass(frozen=True)
class AlgorithmEntry:
    """One algorithm of a campaign.

    Attributes:
        name: a name from :data:`evogan.algorithms.registry.ALGORITHMS`.
        options: keyword arguments for its constructor.
        label: the name in tables and in the store (default: ``name``).
    """

    name: str
    options: dict[str, Any] = field(default_factory=dict)
    label: str = ""

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", self.name)


@dataclass(frozen=True)
class ProblemEntry:
    """One problem of a campaign.

    Attributes:
        name: a problem name from the ``problems`` registry.
        params: its size parameters, e.g. ``{"n_var": 30}``.
        evals: its evaluation budget (None: the campaign's).
        label: the name in tables and in the store (default: ``name``).
    """

    name: str
    params: dict[str, Any] = field(default_factory=dict)
    evals: int | None = None
    label: str = ""

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", self.name.lower())


@dataclass(frozen=True)
class Task:
    """One run: everything a worker needs, and nothing about where or when it runs.

    The run is seeded by ``seed`` alone, so its result depends only on this record.
    """

    algorithm: str
    algorithm_label: str
    options: dict[str, Any]
    problem: str
    problem_label: str
    params: dict[str, Any]
    seed: int
    evals: int
    pop_size: int
    trace_every: int

    def config(self) -> dict[str, Any]:
        """Every setting that determines the run's result, as JSON-ready data."""
        return {
            "algorithm": self.algorithm,
            "options": self.options,
            "problem": self.problem,
            "params": self.params,
            "seed": self.seed,
            "evals": self.evals,
            "pop_size": self.pop_size,
            "trace_every": self.trace_every,
        }

    @property
    def key(self) -> str:
        """The run's identity in the store: a digest of :meth:`config` and the labels."""
        text = json.dumps([self.algorithm_label, self.problem_label, self.config()], sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Campaign:
    """Algorithms x problems x seeds with one protocol; validated on construction.

    Attributes:
        name: the campaign's name (titles of the report).
        algorithms: the algorithms, in table order.
        problems: the problems, in table order (also the order of the runs).
        seeds: the seeds each (algorithm, problem) pair runs.
        evals: the default evaluation budget.
        pop_size: population size N.
        trace_every: record HV and IGD every this many generations.
        indicators: which of :data:`INDICATORS` the report shows.
        baseline: the algorithm label the report compares against (default: the last).
        store: the SQLite file of the results (a relative path is relative to the TOML
            file, or to the working folder for a campaign built in Python).

    Raises:
        CampaignError: a malformed field, an unknown name or option, a duplicate label.
    """

    name: str
    algorithms: tuple[AlgorithmEntry, ...]
    problems: tuple[ProblemEntry, ...]
    seeds: tuple[int, ...]
    evals: int
    pop_size: int = 100
    trace_every: int = 5
    indicators: tuple[str, ...] = INDICATORS
    baseline: str = ""
    store: Path = Path("campaign.sqlite")

    def __post_init__(self) -> None:
        object.__setattr__(self, "algorithms", tuple(self.algorithms))
        object.__setattr__(self, "problems", tuple(self.problems))
        object.__setattr__(self, "seeds", tuple(self.seeds))
        object.__setattr__(self, "indicators", tuple(self.indicators))
        object.__setattr__(self, "store", Path(self.store))
        if self.algorithms and not self.baseline:
            object.__setattr__(self, "baseline", self.algorithms[-1].label)
        _validate(self)

    def tasks(self) -> list[Task]:
        """Every run, problem by problem and algorithm by algorithm, so that whole
        (algorithm, problem) cells finish first when the campaign is cut short."""
        return [
            Task(
                algorithm=a.name,
                algorithm_label=a.label,
                options=dict(a.options),
                problem=p.name,
                problem_label=p.label,
                params=dict(p.params),
                seed=seed,
                evals=p.evals or self.evals,
                pop_size=self.pop_size,
                trace_every=self.trace_every,
            )
            for p in self.problems
            for a in self.algorithms
            for seed in self.seeds
        ]


def _validate(c: Campaign) -> None:
    if not c.algorithms or not c.problems or not c.seeds:
        raise CampaignError(f"campaign {c.name!r} needs at least one algorithm, problem and seed")
    for what, value in (("evals", c.evals), ("pop_size", c.pop_size)):
        _positive_int(what, value)
    _positive_int("trace_every", c.trace_every)
    for seed in c.seeds:
        if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
            raise CampaignError(f"seeds must be non-negative integers, got {seed!r}")
    _unique("seed", c.seeds)
    _unique("algorithm label", [a.label for a in c.algorithms])
    _unique("problem label", [p.label for p in c.problems])
    for indicator in c.indicators:
        _check(check_choice, "indicator", indicator, INDICATORS)
    _check(check_choice, "baseline", c.baseline, [a.label for a in c.algorithms])
    for p in c.problems:
        if p.evals is not None:
            _positive_int(f"evals of problem {p.label!r}", p.evals)
        _plain_data(f"params of problem {p.label!r}", p.params)
    for a in c.algorithms:
        _plain_data(f"options of algorithm {a.label!r}", a.options)
    _check_buildable(c)


def _plain_data(what: str, value: dict[str, Any]) -> None:
    """Options and parameters are stored as JSON and name the run: they must be plain data."""
    try:
        json.dumps(value, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise CampaignError(
            f"{what} must be plain data (numbers, strings, booleans, lists, tables): {exc}"
        ) from exc


def _check_buildable(c: Campaign) -> None:
    """Check every algorithm's options against its declaration, and every problem."""
    from evogan.algorithms.registry import check_options
    from evogan.lookup import get_problem

    for a in c.algorithms:
        if "pop_size" in a.options:
            raise CampaignError(
                f"algorithm {a.label!r} sets pop_size; the campaign's pop_size is the one used"
            )
        try:
            check_options(a.name, {"pop_size": c.pop_size, **a.options})
        except (OptionError, ValueError) as exc:
            raise CampaignError(f"algorithm {a.label!r} ({a.name}): {exc}") from exc
    for p in c.problems:
        _check(get_problem, p.name, **p.params)
        budget = p.evals or c.evals
        if budget < c.pop_size:
            raise CampaignError(
                f"budget {budget} of problem {p.label!r} is smaller than one population "
                f"(pop_size={c.pop_size})"
            )


def _check(function, *args: Any, **kwargs: Any) -> Any:
    """Call ``function``, turning the option errors it raises into CampaignError."""
    try:
        return function(*args, **kwargs)
    except (OptionError, ValueError) as exc:
        raise CampaignError(str(exc)) from exc


def _positive_int(what: str, value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise CampaignError(f"{what} must be a positive integer, got {value!r}")


def _unique(what: str, values: Any) -> None:
    seen: set = set()
    for v in values:
        if v in seen:
            raise CampaignError(f"duplicate {what} {v!r}")
        seen.add(v)


_TOP_KEYS = {
    "name",
    "seeds",
    "evals",
    "pop_size",
    "trace_every",
    "indicators",
    "baseline",
    "store",
    "algorithm",
    "problem",
}
_ALGORITHM_KEYS = {"name", "options", "label"}
_PROBLEM_KEYS = {"name", "names", "params", "evals", "label"}


def load_campaign(path: str | Path) -> Campaign:
    """Read and validate a campaign TOML file (see the module docstring for the format).

    Raises:
        CampaignError: the file is missing or not valid TOML, a key is unknown or of the
            wrong type, or the campaign fails :class:`Campaign`'s checks.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text())
    except OSError as exc:
        raise CampaignError(f"cannot read campaign file {str(path)!r}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CampaignError(f"campaign file {str(path)!r} is not valid TOML: {exc}") from exc
    try:
        return campaign_from_dict(data, base=path.parent, default_name=path.stem)
    except CampaignError as exc:
        raise CampaignError(f"{path}: {exc}") from exc


def campaign_from_dict(
    data: dict[str, Any], base: Path = Path("."), default_name: str = "campaign"
) -> Campaign:
    """A :class:`Campaign` from the parsed TOML tables; ``store`` is taken relative to ``base``."""
    _known_keys("campaign", data, _TOP_KEYS)
    algorithms = [_algorithm(a) for a in _tables(data, "algorithm")]
    problems = [p for table in _tables(data, "problem") for p in _problems(table)]
    name = str(data.get("name", default_name))
    if "evals" not in data:
        raise CampaignError("campaign needs 'evals' (the default evaluation budget)")
    return Campaign(
        name=name,
        algorithms=tuple(algorithms),
        problems=tuple(problems),
        seeds=_seeds(data.get("seeds", 1)),
        evals=data["evals"],
        pop_size=data.get("pop_size", 100),
        trace_every=data.get("trace_every", 5),
        indicators=tuple(_typed("indicators", data.get("indicators", list(INDICATORS)), list)),
        baseline=str(data.get("baseline", "")),
        store=Path(os.path.normpath(base / str(data.get("store", f"{name}.sqlite")))),
    )


def _tables(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    tables = data.get(key, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise CampaignError(f"'{key}' must be an array of tables ([[{key}]])")
    return tables


def _algorithm(table: dict[str, Any]) -> AlgorithmEntry:
    _known_keys("[[algorithm]]", table, _ALGORITHM_KEYS)
    if "name" not in table:
        raise CampaignError(f"[[algorithm]] {table} has no 'name'")
    return AlgorithmEntry(
        name=_typed("algorithm name", table["name"], str),
        options=dict(_typed("algorithm options", table.get("options", {}), dict)),
        label=_typed("algorithm label", table.get("label", ""), str),
    )


def _problems(table: dict[str, Any]) -> list[ProblemEntry]:
    _known_keys("[[problem]]", table, _PROBLEM_KEYS)
    if ("name" in table) == ("names" in table):
        raise CampaignError(f"[[problem]] {table} needs exactly one of 'name' or 'names'")
    names = [table["name"]] if "name" in table else _typed("names", table["names"], list)
    if "label" in table and len(names) > 1:
        raise CampaignError(f"[[problem]] with several names cannot have one 'label': {table}")
    params = dict(_typed("problem params", table.get("params", {}), dict))
    return [
        ProblemEntry(
            name=_typed("problem name", n, str),
            params=params,
            evals=table.get("evals"),
            label=table.get("label", ""),
        )
        for n in names
    ]


def _seeds(value: Any) -> tuple[int, ...]:
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 1:
            raise CampaignError(f"seeds must be a positive count or a list, got {value!r}")
        return tuple(range(1, value + 1))
    return tuple(_typed("seeds", value, list))


def _typed(what: str, value: Any, kind: type) -> Any:
    if not isinstance(value, kind):
        raise CampaignError(f"{what} must be a {kind.__name__}, got {value!r}")
    return value


def _known_keys(where: str, table: dict[str, Any], known: set[str]) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise CampaignError(
            f"unknown key(s) {', '.join(map(repr, unknown))} in {where}; "
            f"valid keys: {', '.join(sorted(known))}"
        )
