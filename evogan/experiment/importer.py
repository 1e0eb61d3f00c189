"""Import the JSONL records of the old benchmark scripts into a campaign's store, so that
nothing is computed again.

Each record is matched to the campaign's run with the same settings (problem and its
parameters, algorithm name and options, seed, budget, population, trace period) and
stored under that run's key with what the record holds: the indicators, the seconds,
E-GAN's mutation shares or the transfer counts. Records hold no final front: the rows get
empty ``X``, ``F`` and trace, and ``extra["imported"]`` lists what was missing. After an
import, ``run_campaign`` finds those runs stored.

Three shapes of record are read:

- the single-task scripts' (``gmoea_imf``, ``egan_imf``): ``problem``, ``n_var``,
  ``algorithm`` (a spec such as ``"gmoea:lr_g=1e-12"``), ``seed``, ``evals``,
  ``pop_size``, ``igd``, ``hv``, ``n_evals``, ``seconds``;
- one task of a multitask problem run alone (``cec17_nsga2``): ``problem`` (``"CIHS"``),
  ``task`` (0-based), ``seed``, ``igd``, ``seconds``;
- a multitask run (``multitask_cec17``): ``problem``, ``method``, ``seed``, ``evals``,
  ``pop_size``, the method's options (``algorithm``, ``fraction``, ``period``...),
  ``igd`` (one per task), ``seconds``, ``transfer_stats``.

What a record leaves out (the scripts fixed it) is given as ``assume``: record-level
settings (``algorithm``, ``evals``, ``pop_size``, ``n_var``, ``trace_every``), or options of
the multitask method (``direct``, ``device``), each used only where a record lacks it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from evogan.errors import EvoganError, OptionError
from evogan.experiment.campaign import Campaign, Task, task_label
from evogan.experiment.store import Run, RunStore
from evogan.options import Option

__all__ = ["ImportSummary", "import_records", "read_records"]

#: Record-level settings ``assume`` can supply, with their type.
SETTINGS = {"algorithm": str, "evals": int, "pop_size": int, "n_var": int, "trace_every": int}

Record = dict[str, Any]


@dataclass
class ImportSummary:
    """What ``import_records`` did.

    Attributes:
        records: records read.
        imported: runs stored (a multitask run counts once).
        rows: rows stored.
        stored: records whose run the store already held (kept as it was).
        duplicates: records of a run another record had already given.
        unmatched: ``(line, reason)`` of each record that matches no run of the campaign.
        missing: runs of the campaign that no record gave.
    """

    records: int = 0
    imported: int = 0
    rows: int = 0
    stored: int = 0
    duplicates: int = 0
    unmatched: list[tuple[int, str]] = field(default_factory=list)
    missing: int = 0


def read_records(path: str | Path) -> list[Record]:
    """The records of a JSONL file; a torn last line (an interrupted write) is skipped.

    Raises:
        EvoganError: the file cannot be read.
    """
    try:
        text = Path(path).read_text()
    except OSError as exc:
        raise EvoganError(f"cannot read records {str(path)!r}: {exc}") from exc
    records = []
    for line in text.splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return records


def import_records(
    campaign: Campaign,
    store: RunStore,
    records: Iterable[Record],
    *,
    assume: Mapping[str, Any] | None = None,
    source: str = "",
) -> ImportSummary:
    """Store the runs ``records`` describe under the keys of ``campaign``'s runs.

    Args:
        campaign: the campaign the records belong to.
        store: where the runs go; a run it holds already is kept.
        records: the records (see the module docstring).
        assume: settings the records leave out, as text or values (see the module
            docstring), e.g. ``{"algorithm": "nsga2:prob_c=0.9", "evals": 100000}``.
        source: where the records came from (kept in each row's ``extra["imported"]``,
            with ``assume``).

    Returns:
        The counts of what was imported, skipped and left unmatched.

    Raises:
        OptionError: an ``assume`` key that is neither a setting nor an option of the
            campaign's methods, or a value it does not take.
    """
    assume = _checked_assume(campaign, dict(assume or {}))
    by_settings: dict[str, list[Task]] = {}
    for task in campaign.tasks():
        by_settings.setdefault(_task_settings(task), []).append(task)
    stored = store.keys()
    seen: set[str] = set()
    summary = ImportSummary()
    for line, record in enumerate(records, start=1):
        summary.records += 1
        try:
            settings, spec = _record_settings(campaign, record, assume)
        except (KeyError, TypeError, ValueError, OptionError) as exc:
            summary.unmatched.append((line, f"unreadable record ({type(exc).__name__}: {exc})"))
            continue
        match = _pick(by_settings.get(settings, []), spec)
        if match is None:
            summary.unmatched.append((line, f"no run of the campaign matches {_brief(record)}"))
            continue
        if match.key in seen:
            summary.duplicates += 1
            continue
        seen.add(match.key)
        if stored.issuperset(match.row_keys()):
            summary.stored += 1
            continue
        rows = _rows(match, record, {"from": source, "assume": assume})
        store.add_all(rows)
        summary.imported += 1
        summary.rows += len(rows)
    summary.missing = sum(
        not (t.key in seen or stored.issuperset(t.row_keys())) for t in campaign.tasks()
    )
    return summary


def _checked_assume(campaign: Campaign, assume: dict[str, Any]) -> dict[str, Any]:
    """``assume`` with its values converted: settings to their type, options by the
    declaration of a method of the campaign that has them."""
    from evogan.multitask.suite import method_info

    declared: dict[str, Option] = {}
    for a in campaign.algorithms:
        if a.multitask:
            declared.update(method_info(a.name).options)
    checked = {}
    for key, value in assume.items():
        if key in SETTINGS:
            kind = SETTINGS[key]
            try:
                checked[key] = kind(value) if isinstance(value, str) else value
            except ValueError:
                raise OptionError(f"assumed {key} must be an integer, got {value!r}") from None
        elif key in declared:
            option = declared[key]
            checked[key] = option.parse(value) if isinstance(value, str) else option.check(value)
        else:
            valid = ", ".join([*SETTINGS, *declared])
            raise OptionError(f"unknown setting {key!r} to assume; valid: {valid}")
    return checked


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _algorithm_settings(name: str, options: Mapping[str, Any], pop_size: int) -> dict[str, Any]:
    """Every option of a registry algorithm or multitask method, defaults filled in; a base
    algorithm spec as its name and options."""
    from evogan.algorithms.registry import algorithm_info, check_options, parse_spec
    from evogan.multitask.suite import METHODS

    if name in METHODS:
        settings = METHODS[name].settings(dict(options))
        if "algorithm" in settings:
            base, base_options = parse_spec(settings["algorithm"])
            settings["algorithm"] = [base, _algorithm_settings(base, base_options, pop_size)]
        return settings
    checked = check_options(name, {"pop_size": pop_size, **options})
    return {**algorithm_info(name).options.defaults(), **checked}


def _task_settings(task: Task) -> str:
    return _canonical(
        [
            task.problem.lower(),
            task.params,
            task.algorithm,
            _algorithm_settings(task.algorithm, task.options, task.pop_size),
            task.seed,
            task.evals,
            task.pop_size,
            None if task.multitask else task.trace_every,
        ]
    )


def _record_settings(
    campaign: Campaign, record: Record, assume: Mapping[str, Any]
) -> tuple[str, str]:
    """The settings of the run ``record`` describes (in the form of ``_task_settings``),
    and its algorithm spec or method (to choose between runs of equal settings)."""
    from evogan.algorithms.registry import parse_spec
    from evogan.multitask.suite import method_info
    from evogan.run import HISTORY_EVERY

    def get(key: str) -> Any:
        return record[key] if key in record else assume[key]

    problem = str(record["problem"]).lower()
    pop_size = get("pop_size")
    if "method" in record:  # a multitask run
        info = method_info(record["method"])
        given = {**{k: v for k, v in assume.items() if k in info.options}, **record}
        options = {k: given[k] for k in info.options if k in given}
        settings = _algorithm_settings(info.name, options, pop_size)
        name, spec, trace_every = info.name, info.name, None
    else:
        if "task" in record:  # one task of a multitask problem, run alone
            problem = task_label(problem, int(record["task"]))
        spec = get("algorithm")
        name, options = parse_spec(spec)
        settings = _algorithm_settings(name, options, pop_size)
        trace_every = record.get("trace_every", assume.get("trace_every", HISTORY_EVERY))
    params = {"n_var": get("n_var")} if "n_var" in {*record, *assume} else {}
    return (
        _canonical(
            [problem, params, name, settings, record["seed"], get("evals"), pop_size, trace_every]
        ),
        spec,
    )


#: Fields of a record that hold results, not settings.
RESULTS = {
    "igd",
    "hv",
    "n_evals",
    "seconds",
    "finished",
    "transfer_stats",
    "mutations",
    "mutation_shares",
}


def _brief(record: Record) -> str:
    """The settings of a record, for messages."""
    return ", ".join(f"{k}={v}" for k, v in record.items() if k not in RESULTS)


def _pick(tasks: list[Task], spec: str) -> Task | None:
    """The run a record belongs to among those of equal settings: the only one, else the
    one labelled as the record's algorithm spec."""
    if len(tasks) == 1:
        return tasks[0]
    labelled = [t for t in tasks if t.algorithm_label == spec]
    return labelled[0] if len(labelled) == 1 else None


