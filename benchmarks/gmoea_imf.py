"""GMOEA against NSGA-II on IMF1-10 (30 variables, N = 100, 10,000 evaluations).

Every finished run is appended to ``<out>/gmoea_imf.runs.jsonl`` at once, so an interrupted
benchmark loses nothing; a rerun skips the runs already recorded (same problem, n_var,
algorithm spec, seed, budget and N). The report ``<out>/gmoea_imf.md`` is rebuilt from the
records: mean ± std IGD per problem and algorithm, the best mean in bold, Wilcoxon +/-/=
against the baseline (NSGA-II), summary counts, median seconds, machine and command line.

Algorithm specs may carry GMOEA options, ``gmoea:n_elites=30,epochs=50``; ``--ablation``
takes such specs and reports them in a separate table (also written alone to
``--ablation-out`` when given).

    python benchmarks/gmoea_imf.py --seeds 10 --jobs 2
    python benchmarks/gmoea_imf.py --problems imf1 --seeds 3 --ablation gmoea:n_elites=30
"""

from __future__ import annotations

import argparse
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

from evogan.algorithms.registry import parse_spec, split_specs
from evogan.errors import EvoganError, check_choice
from evogan.experiment.report import machine
from evogan.run import init_worker, problem_names, run_named
from evogan.stats import count_signs, format_mean_std, mean_std, wilcoxon_sign

NAME = "gmoea_imf"
PROBLEMS = tuple(f"imf{i}" for i in range(1, 11))
Record = dict[str, Any]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--seeds", type=int, default=10, help="run seeds 1..SEEDS (default 10)")
    p.add_argument("--algorithms", default="gmoea,gmoea-reference,nsga2", help="comma-separated")
    p.add_argument("--baseline", default="nsga2", help="marks are against this one")
    p.add_argument("--problems", default=",".join(PROBLEMS), help="comma-separated")
    p.add_argument("--n-var", type=int, default=30)
    p.add_argument("--pop-size", type=int, default=100)
    p.add_argument("--evals", type=int, default=10000)
    p.add_argument("--jobs", type=int, default=2, help="worker processes (1 torch thread each)")
    p.add_argument("--device", default=None, help="GMOEA device (default: GMOEA's own)")
    p.add_argument("--out", default=str(Path(__file__).parent / "results"), help="results folder")
    p.add_argument("--ablation", default="", help="GMOEA variants, e.g. gmoea:n_elites=30")
    p.add_argument("--ablation-out", default=None, help="also write the ablation table here")
    p.add_argument("--report-only", action="store_true", help="rebuild the report, run nothing")
    p.add_argument(
        "--seeds-for",
        action="append",
        default=[],
        metavar="SPEC=N",
        help="run only seeds 1..N of one algorithm spec (e.g. gmoea-reference=3, for slow ones)",
    )
    p.add_argument("--ablation-seeds", type=int, default=None, help="seeds per ablation spec")
    return p.parse_args(argv)


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


def seed_counts(args: argparse.Namespace) -> dict[str, int]:
    """Seeds per spec where ``--seeds-for`` or ``--ablation-seeds`` lower ``--seeds``."""
    counts = {
        spec: args.ablation_seeds for spec in split_specs(args.ablation) if args.ablation_seeds
    }
    for item in args.seeds_for:
        spec, eq, n = item.rpartition("=")
        if not eq or not n.isdigit() or int(n) < 1:
            raise EvoganError(f"--seeds-for takes SPEC=N with N >= 1, got {item!r}")
        counts[spec] = int(n)
    return counts


def make_tasks(args: argparse.Namespace, specs: Sequence[str]) -> list[Record]:
    counts = seed_counts(args)
    return [
        {
            "problem": problem,
            "n_var": args.n_var,
            "algorithm": spec,
            "seed": seed,
            "evals": args.evals,
            "pop_size": args.pop_size,
        }
        for problem in split_specs(args.problems)
        for spec in specs
        for seed in range(1, counts.get(spec, args.seeds) + 1)
    ]


