"""The ``evogan`` command: solve a problem, compare algorithms, list problems, run benchmarks."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from statistics import median
from typing import Any

from evogan.algorithms.registry import ALGORITHMS, parse_spec, split_specs, with_device
from evogan.errors import ERRORS, OptionError
from evogan.experiment.command import add_bench_parser
from evogan.experiment.store import Run
from evogan.run import (
    get_problem,
    plot_front,
    plot_mutations,
    reference_front,
    solve,
)
from evogan.stats import format_mean_std, wilcoxon_sign

MULTITASK_SUITES = ("cec17",)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for bad arguments)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.torch_threads < 1:
        parser.error(f"--torch-threads must be at least 1, got {args.torch_threads}")
    _set_torch_threads(args.torch_threads)
    try:
        return args.func(args)
    except ERRORS as exc:
        print(f"evogan: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nevogan: interrupted", file=sys.stderr)
        return 130


def _set_torch_threads(n: int) -> None:
    """Limit torch's CPU threads for the small GANs.

    On 2 idle cores one thread trains them as fast as two (ZDT1 demo 2.7 s either way);
    when other work shares the cores, torch's spinning worker threads slow them down
    (beside two CPU-bound processes 7.8 s instead of 4.5 s; beside a 2-job benchmark
    campaign 96 s). One thread is therefore the command's default.
    """
    import torch

    torch.set_num_threads(n)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="evogan", description=__doc__)
    parser.add_argument(
        "--torch-threads",
        type=int,
        default=1,
        metavar="N",
        help="CPU threads torch may use for the GANs (default 1: the GANs are small and "
        "more threads slow them down on a busy machine)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("solve", help="solve one problem, print HV and IGD, plot the front")
    _add_run_options(p)
    p.add_argument("--algorithm", default="gmoea", help=f"one of {', '.join(ALGORITHMS)}")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", default="evogan_out", help="folder for the plot")
    p.set_defaults(func=_cmd_solve)

    p = sub.add_parser("compare", help="compare algorithms over seeds (mean ± std, Wilcoxon)")
    _add_run_options(p)
    p.add_argument("--algorithms", default="gmoea,nsga2", help="comma-separated; first = base")
    p.add_argument("--seeds", type=int, default=5, help="run seeds 1..SEEDS")
    p.add_argument("--jobs", type=int, default=1, help="worker processes")
    p.set_defaults(func=_cmd_compare)

    p = sub.add_parser(
        "multitask", help="solve a multitask problem (several tasks at once), print each IGD"
    )
    p.add_argument("suite", choices=MULTITASK_SUITES, help="the multitask benchmark suite")
    p.add_argument("--problem", required=True, help="e.g. CIHS (see `evogan problems`)")
    p.add_argument("--evals", type=int, default=None, help="total budget (default: the suite's)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--method", default="transfer", help="transfer, single or momfea")
    p.add_argument("--algorithm", default="gmoea", help="base algorithm of transfer/single")
    p.add_argument("--pop-size", type=int, default=100, help="population per task")
    p.add_argument("--fraction", type=float, default=0.1, help="share of transfer offspring")
    p.add_argument("--direct", type=float, default=0.5, help="share of them not GAN-mapped")
    p.add_argument("--period", type=int, default=10, help="transfer GANs trained every PERIOD")
    p.add_argument("--device", default="auto", help="torch device of the GANs: auto, cpu, cuda")
    p.add_argument("--out", default="evogan_out", help="folder for the plot")
    p.add_argument("--progress", action="store_true", help="draw progress even without a tty")
    p.set_defaults(func=_cmd_multitask)

    p = sub.add_parser("problems", help="list the available problems")
    p.set_defaults(func=_cmd_problems)

    add_bench_parser(sub)
    return parser


def _add_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("problem", help="problem name (see `evogan problems`)")
    p.add_argument("--evals", type=int, default=10000, help="evaluation budget")
    p.add_argument("--pop-size", type=int, default=100)
    p.add_argument("--n-var", type=int, default=None)
    p.add_argument("--n-obj", type=int, default=None)
    p.add_argument("--device", default="auto", help="the GANs' torch device: auto, cpu, cuda")
    p.add_argument("--progress", action="store_true", help="draw progress even without a tty")


def _problem_params(args: argparse.Namespace) -> dict[str, Any]:
    return {"n_var": args.n_var, "n_obj": args.n_obj}


def _show_progress(args: argparse.Namespace) -> bool:
    return bool(args.progress or sys.stderr.isatty())


def _cmd_problems(args: argparse.Namespace) -> int:
    import problems

    print(
        f"{'name':8s} {'suite':10s} {'n_var':>7s} {'n_obj':>5s}  parameters (defaults)  description"
    )
    for name, info in problems.available().items():
        params = ", ".join(f"{k}={v}" for k, v in info["params"].items()) or "-"
        tasks = info.get("tasks") or [info]
        n_var = "/".join(str(t["n_var"]) for t in tasks)
        n_obj = "/".join(str(t["n_obj"]) for t in tasks)
        print(f"{name:8s} {info['suite']:10s} {n_var:>7s} {n_obj:>5s}  {params:22s} {info['doc']}")
    print("n_var/n_obj with two values: a multitask problem, one value per task.")
    return 0


def _cmd_solve(args: argparse.Namespace) -> int:
    from evogan.algorithms.registry import make_algorithm

    name, options = parse_spec(args.algorithm)
    problem = get_problem(args.problem, **_problem_params(args))
    algorithm = make_algorithm(
        name, problem, pop_size=args.pop_size, **with_device(name, options, args.device)
    )
    front = reference_front(problem)
    result = solve(
        problem,
        algorithm,
        args.evals,
        args.seed,
        progress=_show_progress(args),
        front=front,
        algorithm_name=args.algorithm,
    )
    result.problem = args.problem.lower()
    print(
        f"{result.problem} {result.algorithm} seed {result.seed}: HV {result.hv:.4f}  "
        f"IGD {result.igd:.4g}  {result.n_evals} evals  {result.seconds:.2f} s"
        + ("  (no feasible solution found)" if len(result.F) == 0 else "")
    )
    stem = _safe(f"{result.problem}_{result.algorithm}_seed{result.seed}")
    path = plot_front(result, front, Path(args.out) / f"{stem}.png")
    print(f"wrote {path}")
    if result.mutation_history is not None:
        path = plot_mutations(result, Path(args.out) / f"{stem}_mutations.png")
        print(f"wrote {path}")
    return 0


def _cmd_multitask(args: argparse.Namespace) -> int:
    from evogan.multitask.plot import plot_task_fronts
    from evogan.multitask.solver import TransferConfig
    from evogan.multitask.suite import run_method
    from problems.cec17_mtmo import cec17_problem

    problem = cec17_problem(args.problem)  # the only suite so far; unknown names raise
    transfer = TransferConfig(fraction=args.fraction, direct=args.direct, period=args.period)
    outcome = run_method(
        problem,
        args.method,
        args.seed,
        args.evals,
        algorithm=args.algorithm,
        pop_size=args.pop_size,
        transfer=transfer,
        device=args.device,
        progress=sys.stderr if _show_progress(args) else None,
    )
    label = args.method if args.method == "momfea" else f"{args.method} ({args.algorithm})"
    print(f"{problem.name} {label} seed {args.seed}: {outcome.seconds:.1f} s")
    titles = []
    for task, res, score in zip(problem.tasks, outcome.results, outcome.igd, strict=True):
        n_evals = getattr(getattr(res, "algorithm", None), "evaluator", None)
        used = f", {n_evals.n_eval} evals" if n_evals is not None else ""
        print(f"  {task.label}: IGD {score:.4g} ({len(res.F)} non-dominated{used})")
        titles.append(f"{task.label}: IGD {score:.4g}")
    method = args.method if args.method == "momfea" else f"{args.method}_{args.algorithm}"
    stem = _safe(f"{problem.name.lower()}_{method}_seed{args.seed}")
    path = plot_task_fronts(
        [res.F for res in outcome.results],
        [task.reference_front for task in problem.tasks],
        titles,
        Path(args.out) / f"{stem}.png",
        label=label,
    )
    print(f"wrote {path}")
    return 0


def _safe(text: str) -> str:
    """A file-name-safe version of ``text`` (specs may hold ':', '=' and ',')."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text)


def _cmd_compare(args: argparse.Namespace) -> int:
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
    params = {k: v for k, v in _problem_params(args).items() if v is not None}
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
    progress = sys.stderr if _show_progress(args) else None
    with RunStore(":memory:") as store:
        run_campaign(campaign, store, jobs=args.jobs, progress=progress)
        results = store.runs()
    print(
        f"{args.problem.lower()}: {args.evals} evaluations, seeds 1..{args.seeds}, "
        f"N = {args.pop_size}"
    )
    print(compare_table(results, specs))
    return 0


def compare_table(results: Sequence[Run], specs: Sequence[str]) -> str:
    """A text table: mean ± std of HV and IGD per algorithm, Wilcoxon marks vs the first.

    Args:
        results: runs of every algorithm in ``specs`` (any number of seeds each).
        specs: algorithm names in table order; the first is the base of the comparison.
    """
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


if __name__ == "__main__":
    sys.exit(main())
