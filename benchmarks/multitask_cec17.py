"""Multitask GAN transfer against single-task runs and MO-MFEA on the CEC 2017 MTMO suite.

All nine two-task problems (CIHS..NILS), the suite's budget of 200,000 evaluations per
problem (both tasks together), N = 100 per task, each task scored by the suite's official
IGD. Methods: ``transfer`` (evogan's solver: the base algorithm per task plus pairwise
transfer GANs), ``single`` (the same base algorithm on each task alone with half the
budget, same seeds) and ``momfea`` (MO-MFEA with the organisers' settings).

Runs go seed by seed (every method on every problem for seed 1, then seed 2, ...), one
process. Every finished run is appended to ``<out>/multitask_cec17.runs.jsonl`` at once; a
rerun skips recorded runs. The report ``<out>/multitask_cec17.md`` is rebuilt from the
records: per task mean ± std IGD, Wilcoxon +/-/= of the transfer solver against each
baseline, and the organisers' MO-MFEA means (30 runs) beside ours.

    python benchmarks/multitask_cec17.py --seeds 10
    # the published results, with the ablation of the GAN half:
    python benchmarks/multitask_cec17.py --algorithm nsga2,gmoea:period=10 --seeds 10 \
        --ablation-direct 1 --ablation-seeds 10
    python benchmarks/multitask_cec17.py --problems cihs --seeds 1   # timing of one problem
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from statistics import median
from typing import Any

import torch
from gmoea_imf import load_records, machine

from evogan.algorithms.registry import parse_spec, split_specs
from evogan.errors import EvoganError, check_choice
from evogan.multitask.solver import TransferConfig
from evogan.multitask.suite import METHODS, run_method
from evogan.stats import count_signs, format_mean_std, mean_std, wilcoxon_sign
from problems.cec17_mtmo import PROBLEMS, cec17_problem, momfea_igd

NAME = "multitask_cec17"
Record = dict[str, Any]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--seeds", type=int, default=10, help="run seeds 1..SEEDS (default 10)")
    p.add_argument("--problems", default=",".join(PROBLEMS), help="comma-separated")
    p.add_argument("--methods", default=",".join(METHODS), help="comma-separated")
    p.add_argument(
        "--algorithm",
        default="nsga2,gmoea:period=10",
        help="base algorithm(s) of transfer and single, comma-separated, run one after another",
    )
    p.add_argument("--evals", type=int, default=200_000, help="per problem, both tasks together")
    p.add_argument("--pop-size", type=int, default=100, help="per task")
    p.add_argument("--fraction", type=float, default=0.1, help="transfer offspring share")
    p.add_argument("--period", type=int, default=10, help="transfer GAN training period")
    p.add_argument("--direct", type=float, default=0.5, help="transfer offspring not mapped")
    p.add_argument(
        "--ablation-direct",
        default="",
        help="other values of --direct to run as an ablation of the transfer with the first "
        "base algorithm (e.g. 0,1)",
    )
    p.add_argument("--ablation-seeds", type=int, default=3, help="seeds 1..N of each ablation")
    p.add_argument("--epochs", type=int, default=20, help="transfer GAN epochs per round")
    p.add_argument("--rmp", type=float, default=0.9, help="MO-MFEA random mating probability")
    p.add_argument("--device", default="cpu", help="torch device of the GANs")
    p.add_argument("--out", default=str(Path(__file__).parent / "results"), help="results folder")
    p.add_argument("--report-only", action="store_true", help="rebuild the report, run nothing")
    return p.parse_args(argv)


def settings(args: argparse.Namespace, method: str, algorithm: str) -> dict[str, Any]:
    """What defines a run of ``method`` besides problem and seed (part of its key)."""
    common = {"evals": args.evals, "pop_size": args.pop_size}
    if method == "momfea":
        return {**common, "rmp": args.rmp}
    base = {**common, "algorithm": algorithm}
    if method == "transfer":
        transfer = {"fraction": args.fraction, "period": args.period, "epochs": args.epochs}
        return {**base, **transfer, "direct": args.direct}
    return base


def run_key(r: Record) -> str:
    keys = ("problem", "method", "seed", "evals", "pop_size", "rmp", "algorithm")
    keys += ("fraction", "period", "epochs")
    # Transfer records written before ``direct`` existed ran with every offspring mapped.
    direct = r.get("direct", 0.0 if r["method"] == "transfer" else None)
    return json.dumps([*(r.get(k) for k in keys), direct])


def make_tasks(args: argparse.Namespace) -> list[Record]:
    """Base by base, seed-major: a few seeds of everything before many seeds of anything.

    MO-MFEA has no base algorithm: its runs are listed once.
    """
    tasks: dict[str, Record] = {}
    for algorithm in args.base_list:
        ablation_seeds = args.ablation_seeds if algorithm == args.base_list[0] else 0
        for seed in range(1, args.seeds + 1):
            for problem in args.problem_list:
                for method in args.method_list:
                    task = {"problem": problem, "method": method, "seed": seed}
                    task.update(settings(args, method, algorithm))
                    tasks.setdefault(run_key(task), task)
        for seed in range(1, ablation_seeds + 1):
            for problem in args.problem_list:
                for direct in args.direct_list:
                    task = {"problem": problem, "method": "transfer", "seed": seed}
                    task.update(settings(args, "transfer", algorithm), direct=direct)
                    tasks.setdefault(run_key(task), task)
    return list(tasks.values())


def run_task(task: Record, device: str) -> Record:
    problem = cec17_problem(task["problem"])
    transfer = None
    if task["method"] == "transfer":
        keys = ("fraction", "period", "epochs", "direct")
        transfer = TransferConfig(**{k: task[k] for k in keys})
    outcome = run_method(
        problem,
        task["method"],
        task["seed"],
        task["evals"],
        algorithm=task.get("algorithm", "gmoea"),
        pop_size=task["pop_size"],
        transfer=transfer,
        rmp=task.get("rmp", 0.9),
        device=device,
    )
    extra = getattr(outcome.results[0], "transfer", None)
    return {
        **task,
        "igd": outcome.igd,
        "seconds": outcome.seconds,
        "transfer_stats": [r.transfer for r in outcome.results] if extra is not None else None,
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }


def run_missing(tasks: list[Record], path: Path, device: str) -> int:
    done = {run_key(r) for r in load_records(path)}
    todo = [t for t in tasks if run_key(t) not in done]
    print(f"{len(tasks) - len(todo)} runs recorded, {len(todo)} to run", file=sys.stderr)
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)
    failures = 0
    with path.open("a") as sink:
        for k, task in enumerate(todo, 1):
            try:
                rec = run_task(task, device)
            except EvoganError as exc:
                failures += 1
                print(f"failed {task}: {exc}", file=sys.stderr)
                continue
            sink.write(json.dumps(rec) + "\n")
            sink.flush()
            igd = ", ".join(f"{g:.4g}" for g in rec["igd"])
            print(
                f"[{k}/{len(todo)}] {rec['problem']} {rec['method']} seed {rec['seed']}: "
                f"IGD {igd} ({rec['seconds']:.1f} s)",
                file=sys.stderr,
            )
    return failures


def values(records: list[Record], problem: str, method: str, task: int) -> list[float]:
    return [r["igd"][task] for r in records if r["problem"] == problem and r["method"] == method]


def organisers(problem: str, task: int) -> list[float]:
    return [float(v) for v in momfea_igd(problem)[:, task]]


def igd_table(
    records: list[Record],
    problems: Sequence[str],
    methods: Sequence[str],
    organisers_columns: bool = True,
) -> list[str]:
    """One row per task: our methods, the marks of transfer, the organisers' MO-MFEA."""
    head = [*methods]
    if organisers_columns:
        head += ["organisers' MO-MFEA (30 runs)", "our MO-MFEA / theirs"]
    lines = ["| task | " + " | ".join(head) + " |", "|---|" + "---|" * len(head)]
    for problem in problems:
        for task in range(2):
            cells = []
            ours = {m: values(records, problem, m, task) for m in methods}
            for m in methods:
                cell = format_mean_std(ours[m]) + f" (n={len(ours[m])})"
                if m != "transfer" and "transfer" in ours and ours[m] and ours["transfer"]:
                    # the mark says how transfer fares against this method
                    cell += " " + wilcoxon_sign(ours["transfer"], ours[m], higher_is_better=False)
                cells.append(cell)
            if not organisers_columns:
                lines.append(f"| {problem}-T{task + 1} | " + " | ".join(cells) + " |")
                continue
            theirs = organisers(problem, task)
            cells.append(format_mean_std(theirs))
            if ours.get("momfea"):
                ratio = mean_std(ours["momfea"])[0] / mean_std(theirs)[0]
                sign = wilcoxon_sign(ours["momfea"], theirs, higher_is_better=False)
                cells.append(f"{ratio:.3g} {sign}")
            else:
                cells.append("n/a")
            lines.append(f"| {problem}-T{task + 1} | " + " | ".join(cells) + " |")
    return lines