def run_task(task: Record, device: str | None) -> Record:
    """One run from a task record; returns the record completed with its results."""
    name, options = parse_spec(task["algorithm"])
    if device is not None and name.startswith("gmoea"):
        options = {"device": device, **options}
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
    return {
        **task,
        "igd": result.igd,
        "hv": result.hv,
        "n_evals": result.n_evals,
        "seconds": result.seconds,
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }


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


def wanted_records(args: argparse.Namespace, specs: list[str]) -> list[Record]:
    """The recorded runs of this configuration (other budgets, seeds or sizes left out)."""
    wanted = {run_key(t) for t in make_tasks(args, specs)}
    return [r for r in load_records(runs_path(args)) if run_key(r) in wanted]


def report(args: argparse.Namespace, specs: list[str], ablation: list[str], argv: list[str]) -> str:
    problems = split_specs(args.problems)
    records = wanted_records(args, specs + ablation)
    baseline = args.baseline if args.baseline in specs else None
    lines = [
        f"# GMOEA on IMF1-10 ({args.n_var} variables, N = {args.pop_size}, "
        f"{args.evals} evaluations, seeds 1..{args.seeds})",
        "",
        "Mean ± std of IGD (lower is better) over seeds; best mean in bold. "
        f"+/-/=: Wilcoxon rank-sum (p < 0.05) against {baseline or 'no baseline'} "
        "(+ = significantly lower IGD). (n=k): only k runs recorded.",
        "",
        *igd_table(records, problems, specs, baseline),
        "",
    ]
    if baseline:
        lines += ["## Summary", "", *summary(records, problems, specs, baseline), ""]
    if ablation:
        lines += ["## Ablations", "", *ablation_lines(records, problems, ablation, baseline), ""]
    lines += [
        "## Time",
        "",
        *seconds_table(records, specs + ablation),
        "",
        "## Machine",
        "",
        *machine(),
        "",
        "## Command",
        "",
        "```",
        shlex.join(["python", "benchmarks/gmoea_imf.py", *argv]),
        "```",
        "",
    ]
    return "\n".join(lines)


def ablation_lines(
    records: list[Record], problems: Sequence[str], ablation: list[str], baseline: str | None
) -> list[str]:
    columns = ablation + ([baseline] if baseline else [])
    lines = igd_table(records, problems, columns, baseline)
    if baseline:
        lines += ["", *summary(records, problems, columns, baseline)]
    return lines


def runs_path(args: argparse.Namespace) -> Path:
    return Path(args.out) / f"{NAME}.runs.jsonl"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    try:
        specs = split_specs(args.algorithms)
        ablation = split_specs(args.ablation)
        for spec in specs + ablation:
            parse_spec(spec)  # fail before any run on a bad name
        known = set(problem_names())
        for problem in split_specs(args.problems):
            check_choice("problem", problem, sorted(known))
        seed_counts(args)
        if args.seeds < 1 or args.jobs < 1:
            raise EvoganError("--seeds and --jobs must be at least 1")
    except EvoganError as exc:
        print(f"gmoea_imf: error: {exc}", file=sys.stderr)
        return 2
    failures = 0
    if not args.report_only:
        tasks = make_tasks(args, specs + ablation)
        failures = run_missing(tasks, runs_path(args), args.jobs, args.device)
    text = report(args, specs, ablation, argv)
    md = Path(args.out) / f"{NAME}.md"
    md.parent.mkdir(parents=True, exist_ok=True)
    md.write_text(text)
    print(f"wrote {md}", file=sys.stderr)
    if ablation and args.ablation_out:
        problems = split_specs(args.problems)
        baseline = args.baseline if args.baseline in specs else None
        records = wanted_records(args, specs + ablation)
        lines = ablation_lines(records, problems, ablation, baseline)
        Path(args.ablation_out).write_text("\n".join(["# GMOEA ablations", "", *lines, ""]))
        print(f"wrote {args.ablation_out}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
