"""What a benchmark campaign runs: algorithms x problems x seeds under one protocol.

A campaign is written in TOML (``load_campaign``) or built in Python
(``Campaign``). Everything is checked when the campaign is built: algorithm and
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
    keep_x = true              # store each run's final X (false: F, HV, IGD, traces only)

    [[algorithm]]
    name = "gmoea"
    options = { device = "cpu" }

    [[algorithm]]
    name = "nsga2"

    [[problem]]
    names = ["zdt1", "zdt2"]   # or name = "zdt1"
    params = { n_var = 30 }
    evals = 10000              # optional, overrides the campaign's budget

An algorithm entry may carry a ``label`` (an ablation: ``label = "gmoea:lr_g=1e-12"``,
``options = { lr_g = 1e-12 }``) and its own ``seeds`` (fewer for a slow one). The report
shows one table with every algorithm, or the ``[[table]]`` sections listed (each a title,
its columns and optionally its own baseline); a ``[[reference]]`` adds a table of
published results beside one of the campaign's algorithms (see
``evogan.experiment.references``).

**Multitask campaigns.** The algorithms are multitask methods
(``evogan.multitask.suite.METHODS``: ``transfer``, ``single``, ``momfea``, each with
its declared options) and the problems multitask problems (``cihs`` ... ``nils``), whose
``evals`` is the budget of all tasks together and ``pop_size`` the population of each
task. A run stores one row per task, labelled ``<problem>-t<k>``; the report's rows are
the tasks. A single task can also be run alone by ordinary algorithms, as the problem
``"cihs-t1"``.

.. code-block:: toml

    name = "mt"
    seeds = 10
    evals = 200000
    baseline = "transfer"

    [[algorithm]]
    name = "transfer"
    options = { algorithm = "nsga2", fraction = 0.1, direct = 0.5, period = 10 }

    [[algorithm]]
    name = "momfea"

    [[problem]]
    names = ["cihs", "cims"]
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
    "ReferenceEntry",
    "Row",
    "TableSpec",
    "Task",
    "load_campaign",
    "task_key",
    "task_label",
]

#: Indicators a campaign can report (both are recorded for every run).
INDICATORS = ("hv", "igd")


class CampaignError(EvoganError, ValueError):
    """A campaign file or definition is malformed; the message names the faulty entry."""


@dataclass(frozen=True)
class AlgorithmEntry:
    """One algorithm of a campaign.

    Attributes:
        name: a name from ``evogan.algorithms.registry.ALGORITHMS``, or a multitask
            method of ``evogan.multitask.suite.METHODS``.
        options: keyword arguments for its constructor (the method's options).
        label: the name in tables and in the store (default: ``name``).
        seeds: its own seeds (default: the campaign's).
        problems: the labels of the only problems it runs on (empty: every problem), e.g.
            SMS-EMOA where its hypervolume computations are affordable.
    """

    name: str
    options: dict[str, Any] = field(default_factory=dict)
    label: str = ""
    seeds: tuple[int, ...] | None = None
    problems: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", self.name)
        if self.seeds is not None:
            object.__setattr__(self, "seeds", tuple(self.seeds))
        object.__setattr__(self, "problems", tuple(self.problems))

    def runs_on(self, problem_label: str) -> bool:
        """Whether it runs on the problem of this label."""
        return not self.problems or problem_label in self.problems

    @property
    def multitask(self) -> bool:
        """Whether it is a multitask method (its problems are then multitask problems)."""
        from evogan.multitask.suite import METHODS

        return self.name in METHODS


@dataclass(frozen=True)
class ProblemEntry:
    """One problem of a campaign.

    Attributes:
        name: a problem name from the ``problems`` registry.
        params: its size parameters, e.g. ``{"n_var": 30}``.
        evals: its evaluation budget (None: the campaign's).
        label: the name in tables and in the store (default: ``name``).
        pop_size: its population size (None: the campaign's), e.g. the sizes NSGA-III's
            paper gives many objectives (212 for 5, 156 for 8).
        trace_every: its generations between HV/IGD records (None: the campaign's); the
            exact hypervolume of 8 objectives costs most of a second.
    """

    name: str
    params: dict[str, Any] = field(default_factory=dict)
    evals: int | None = None
    label: str = ""
    pop_size: int | None = None
    trace_every: int | None = None

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
    n_tasks: int = 1

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
        """The run's identity in the store: a digest of ``config`` and the labels."""
        text = json.dumps([self.algorithm_label, self.problem_label, self.config()], sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:24]

    @property
    def multitask(self) -> bool:
        """Whether it runs a multitask method on a multitask problem."""
        from evogan.multitask.suite import METHODS

        return self.algorithm in METHODS

    def row_keys(self) -> list[str]:
        """The keys of the rows the run stores: its ``key`` for a single-task run, the
        key and ``-t<k>`` for each task of a multitask run."""
        if not self.multitask:
            return [self.key]
        return [task_key(self.key, t) for t in range(self.n_tasks)]

    def row_labels(self) -> list[str]:
        """The problem labels of those rows (``"cihs-t1"``, ``"cihs-t2"`` for a multitask
        run)."""
        if not self.multitask:
            return [self.problem_label]
        return [task_label(self.problem_label, t) for t in range(self.n_tasks)]


def task_key(key: str, task: int) -> str:
    """The key of task ``task``'s row (0-based) of the multitask run ``key``."""
    return f"{key}-t{task + 1}"


def task_label(label: str, task: int) -> str:
    """The label of task ``task`` (0-based) of the multitask problem ``label``."""
    return f"{label}-t{task + 1}"


@dataclass(frozen=True)
class Row:
    """One row of the report: a problem, or one task of a multitask problem.

    Attributes:
        label: the row's label (``"zdt1"``, ``"cihs-t1"``).
        problem: the problem entry it belongs to.
        task: the task index (0-based) within a multitask problem, else None.
    """

    label: str
    problem: ProblemEntry
    task: int | None = None


@dataclass(frozen=True)
class TableSpec:
    """A table of the report: a title and its columns.

    Attributes:
        title: the section title.
        algorithms: algorithm labels, in column order.
        baseline: the algorithm label its marks compare with (default: the campaign's).
        problems: the problem labels of its rows (empty: every problem).
    """

    title: str
    algorithms: tuple[str, ...]
    baseline: str = ""
    problems: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "algorithms", tuple(self.algorithms))
        object.__setattr__(self, "problems", tuple(self.problems))


@dataclass(frozen=True)
class ReferenceEntry:
    """Published results shown beside one of the campaign's algorithms.

    Attributes:
        source: a name of ``evogan.experiment.references.REFERENCES``.
        versus: the algorithm label compared with it.
        label: the column's name (default: the source's description).
    """

    source: str
    versus: str
    label: str = ""


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
        indicators: which of ``INDICATORS`` the report shows.
        baseline: the algorithm label the report compares against (default: the last).
        store: the SQLite file of the results (a relative path is relative to the TOML
            file, or to the working folder for a campaign built in Python).
        keep_x: store each run's final decision vectors X (false: an empty ``0 x n_var``
            array, for many-variable problems whose X would be most of the store; F,
            the indicators and the traces are kept either way).
        tables: the report's tables (default: one with every algorithm).
        references: published results the report shows beside the campaign's.

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
    keep_x: bool = True
    tables: tuple[TableSpec, ...] = ()
    references: tuple[ReferenceEntry, ...] = ()
    _n_tasks: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "algorithms", tuple(self.algorithms))
        object.__setattr__(self, "tables", tuple(self.tables))
        object.__setattr__(self, "references", tuple(self.references))
        object.__setattr__(self, "problems", tuple(self.problems))
        object.__setattr__(self, "seeds", tuple(self.seeds))
        object.__setattr__(self, "indicators", tuple(self.indicators))
        object.__setattr__(self, "store", Path(self.store))
        if self.algorithms and not self.baseline:
            object.__setattr__(self, "baseline", self.algorithms[-1].label)
        _validate(self)

    @property
    def multitask(self) -> bool:
        """Whether its algorithms are multitask methods (and its problems multitask)."""
        return self.algorithms[0].multitask

    def seeds_of(self, algorithm: AlgorithmEntry) -> tuple[int, ...]:
        """The seeds ``algorithm`` runs: its own, else the campaign's."""
        return algorithm.seeds if algorithm.seeds is not None else self.seeds

    def n_tasks(self, problem: ProblemEntry) -> int:
        """The tasks of ``problem`` (1 for a single-task problem)."""
        return self._n_tasks.get(problem.label, 1)

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
                pop_size=p.pop_size or self.pop_size,
                trace_every=p.trace_every or self.trace_every,
                n_tasks=self.n_tasks(p),
            )
            for p in self.problems
            for a in self.algorithms
            if a.runs_on(p.label)
            for seed in self.seeds_of(a)
        ]

    def rows(self) -> list[Row]:
        """The report's rows: each problem, or each task of a multitask problem."""
        rows = []
        for p in self.problems:
            if not self.multitask:
                rows.append(Row(p.label, p))
                continue
            rows += [Row(task_label(p.label, t), p, t) for t in range(self.n_tasks(p))]
        return rows

    def table_specs(self) -> tuple[TableSpec, ...]:
        """The report's tables: those listed, else one with every algorithm."""
        if self.tables:
            return self.tables
        return (TableSpec("", tuple(a.label for a in self.algorithms)),)