def summary(records: list[Record], problems: Sequence[str], methods: Sequence[str]) -> list[str]:
    lines = []
    cells = [(p, t) for p in problems for t in range(2)]
    for base in [m for m in methods if m != "transfer"]:
        have = [
            (p, t)
            for p, t in cells
            if values(records, p, "transfer", t) and values(records, p, base, t)
        ]
        lower = sum(
            mean_std(values(records, p, "transfer", t))[0]
            < mean_std(values(records, p, base, t))[0]
            for p, t in have
        )
        signs = [
            wilcoxon_sign(values(records, p, "transfer", t), values(records, p, base, t), False)
            for p, t in have
        ]
        lines.append(
            f"- transfer vs {base}: lower mean IGD on {lower}/{len(have)} tasks; "
            f"significantly better/worse/equal (+/-/=) {count_signs(signs)}"
        )
    have = [(p, t) for p, t in cells if values(records, p, "momfea", t)]
    if have:
        ratios = [
            mean_std(values(records, p, "momfea", t))[0] / mean_std(organisers(p, t))[0]
            for p, t in have
        ]
        within = sum(0.5 <= r <= 2.0 for r in ratios)
        signs = [
            wilcoxon_sign(values(records, p, "momfea", t), organisers(p, t), False) for p, t in have
        ]
        lines.append(
            f"- our MO-MFEA / organisers' MO-MFEA, mean IGD ratio: median {median(ratios):.2f}, "
            f"within a factor 2 on {within}/{len(have)} tasks; ours significantly "
            f"better/worse/equal {count_signs(signs)}"
        )
    return lines


