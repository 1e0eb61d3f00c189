"""``evogan problems`` and ``evogan algorithms``: what can be solved, and with what."""

from __future__ import annotations

import argparse

from evogan.algorithms.registry import ALGORITHMS
from evogan.cli.common import HelpFormatter


def add_parser(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "problems",
        help="list the available problems",
        parents=[parent],
        formatter_class=HelpFormatter,
    )
    p.set_defaults(func=problems_command)
    p = sub.add_parser(
        "algorithms",
        help="list the algorithms, or one algorithm's options",
        parents=[parent],
        formatter_class=HelpFormatter,
    )
    p.add_argument("name", nargs="?", default=None, help=f"one of {', '.join(ALGORITHMS)}")
    p.set_defaults(func=algorithms_command)


def problems_command(args: argparse.Namespace) -> int:
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


def algorithms_command(args: argparse.Namespace) -> int:
    from evogan.algorithms.registry import algorithm_info

    if args.name is None:
        for name in ALGORITHMS:
            print(f"{name:16s} {algorithm_info(name).summary}")
        print("Options: `evogan algorithms NAME`; give them as NAME:key=value,key=value.")
        return 0
    info = algorithm_info(args.name)
    print(f"{info.name}: {info.summary}")
    for line in info.options.help_lines():
        print(f"  {line}")
    return 0