def _validate(c: Campaign) -> None:
    if not c.algorithms or not c.problems or not c.seeds:
        raise CampaignError(f"campaign {c.name!r} needs at least one algorithm, problem and seed")
    for what, value in (("evals", c.evals), ("pop_size", c.pop_size)):
        _positive_int(what, value)
    _positive_int("trace_every", c.trace_every)
    for seeds in [c.seeds] + [a.seeds for a in c.algorithms if a.seeds is not None]:
        if not seeds:
            raise CampaignError("an algorithm's seeds must not be empty")
        for seed in seeds:
            if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
                raise CampaignError(f"seeds must be non-negative integers, got {seed!r}")
        _unique("seed", seeds)
    labels = [a.label for a in c.algorithms]
    _unique("algorithm label", labels)
    problem_labels = [p.label for p in c.problems]
    _unique("problem label", problem_labels)
    for indicator in c.indicators:
        _check(check_choice, "indicator", indicator, INDICATORS)
    _check(check_choice, "baseline", c.baseline, labels)
    if len(c.tables) > 1 and not all(t.title for t in c.tables):
        raise CampaignError("with several [[table]] sections, each needs a 'title'")
    _unique("table title", [t.title for t in c.tables])
    for t in c.tables:
        if not t.algorithms:
            raise CampaignError(f"table {t.title!r} has no algorithms")
        for label in (*t.algorithms, *([t.baseline] if t.baseline else [])):
            _check(check_choice, f"algorithm of table {t.title!r}", label, labels)
        for label in t.problems:
            _check(check_choice, f"problem of table {t.title!r}", label, problem_labels)
    for a in c.algorithms:
        for label in a.problems:
            _check(check_choice, f"problem of algorithm {a.label!r}", label, problem_labels)
    _check_references(c)
    for p in c.problems:
        if p.evals is not None:
            _positive_int(f"evals of problem {p.label!r}", p.evals)
        if p.trace_every is not None:
            _positive_int(f"trace_every of problem {p.label!r}", p.trace_every)
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
    from evogan.budget import check_budget
    from evogan.lookup import get_multitask_problem, get_problem, is_multitask
    from evogan.multitask.suite import METHODS, method_info

    kinds = {a.multitask for a in c.algorithms}
    if len(kinds) > 1:
        methods = [a.label for a in c.algorithms if a.multitask]
        raise CampaignError(
            f"campaign {c.name!r} mixes multitask methods ({', '.join(methods)}) with "
            "single-task algorithms; give each kind a campaign of its own"
        )
    for a in c.algorithms:
        if "pop_size" in a.options:
            raise CampaignError(
                f"algorithm {a.label!r} sets pop_size; the campaign's pop_size is the one used"
            )
        try:
            if a.multitask:
                method_info(a.name).check(a.options, c.pop_size)
            else:
                check_options(a.name, {"pop_size": c.pop_size, **a.options})
        except (OptionError, ValueError) as exc:
            raise CampaignError(f"algorithm {a.label!r} ({a.name}): {exc}") from exc
    for p in c.problems:
        if p.pop_size is not None:
            _positive_int(f"pop_size of problem {p.label!r}", p.pop_size)
            for a in c.algorithms:
                if not a.multitask:
                    _check(check_options, a.name, {"pop_size": p.pop_size, **a.options})
        pop_size = p.pop_size or c.pop_size
        budget = p.evals or c.evals
        subject = f"budget {budget} of problem {p.label!r}"
        if c.multitask:
            problem = _check(get_multitask_problem, p.name, **p.params)
            c._n_tasks[p.label] = problem.n_tasks
            _check(check_budget, budget, pop_size, problem.n_tasks, subject=subject)
            continue
        if is_multitask(p.name):
            raise CampaignError(
                f"{p.name!r} is a multitask problem: solve it with multitask methods "
                f"({', '.join(METHODS)}), or run the algorithms on its tasks "
                f"('{p.name.lower()}-t1', ...)"
            )
        _check(get_problem, p.name, **p.params)
        _check(check_budget, budget, pop_size, subject=subject)


