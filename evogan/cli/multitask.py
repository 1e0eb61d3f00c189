"""``evogan multitask``: several tasks solved together; each task's IGD and a picture."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evogan.cli.common import SPEC_HELP, HelpFormatter, safe_name, show_progress, start_torch

if TYPE_CHECKING:
    from evogan.options import Options

SUITES = ("cec17",)


def add_parser(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "multitask",
        help="solve a multitask problem (several tasks at once), print each IGD",
        parents=[parent],
        formatter_class=HelpFormatter,
    )
    p.add_argument("suite", choices=SUITES, help="the multitask benchmark suite")
    p.add_argument("--problem", required=True, help="e.g. CIHS (see `evogan problems`)")
    p.add_argument("--evals", type=int, default=None, help="total budget (default: the suite's)")
    p.add_argument("--seed", type=int, default=1, help="the run's seed")
    p.add_argument("--method", default="transfer", help="transfer, single or momfea")
    p.add_argument("--algorithm", default="gmoea", help=f"base of transfer/single: {SPEC_HELP}")
    p.add_argument("--pop-size", type=int, default=100, help="population per task")
    p.add_argument("--fraction", type=float, default=0.1, help="share of transfer offspring")
    p.add_argument("--direct", type=float, default=0.5, help="share of them not GAN-mapped")
    p.add_argument("--period", type=int, default=10, help="transfer GANs trained every PERIOD")
    p.add_argument("--device", default="auto", help="torch device of the GANs: auto, cpu, cuda")
    p.add_argument("--out", default="evogan_out", help="folder for the plot")
    p.add_argument("--progress", action="store_true", help="draw progress even without a tty")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    start_torch(args)
    from evogan.multitask.plot import task_fronts_figure
    from evogan.multitask.suite import method_info, run_method
    from evogan.plot import save_figure
    from problems.cec17_mtmo import cec17_problem

    problem = cec17_problem(args.problem)  # the only suite so far; unknown names raise
    outcome = run_method(
        problem,
        args.method,
        args.seed,
        args.evals,
        pop_size=args.pop_size,
        progress=sys.stderr if show_progress(args) else None,
        **_options(args, method_info(args.method).options),
    )
    label = args.method if args.method == "momfea" else f"{args.method} ({args.algorithm})"
    print(f"{problem.name} {label} seed {args.seed}: {outcome.seconds:.1f} s")
    titles = []
    for task, res, score, used in zip(
        problem.tasks, outcome.results, outcome.igd, outcome.n_evals, strict=True
    ):
        print(f"  {task.label}: IGD {score:.4g} ({len(res.F)} non-dominated, {used} evals)")
        titles.append(f"{task.label}: IGD {score:.4g}")
    method = args.method if args.method == "momfea" else f"{args.method}_{args.algorithm}"
    stem = safe_name(f"{problem.name.lower()}_{method}_seed{args.seed}")
    fig = task_fronts_figure(
        [res.F for res in outcome.results],
        [task.reference_front for task in problem.tasks],
        titles,
        label=label,
    )
    print(f"wrote {save_figure(fig, Path(args.out) / f'{stem}.png')}")
    return 0


def _options(args: argparse.Namespace, declared: Options) -> dict[str, Any]:
    """The command line's values of the options ``declared`` by the chosen method."""
    given = {
        "algorithm": args.algorithm,
        "fraction": args.fraction,
        "direct": args.direct,
        "period": args.period,
        "device": args.device,
    }
    return {k: v for k, v in given.items() if k in declared}
