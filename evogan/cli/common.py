"""Pieces every subcommand shares: help format, the common options, timing, file names."""

from __future__ import annotations

import argparse
import re
import signal
import sys
import threading
import time
from typing import Any

#: Words of the algorithm-spec syntax, for help texts.
SPEC_HELP = "NAME or NAME:key=value,key=value (options: `evogan algorithms NAME`)"


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Help that shows each option's default, where it has a telling one (not None/False)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default in (None, False):
            return action.help
        return super()._get_help_string(action)


def common_options() -> argparse.ArgumentParser:
    """A parent parser with the options every subcommand takes (none so far)."""
    return argparse.ArgumentParser(add_help=False)


def add_run_options(p: argparse.ArgumentParser) -> None:
    """The options of a command that solves one problem: its size, budget and device."""
    p.add_argument("problem", help="problem name (see `evogan problems`)")
    p.add_argument("--evals", type=int, default=10000, help="evaluation budget")
    p.add_argument("--pop-size", type=int, default=100, help="population size N")
    p.add_argument("--n-var", type=int, default=None, help="decision variables (problem's default)")
    p.add_argument("--n-obj", type=int, default=None, help="objectives (problem's default)")
    p.add_argument("--device", default="auto", help="the GANs' torch device: auto, cpu, cuda")
    p.add_argument("--progress", action="store_true", help="draw progress even without a tty")


def problem_params(args: argparse.Namespace) -> dict[str, Any]:
    """The problem's size parameters given on the command line."""
    return {"n_var": args.n_var, "n_obj": args.n_obj}


def show_progress(args: argparse.Namespace) -> bool:
    """Progress goes to a terminal, or anywhere with ``--progress``."""
    return bool(args.progress or sys.stderr.isatty())


def start_torch(args: argparse.Namespace) -> float:
    """Import torch and pay its one-off start-up costs; returns the seconds they took
    (printed apart from the run's own time). The GANs run on one thread whatever torch's
    setting (``evogan.threads``)."""
    t0 = time.perf_counter()
    from evogan.threads import warm_up

    warm_up()
    return time.perf_counter() - t0


class CtrlC:
    """A first Ctrl-C asks the run to stop after its generation (and save); a second one
    interrupts at once. Use as a context manager; the instance is the ``stop`` question."""

    def __init__(self) -> None:
        self.asked = False
        self._previous: Any = None

    def __call__(self) -> bool:
        return self.asked

    def _handle(self, signum: int, frame: Any) -> None:
        if self.asked:
            raise KeyboardInterrupt
        self.asked = True
        print(
            "\nevogan: stopping after this generation (Ctrl-C again to stop now)", file=sys.stderr
        )

    def __enter__(self) -> CtrlC:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


def safe_name(text: str) -> str:
    """A file-name-safe version of ``text`` (specs may hold ':', '=' and ',')."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text)