def _check_references(c: Campaign) -> None:
    from evogan.experiment.references import REFERENCES

    labels = [a.label for a in c.algorithms]
    for r in c.references:
        _check(check_choice, "reference source", r.source, tuple(REFERENCES))
        _check(check_choice, f"algorithm of reference {r.source!r}", r.versus, labels)
        if REFERENCES[r.source].indicator not in c.indicators:
            raise CampaignError(
                f"reference {r.source!r} gives {REFERENCES[r.source].indicator}, which the "
                "campaign does not report"
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
    "keep_x",
    "algorithm",
    "problem",
    "table",
    "reference",
}
_ALGORITHM_KEYS = {"name", "options", "label", "seeds", "problems"}
_TABLE_KEYS = {"title", "algorithms", "baseline", "problems"}
_REFERENCE_KEYS = {"source", "versus", "label"}
_PROBLEM_KEYS = {"name", "names", "params", "evals", "label", "pop_size", "trace_every"}


def load_campaign(path: str | Path) -> Campaign:
    """Read and validate a campaign TOML file (see the module docstring for the format).

    Raises:
        CampaignError: the file is missing or not valid TOML, a key is unknown or of the
            wrong type, or the campaign fails ``Campaign``'s checks.
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
    """A ``Campaign`` from the parsed TOML tables; ``store`` is taken relative to ``base``."""
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
        keep_x=_typed("keep_x", data.get("keep_x", True), bool),
        tables=tuple(_table(t) for t in _tables(data, "table")),
        references=tuple(_reference(r) for r in _tables(data, "reference")),
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
        seeds=_seeds(table["seeds"]) if "seeds" in table else None,
        problems=tuple(_typed("algorithm problems", table.get("problems", []), list)),
    )


def _table(table: dict[str, Any]) -> TableSpec:
    _known_keys("[[table]]", table, _TABLE_KEYS)
    if "algorithms" not in table:
        raise CampaignError(f"[[table]] {table} has no 'algorithms'")
    return TableSpec(
        title=_typed("table title", table.get("title", ""), str),
        algorithms=tuple(_typed("table algorithms", table["algorithms"], list)),
        baseline=_typed("table baseline", table.get("baseline", ""), str),
        problems=tuple(_typed("table problems", table.get("problems", []), list)),
    )


def _reference(table: dict[str, Any]) -> ReferenceEntry:
    _known_keys("[[reference]]", table, _REFERENCE_KEYS)
    if "source" not in table or "versus" not in table:
        raise CampaignError(f"[[reference]] {table} needs 'source' and 'versus'")
    return ReferenceEntry(
        source=_typed("reference source", table["source"], str),
        versus=_typed("reference versus", table["versus"], str),
        label=_typed("reference label", table.get("label", ""), str),
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
            pop_size=table.get("pop_size"),
            trace_every=table.get("trace_every"),
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
