"""``evogan solve``: one problem, one algorithm, one seed; HV, IGD and a picture."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from evogan.algorithms.registry import ALGORITHMS
from evogan.cli.common import (
    SPEC_HELP,
    CtrlC,
    HelpFormatter,
    add_run_options,
    problem_params,
    safe_name,
    show_progress,
    start_torch,
)


def add_parser(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "solve",
        help="solve one problem, print HV and IGD, plot the front",
        parents=[parent],
        formatter_class=HelpFormatter,
    )
    add_run_options(p)
    p.add_argument(
        "--algorithm", default="gmoea", help=f"{SPEC_HELP}; NAME one of {', '.join(ALGORITHMS)}"
    )
    p.add_argument("--seed", type=int, default=1, help="the run's seed")
    p.add_argument("--out", default="evogan_out", help="folder for the plot")
    p.add_argument(
        "--checkpoint",
        default=None,
        metavar="PATH",
        help="save the run to PATH every few generations; the same command resumes from it "
        "(Ctrl-C saves it too)",
    )
    p.add_argument(
        "--checkpoint-every", type=int, default=5, metavar="N", help="generations between saves"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    start_torch(args)
    from evogan.algorithms.registry import algorithm_info, make_algorithm, parse_spec
    from evogan.fronts import reference_front
    from evogan.lookup import get_problem
    from evogan.plot import front_figure, mutations_figure, save_figure
    from evogan.run import solve

    name, options = parse_spec(args.algorithm)
    options = {"pop_size": args.pop_size, **options}
    if algorithm_info(name).trains_gans:
        options = {"device": args.device, **options}
    imports = time.perf_counter() - t0

    problem = get_problem(args.problem, **problem_params(args))
    algorithm = make_algorithm(name, problem, **options)
    front = reference_front(problem)
    with CtrlC() as interrupted:
        result = solve(
            problem,
            algorithm,
            args.evals,
            args.seed,
            progress=show_progress(args),
            front=front,
            algorithm_name=args.algorithm,
            checkpoint=args.checkpoint,
            checkpoint_every=args.checkpoint_every,
            stop=interrupted if args.checkpoint else None,
        )
    result.problem = args.problem.lower()
    print(
        f"{result.problem} {result.algorithm} seed {result.seed}: HV {result.hv:.4f}  "
        f"IGD {result.igd:.4g}  {result.n_evals} evals  {result.seconds:.2f} s"
        + ("  (no feasible solution found)" if len(result.F) == 0 else "")
        + f"  (imports {imports:.1f} s)"
    )
    if result.suspended:
        when = ", ".join(f"{g} (GAN {j})" for g, j in result.suspended)
        print(f"GAN health: suspended and reset at generation {when}")
    stem = safe_name(f"{result.problem}_{result.algorithm}_seed{result.seed}")
    title = f"{result.problem} / {result.algorithm}: HV {result.hv:.4f}, IGD {result.igd:.4g}"
    fig = front_figure(result.F, front, result.algorithm, title)
    print(f"wrote {save_figure(fig, Path(args.out) / f'{stem}.png')}")
    if result.mutation_history is not None:
        title = f"{result.problem} / {result.algorithm}: E-GAN survivors"
        fig = mutations_figure(result.mutation_history, title)
        print(f"wrote {save_figure(fig, Path(args.out) / f'{stem}_mutations.png')}")
    return 0
