"""``evogan compare``: several algorithms on one problem over seeds, with rank-sum marks."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from statistics import median
from typing import TYPE_CHECKING

from evogan.algorithms.registry import ALGORITHMS
from evogan.cli.common import (
    SPEC_HELP,
    HelpFormatter,
    add_run_options,
    problem_params,
    show_progress,
    start_torch,
)
from evogan.errors import OptionError

if TYPE_CHECKING:
    from evogan.experiment.store import Run


def add_parser(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "compare",
        help="compare algorithms over seeds (mean ± std, Wilcoxon)",
        parents=[parent],
        formatter_class=HelpFormatter,
    )
    add_run_options(p)
    p.add_argument(
        "--algorithms",
        default="gmoea,nsga2",
        help=f"comma-separated, each {SPEC_HELP}; the first is the base of the marks; "
        f"NAME one of {', '.join(ALGORITHMS)}",
    )
    p.add_argument("--seeds", type=int, default=5, help="run seeds 1..SEEDS")
    p.add_argument("--jobs", type=int, default=1, help="worker processes")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    start_torch(args)
    from evogan.algorithms.registry import parse_spec, split_specs, with_device
    from evogan.experiment import AlgorithmEntry, Campaign, ProblemEntry, RunStore, run_campaign

    specs = split_specs(args.algorithms)
    if not specs:
        raise OptionError(f"--algorithms is empty; valid names: {', '.join(ALGORITHMS)}")
    if args.seeds < 1 or args.jobs < 1:
        raise OptionError("--seeds and --jobs must be at least 1")
    algorithms = [
        AlgorithmEntry(name, with_device(name, options, args.device), label=spec)
        for spec, (name, options) in zip(specs, map(parse_spec, specs), strict=True)
    ]
    params = {k: v for k, v in problem_params(args).items() if v is not None}
    campaign = Campaign(
        name=args.problem.lower(),
        algorithms=tuple(algorithms),
        problems=(ProblemEntry(args.problem, params),),
        seeds=tuple(range(1, args.seeds + 1)),
        evals=args.evals,
        pop_size=args.pop_size,
        baseline=specs[0],
        store=Path(":memory:"),
    )
    imports = time.perf_counter() - t0
    progress = sys.stderr if show_progress(args) else None
    with RunStore(":memory:") as store:
        run_campaign(campaign, store, jobs=args.jobs, progress=progress)
        results = store.runs()
    print(
        f"{args.problem.lower()}: {args.evals} evaluations, seeds 1..{args.seeds}, "
        f"N = {args.pop_size} (imports {imports:.1f} s)"
    )
    print(compare_table(results, specs))
    return 0


def compare_table(results: Sequence[Run], specs: Sequence[str]) -> str:
    """A text table: mean ± std of HV and IGD per algorithm, Wilcoxon marks vs the first.

    Args:
        results: runs of every algorithm in ``specs`` (any number of seeds each).
        specs: algorithm names in table order; the first is the base of the comparison.
    """
    from evogan.stats import format_mean_std, wilcoxon_sign

    by_alg = {s: [r for r in results if r.algorithm == s] for s in specs}
    base = by_alg[specs[0]]
    rows = [("algorithm", "HV (mean ± std)", "IGD (mean ± std)", "median s")]
    for spec in specs:
        runs = by_alg[spec]
        hvs, igds = [r.hv for r in runs], [r.igd for r in runs]
        if spec == specs[0]:
            marks = ("", "")
        else:
            marks = (
                " " + wilcoxon_sign(hvs, [r.hv for r in base], higher_is_better=True),
                " " + wilcoxon_sign(igds, [r.igd for r in base], higher_is_better=False),
            )
        seconds = median(r.seconds for r in runs) if runs else float("nan")
        rows.append(
            (
                spec,
                format_mean_std(hvs) + marks[0],
                format_mean_std(igds) + marks[1],
                f"{seconds:.2f}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(
        f"+/-/=: Wilcoxon rank-sum (p < 0.05) against {specs[0]}; + = better (higher HV, lower IGD)"
    )
    return "\n".join(lines)
