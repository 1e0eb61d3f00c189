"""E-GAN mode and the loss family against GMOEA and NSGA-II (IMF1-10, ZDT1, DTLZ2).

E-GAN mode (``egan``), GMOEA's default (``gmoea``) and NSGA-II on IMF1-10 (30 variables),
ZDT1 (30 variables) and DTLZ2 (3 objectives, 12 variables), N = 100, 10,000 evaluations;
then GMOEA with each other loss of the family (``gmoea:gan_loss=...``) on the same set.
The main algorithms run first, all seeds, so that a run cut short still has the main
table; ``--ablation`` E-GAN variants run last. Every finished run is appended to
``<out>/egan_imf.runs.jsonl`` at once and a rerun skips recorded runs. The report
``<out>/egan_imf.md`` gives mean ± std IGD, Wilcoxon +/-/= against GMOEA, the mean
survivor share of each E-GAN mutation, and median seconds.

    python benchmarks/egan_imf.py --seeds 10
    python benchmarks/egan_imf.py --seeds 3 --problems imf1,imf2 --losses ""
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
from evogan.gan.losses import get_loss
from evogan.lookup import problem_names

NAME = "egan_imf"
IMF = tuple(f"imf{i}" for i in range(1, 11))
PROBLEMS = (*IMF, "zdt1", "dtlz2")
N_VAR = {**{p: 30 for p in IMF}, "zdt1": 30, "dtlz2": 12}
LOSSES = ("minimax", "ls", "wgan-gp", "hinge", "rsgan")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--seeds", type=int, default=10, help="run seeds 1..SEEDS (default 10)")
    p.add_argument("--algorithms", default="egan,gmoea,nsga2", help="main specs, comma-separated")
    p.add_argument("--baseline", default="gmoea", help="marks are against this one")
    p.add_argument("--losses", default=",".join(LOSSES), help="GMOEA losses to run after them")
    p.add_argument("--ablation", default="", help="E-GAN variants run last, e.g. egan:mu=2")
    p.add_argument("--problems", default=",".join(PROBLEMS), help="comma-separated")
    p.add_argument("--pop-size", type=int, default=100)
    p.add_argument("--evals", type=int, default=10000)
    p.add_argument("--device", default=None, help="GAN device (default: the algorithms' own)")
    p.add_argument("--out", default=str(Path(__file__).parent / "results"), help="results folder")
    p.add_argument("--report-only", action="store_true", help="rebuild the report, run nothing")
    return p.parse_args(argv)


def loss_specs(args: argparse.Namespace) -> list[str]:
    return [f"gmoea:gan_loss={loss}" for loss in split_specs(args.losses)]


def make_tasks(args: argparse.Namespace, *groups: Sequence[str]) -> list[Record]:
    """Tasks in run order: group by group; within a group seed by seed, then problem by
    problem, the specs side by side (a run cut short leaves comparable seeds, and the
    specs share the machine's load alike)."""
    return [
        {
            "problem": problem,
            "n_var": N_VAR.get(problem, 30),
            "algorithm": spec,
            "seed": seed,
            "evals": args.evals,
            "pop_size": args.pop_size,
        }
        for specs in groups
        for seed in range(1, args.seeds + 1)
        for problem in split_specs(args.problems)
        for spec in specs
    ]


def mutation_lines(records: list[Record], problems: Sequence[str], spec: str) -> list[str]:
    """Mean share of ``spec``'s E-GAN survivors produced by each mutation, per problem."""
    rows = [r for r in records if r["algorithm"] == spec and r.get("mutations")]
    if not rows:
        return []
    names = list(rows[0]["mutations"])
    lines = ["| problem | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for problem in problems:
        shares = [r["mutation_shares"] for r in rows if r["problem"] == problem]
        if shares:
            means = [sum(s[k] for s in shares) / len(shares) for k in range(len(names))]
            lines.append(f"| {problem.upper()} | " + " | ".join(f"{m:.2f}" for m in means) + " |")
    return lines


def report(
    args: argparse.Namespace,
    main: list[str],
    losses: list[str],
    ablation: list[str],
    argv: list[str],
) -> str:
    problems = split_specs(args.problems)
    wanted = {run_key(t) for t in make_tasks(args, main, losses, ablation)}
    records = [r for r in load_records(runs_path(args)) if run_key(r) in wanted]
    baseline = args.baseline if args.baseline in main else None
    imf = [p for p in problems if p in IMF]
    lines = [
        f"# E-GAN mode and the loss family (N = {args.pop_size}, {args.evals} evaluations, "
        f"seeds 1..{args.seeds})",
        "",
        "IMF1-10 and ZDT1 with 30 variables, DTLZ2 with 3 objectives and 12 variables. "
        "Mean ± std of IGD (lower is better) over seeds; best mean in bold. "
        f"+/-/=: Wilcoxon rank-sum (p < 0.05) against {baseline or 'no baseline'} "
        "(+ = significantly lower IGD). (n=k): only k runs recorded.",
        "",
        "## E-GAN mode, GMOEA, NSGA-II",
        "",
        *igd_table(records, problems, main, baseline),
        "",
    ]
    if baseline:
        lines += [
            "On IMF1-10:",
            "",
            *summary(records, imf, main, baseline),
            "",
            "On all problems:",
            "",
            *summary(records, problems, main, baseline),
            "",
        ]
    for spec in main + ablation:
        shares = mutation_lines(records, problems, spec)
        if shares:
            lines += [
                f"## Which mutation the survivors of {spec} came from",
                "",
                "Mean share of surviving generators produced by each mutation (over all "
                "steps of a run, then over seeds).",
                "",
                *shares,
                "",
            ]
    if losses:
        columns = losses + ([baseline] if baseline else [])
        lines += [
            "## The loss family inside GMOEA",
            "",
            *igd_table(records, problems, columns, baseline),
        ]
        if baseline:
            lines += ["", *summary(records, problems, columns, baseline)]
        lines.append("")
    if ablation:
        columns = ablation + ([baseline] if baseline else [])
        lines += ["## E-GAN variants", "", *igd_table(records, problems, columns, baseline)]
        if baseline:
            lines += ["", *summary(records, imf, columns, baseline)]
        lines.append("")
    lines += [
        "## Time",
        "",
        *seconds_table(records, main + losses + ablation),
        "",
        "## Machine",
        "",
        *machine(),
        "",
        "## Command",
        "",
        "```",
        shlex.join(["python", "benchmarks/egan_imf.py", *argv]),
        "```",
        "",
    ]
    return "\n".join(lines)


def runs_path(args: argparse.Namespace) -> Path:
    return Path(args.out) / f"{NAME}.runs.jsonl"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    try:
        main_specs = split_specs(args.algorithms)
        losses = loss_specs(args)
        ablation = split_specs(args.ablation)
        for spec in main_specs + ablation:
            parse_spec(spec)  # fail before any run on a bad name
        for loss in split_specs(args.losses):
            get_loss(loss)
        for problem in split_specs(args.problems):
            check_choice("problem", problem, sorted(problem_names()))
        if args.seeds < 1:
            raise EvoganError("--seeds must be at least 1")
    except EvoganError as exc:
        print(f"egan_imf: error: {exc}", file=sys.stderr)
        return 2
    failures = 0
    if not args.report_only:
        tasks = make_tasks(args, main_specs, losses, ablation)
        failures = run_missing(tasks, runs_path(args), 1, args.device)
    md = Path(args.out) / f"{NAME}.md"
    md.parent.mkdir(parents=True, exist_ok=True)
    md.write_text(report(args, main_specs, losses, ablation, argv))
    print(f"wrote {md}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