def direct_of(r: Record) -> float:
    return r.get("direct", 0.0)


def ablation_lines(records: list[Record], args: argparse.Namespace) -> list[str]:
    """The transfer with other shares of direct (unmapped) offspring, against the main one.

    Only the ablation's seeds enter, the main setting's included, so every column holds
    the same seeds.
    """
    variants = [f"direct={d:g}" for d in args.direct_list]
    relabelled = [
        {**r, "method": "transfer" if direct_of(r) == args.direct else f"direct={direct_of(r):g}"}
        for r in records
        if r["method"] == "transfer"
        and r["seed"] <= args.ablation_seeds
        and direct_of(r) in (args.direct, *args.direct_list)
    ]
    methods = ["transfer", *variants]
    return [
        f"### Ablation: share of transfer offspring not mapped by the GAN (main: {args.direct:g}; "
        f"0 = all through the GAN, 1 = no GAN; seeds 1-{args.ablation_seeds})",
        "",
        *igd_table(relabelled, args.problem_list, methods, organisers_columns=False),
        "",
        *summary(relabelled, args.problem_list, methods),
        "",
    ]


def survival_lines(records: list[Record], problems: Sequence[str]) -> list[str]:
    """Share of the mapped solutions offered to each task that entered its population."""
    cells = []
    for problem in problems:
        stats = [
            r["transfer_stats"]
            for r in records
            if r["problem"] == problem and r["method"] == "transfer" and r.get("transfer_stats")
        ]
        for task in range(2):
            offered = sum(s[task]["offered"] for s in stats)
            survived = sum(s[task]["survived"] for s in stats)
            if offered:
                cells.append(f"{problem}-T{task + 1} {100 * survived / offered:.1f}%")
    if not cells:
        return []
    return ["- transfer offspring that survived the target's selection: " + ", ".join(cells)]


