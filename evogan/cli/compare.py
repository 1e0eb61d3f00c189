"""``evogan compare``: several algorithms on one problem over seeds, with rank-sum marks."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from statistics import median

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
    from evogan.experiment.report import campaign_runs, indicator_table, text_table

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
        runs = campaign_runs(campaign, store)
    print(
        f"{args.problem.lower()}: {args.evals} evaluations, seeds 1..{args.seeds}, "
        f"N = {args.pop_size} (imports {imports:.1f} s)"
    )
    row = campaign.problems[0].label
    tables = [indicator_table(campaign, runs, i, specs[0]) for i in ("hv", "igd")]
    seconds = {a: median(r.seconds for r in runs[row, a]) for a in specs if runs[row, a]}
    print(text_table(tables, row, seconds))
    return 0
