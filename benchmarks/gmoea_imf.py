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
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from harness import (
    Record,
    igd_table,
    load_records,
    machine,
    run_key,
    run_missing,
    seconds_table,
    summary,
)

from evogan.algorithms.registry import parse_spec, split_specs
from evogan.errors import EvoganError, check_choice
from evogan.lookup import problem_names

NAME = "gmoea_imf"
PROBLEMS = tuple(f"imf{i}" for i in range(1, 11))


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