def progress(records: list[Record], tasks: list[Record]) -> list[str]:
    wanted = {run_key(t) for t in tasks}
    done = [r for r in records if run_key(r) in wanted]
    lines = [
        f"- runs done: {len(done)} of {len(tasks)} ({100 * len(done) / max(len(tasks), 1):.0f}%)"
    ]
    lines += ["", "| method | base | median s per run | runs |", "|---|---|---|---|"]
    remaining = 0.0
    for m, base in sorted({(t["method"], t.get("algorithm", "")) for t in tasks}):
        secs = [r["seconds"] for r in done if (r["method"], r.get("algorithm", "")) == (m, base)]
        left = sum(1 for t in tasks if (t["method"], t.get("algorithm", "")) == (m, base))
        left -= len(secs)
        if secs:
            remaining += left * median(secs)
        median_s = f"{median(secs):.1f}" if secs else "n/a"
        lines.append(f"| {m} | {base or '-'} | {median_s} | {len(secs)} |")
    lines += ["", f"- estimated time to finish the rest (one process): {remaining / 3600:.1f} h"]
    return lines


def report(args: argparse.Namespace, argv: list[str]) -> str:
    tasks = make_tasks(args)
    wanted = {run_key(t) for t in tasks}
    records = [r for r in load_records(args.runs) if run_key(r) in wanted]
    seeds = sorted({r["seed"] for r in records})
    bases = ", ".join(f"`{b}`" for b in args.base_list)
    lines = [
        f"# Multitask transfer on CEC 2017 MTMO ({args.evals} evaluations per problem, "
        f"N = {args.pop_size} per task)",
        "",
        f"Base algorithm(s) of `transfer` and `single`: {bases}. Transfer: "
        f"{args.fraction:.0%} of each task's offspring come from the other task, "
        f"{1 - args.direct:.0%} of them mapped by a pairwise GAN trained every "
        f"{args.period} generations ({args.epochs} epochs), the rest taken directly. "
        f"MO-MFEA: rmp {args.rmp}, SBX (p 0.9, eta 20), PM (1/D, eta 20), 100 per task. "
        f"Seeds recorded: {', '.join(map(str, seeds)) or 'none'}.",
        "",
        "Mean ± std of the suite's official IGD (lower is better); (n=k): runs recorded. "
        "The mark after `single` and `momfea` compares `transfer` against that method "
        "(Wilcoxon rank-sum, p < 0.05; + = transfer significantly lower). The last column "
        "is our MO-MFEA's mean over the organisers' mean, with a rank-sum mark of ours "
        "against their 30 runs (+ = ours lower).",
        "",
    ]
    for base in args.base_list:
        ours = [r for r in records if r["method"] == "momfea" or r.get("algorithm") == base]
        main = [r for r in ours if r["method"] != "transfer" or direct_of(r) == args.direct]
        lines += [
            f"## Base algorithm `{base}`",
            "",
            *igd_table(main, args.problem_list, args.method_list),
            "",
            *summary(main, args.problem_list, args.method_list),
            *survival_lines(main, args.problem_list),
            "",
        ]
        if args.direct_list and base == args.base_list[0]:
            lines += ablation_lines(ours, args)
    lines += [
        "## Progress and time",
        "",
        *progress(records, tasks),
        "",
        "## Machine",
        "",
        *machine(),
        "- shared by several jobs at once (wall times are upper bounds)",
        "",
        "## Command",
        "",
        "```",
        # the command that makes (or resumes) these results, whatever rebuilt the report
        shlex.join(["python", "benchmarks/multitask_cec17.py", *_without_report_only(argv)]),
        "```",
        "",
    ]
    return "\n".join(lines)


def _without_report_only(argv: Sequence[str]) -> list[str]:
    return [a for a in argv if a != "--report-only"]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    try:
        args.problem_list = [p.strip().upper() for p in args.problems.split(",") if p.strip()]
        for problem in args.problem_list:
            check_choice("problem", problem, tuple(PROBLEMS))
        args.base_list = split_specs(args.algorithm)
        for spec in args.base_list:
            parse_spec(spec)
        args.method_list = [m.strip() for m in args.methods.split(",") if m.strip()]
        for method in args.method_list:
            check_choice("method", method, METHODS)
        args.direct_list = [float(d) for d in args.ablation_direct.split(",") if d.strip()]
        if args.seeds < 1:
            raise EvoganError("--seeds must be at least 1")
    except EvoganError as exc:
        print(f"{NAME}: error: {exc}", file=sys.stderr)
        return 2
    args.runs = Path(args.out) / f"{NAME}.runs.jsonl"
    failures = 0 if args.report_only else run_missing(make_tasks(args), args.runs, args.device)
    md = Path(args.out) / f"{NAME}.md"
    md.parent.mkdir(parents=True, exist_ok=True)
    md.write_text(report(args, argv))
    print(f"wrote {md}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
