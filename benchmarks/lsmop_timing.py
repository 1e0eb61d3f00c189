"""Time one evaluation of 100 LSMOP solutions at 300 to 5,000 variables.

Writes benchmarks/results/lsmop_timing.md (median of 20 repeats per cell, one thread).
The whole run takes a few seconds, so it simply reruns from the start.

Usage:
    OMP_NUM_THREADS=1 python benchmarks/lsmop_timing.py
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path
from statistics import median

import numpy as np

import problems
from evogan.experiment.environment import footer

SIZES = (300, 1000, 5000)
POP = 100
REPEATS = 20
OUT = Path(__file__).resolve().parent / "results" / "lsmop_timing.md"


def seconds(name: str, n_var: int) -> float:
    """Median wall time of evaluating ``POP`` random solutions (3 objectives)."""
    problem = problems.get(name, n_obj=3, n_var=n_var)
    X = np.random.default_rng(0).uniform(problem.xl, problem.xu, (POP, n_var))
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        problem.evaluate(X)
        times.append(time.perf_counter() - start)
    return median(times)


def main() -> None:
    lines = [
        "# LSMOP evaluation time",
        "",
        f"Milliseconds to evaluate {POP} random solutions (3 objectives), median of "
        f"{REPEATS} repeats.",
        "",
        "| problem | " + " | ".join(f"n = {n}" for n in SIZES) + " |",
        "|---|" + "---|" * len(SIZES),
    ]
    for i in range(1, 10):
        name = f"lsmop{i}"
        cells = [f"{1000 * seconds(name, n):.1f}" for n in SIZES]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += footer(f"OMP_NUM_THREADS=1 python {shlex.join(sys.argv)}")
    OUT.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    main()