def _rows(task: Task, record: Record, origin: dict[str, Any]) -> list[Run]:
    """The rows of ``task`` from its record (one per task of a multitask run); ``origin``
    (the records' file and what was assumed) goes into each row's ``extra["imported"]``
    with the list of what the record lacked."""
    missing = ["X", "F", "trace", "versions", "device", "host"]
    if "hv" not in record:
        missing.append("hv")
    if "n_evals" not in record:
        missing.append("n_evals")
    imported = {**origin, "missing": missing}
    igds = record["igd"] if task.multitask else [record["igd"]]
    stats = record.get("transfer_stats") or [None] * len(igds)
    rows = []
    for t, (key, label) in enumerate(zip(task.row_keys(), task.row_labels(), strict=True)):
        extra: dict[str, Any] = {"imported": imported}
        if task.multitask:
            extra["task"] = t
        if stats[t] is not None:
            extra["transfer"] = dict(stats[t])
        for name in ("mutations", "mutation_shares"):
            if name in record:
                extra[name] = record[name]
        rows.append(
            Run(
                key=key,
                algorithm=task.algorithm_label,
                problem=label,
                seed=task.seed,
                config=task.config(),
                X=np.empty((0, 0)),
                F=np.empty((0, 0)),
                hv=float(record.get("hv", float("nan"))),
                igd=_float(igds[t]),
                n_evals=int(record.get("n_evals", task.evals // task.n_tasks)),
                seconds=float(record["seconds"]),
                trace=[],
                versions={},
                device="",
                host="",
                finished=str(record.get("finished", "")),
                extra=extra,
            )
        )
    return rows


def _float(x: Any) -> float:
    return float("nan") if x is None else float(x)
