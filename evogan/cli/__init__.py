"""The ``evogan`` command: solve a problem, compare algorithms, list what exists, run benchmarks.

Each subcommand lives in its own module and imports what it needs when it runs, so that
``evogan --help``, ``evogan problems`` and ``evogan algorithms`` start without torch or
matplotlib.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from evogan import __version__
from evogan.cli import bench, compare, listing, multitask, solve
from evogan.cli.common import HelpFormatter, common_options
from evogan.errors import ERRORS

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for bad arguments)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except ERRORS as exc:
        print(f"evogan: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nevogan: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`evogan algorithms | head`)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes it at exit
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evogan",
        description="Evolutionary multiobjective optimisation with GAN-made offspring, on pymoo.",
        epilog="Algorithms take options as NAME:key=value,key=value (e.g. "
        "gmoea:n_elites=30,epochs=50); `evogan algorithms NAME` lists them.",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"evogan {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parent = common_options()
    for module in (solve, compare, multitask, listing, bench):
        module.add_parser(sub, parent)
    return parser
