"""The shared harness of the benchmark scripts: resumable runs and Markdown tables.

A run is a task record (problem, n_var, algorithm spec, seed, budget, N) completed with its
results. Records are appended to a JSONL file as each run finishes, and a rerun skips the
runs already recorded, so an interrupted benchmark loses nothing. The tables report mean ±
std IGD with Wilcoxon +/-/= marks against a baseline, and median seconds per run.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import shlex
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from statistics import median
from typing import Any

from evogan.algorithms.registry import parse_spec, with_device
from evogan.errors import EvoganError
from evogan.experiment.report import machine
from evogan.run import run_named
from evogan.stats import count_signs, format_mean_std, mean_std, wilcoxon_sign
from evogan.threads import init_worker

Record = dict[str, Any]


def run_key(r: Record) -> tuple:
    return (r["problem"], r["n_var"], r["algorithm"], r["seed"], r["evals"], r["pop_size"])


def load_records(path: Path) -> list[Record]:
    """The records of ``path``; a torn last line (an interrupted write) is skipped."""
    if not path.exists():
        return []
    records = []
    for line in path.read_text().splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return records


def run_task(task: Record, device: str | None) -> Record:
    """One run from a task record; returns the record completed with its results."""
    name, options = parse_spec(task["algorithm"])
    options = with_device(name, options, device)
    result = run_named(
        task["problem"],
        name,
        task["seed"],
        task["evals"],
        pop_size=task["pop_size"],
        problem_params={"n_var": task["n_var"]},
        algorithm_options=options,
        algorithm_name=task["algorithm"],
    )
    record = {
        **task,
        "igd": result.igd,
        "hv": result.hv,
        "n_evals": result.n_evals,
        "seconds": result.seconds,
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    history = result.mutation_history
    if history is not None:  # E-GAN: which mutation the survivors came from, over the run
        total = history.survivors.sum(axis=0)
        record["mutations"] = list(history.mutations)
        record["mutation_shares"] = (total / max(total.sum(), 1)).tolist()
    return record


def run_missing(tasks: list[Record], runs_path: Path, jobs: int, device: str | None) -> int:
    """Run the tasks not yet in ``runs_path``, appending each record as it finishes."""
    done = {run_key(r) for r in load_records(runs_path)}
    todo = [t for t in tasks if run_key(t) not in done]
    print(f"{len(tasks) - len(todo)} runs recorded, {len(todo)} to run", file=sys.stderr)
    failures = 0
    runs_path.parent.mkdir(parents=True, exist_ok=True)
    with runs_path.open("a") as sink:

        def record(rec: Record, k: int) -> None:
            sink.write(json.dumps(rec) + "\n")
            sink.flush()
            print(
                f"[{k}/{len(todo)}] {rec['problem']} {rec['algorithm']} seed {rec['seed']}: "
                f"IGD {rec['igd']:.4g} ({rec['seconds']:.1f} s)",
                file=sys.stderr,
            )

        if jobs == 1:
            init_worker()
            for k, task in enumerate(todo, 1):
                try:
                    record(run_task(task, device), k)
                except EvoganError as exc:
                    failures += 1
                    print(f"failed {task}: {exc}", file=sys.stderr)
            return failures
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=init_worker) as pool:
            futures = {pool.submit(run_task, task, device): task for task in todo}
            for k, future in enumerate(as_completed(futures), 1):
                try:
                    record(future.result(), k)
                except Exception as exc:  # one failed run must not lose the others
                    failures += 1
                    print(f"failed {futures[future]}: {exc!r}", file=sys.stderr)
    return failures


def igd_table(
    records: list[Record], problems: Sequence[str], specs: Sequence[str], baseline: str | None
) -> list[str]:
    """Markdown rows: mean ± std IGD, best mean in bold, +/-/= against ``baseline``."""
    lines = [
        "| problem | " + " | ".join(specs) + " |",
        "|---|" + "---|" * len(specs),
    ]
    for problem in problems:
        igds = {s: igd_values(records, problem, s) for s in specs}
        means = {s: mean_std(v)[0] for s, v in igds.items() if v}
        best = min(means.values()) if means else None
        cells = []
        for s in specs:
            cell = format_mean_std(igds[s])
            if igds[s] and math.isclose(means[s], best, rel_tol=1e-12):
                cell = f"**{cell}**"
            if baseline in igds and s != baseline and igds[s]:
                cell += " " + wilcoxon_sign(igds[s], igds[baseline], higher_is_better=False)
            cells.append(cell + count_note(igds[s], records, problem))
        lines.append(f"| {problem.upper()} | " + " | ".join(cells) + " |")
    return lines


def igd_values(records: list[Record], problem: str, spec: str) -> list[float]:
    return [r["igd"] for r in records if r["problem"] == problem and r["algorithm"] == spec]


def count_note(values: list[float], records: list[Record], problem: str) -> str:
    seeds = {r["seed"] for r in records if r["problem"] == problem}
    return f" (n={len(values)})" if len(values) < len(seeds) else ""


def summary(
    records: list[Record], problems: Sequence[str], specs: Sequence[str], baseline: str
) -> list[str]:
    """For each algorithm: on how many problems its mean IGD beats the baseline's."""
    lines = []
    base = {p: igd_values(records, p, baseline) for p in problems}
    for s in specs:
        if s == baseline:
            continue
        have = [p for p in problems if igd_values(records, p, s) and base[p]]
        lower = sum(_lower(igd_values(records, p, s), base[p]) for p in have)
        signs = [wilcoxon_sign(igd_values(records, p, s), base[p], False) for p in have]
        lines.append(
            f"- {s} vs {baseline}: lower mean IGD on {lower}/{len(have)} problems; "
            f"significantly better/worse/equal (+/-/=) {count_signs(signs)}"
        )
    return lines


def _lower(values: list[float], baseline: list[float]) -> bool:
    a, b = mean_std(values)[0], mean_std(baseline)[0]
    return a < b and not math.isclose(a, b, rel_tol=1e-12)


def seconds_table(records: list[Record], specs: Sequence[str]) -> list[str]:
    lines = ["| algorithm | median s per run | runs |", "|---|---|---|"]
    for s in specs:
        secs = [r["seconds"] for r in records if r["algorithm"] == s]
        value = f"{median(secs):.2f}" if secs else "n/a"
        lines.append(f"| {s} | {value} | {len(secs)} |")
    return lines


def footer(env: str = "") -> list[str]:
    """Closing lines of a results file: the machine, and the command with ``env`` before it."""
    return [
        "",
        "Machine:",
        *machine(),
        "",
        "Command:",
        "",
        f"    {env}python {shlex.join(sys.argv)}",
    ]
