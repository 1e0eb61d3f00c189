"""IGD of RM-MEDA, IM-MOEA, MOEA/D-DE and NSGA-II per problem and seed, as a Markdown table.

The evogan side of benchmarks/results/peers_check.md: N = 100, IMF problems with 30
variables, ZDT1 with 30. Prints one row per algorithm and problem: IGD per seed, mean and
median CPU seconds per run. Until the registry knows the peers they are built here.

Usage:
    OMP_NUM_THREADS=1 python benchmarks/peers_check.py --problems imf1,imf2,imf4 --seeds 5
    OMP_NUM_THREADS=1 python benchmarks/peers_check.py --problems zdt1 --evals 25000
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from statistics import median

import numpy as np
from pymoo.core.algorithm import Algorithm
from pymoo.core.problem import Problem
from pymoo.optimize import minimize

import problems
from evogan.algorithms.immoea import IMMOEA
from evogan.algorithms.moead_de import MOEADDE
from evogan.algorithms.registry import make_algorithm
from evogan.algorithms.rmmeda import RMMEDA
from evogan.indicators import igd

ALGORITHMS: dict[str, Callable[[Problem], Algorithm]] = {
    "rmmeda": lambda p: RMMEDA(),
    "immoea": lambda p: IMMOEA(),
    "moead-de": lambda p: MOEADDE(),
    "nsga2": lambda p: make_algorithm("nsga2", p),
}


def row(name: str, problem_name: str, seeds: range, evals: int) -> str:
    """One table row: the IGD of each seed, their mean and the median CPU seconds."""
    problem = problems.get(problem_name, n_var=30)
    front = problem.pareto_front(1000)
    values, seconds = [], []
    for seed in seeds:
        start = time.process_time()
        res = minimize(problem, ALGORITHMS[name](problem), ("n_evals", evals), seed=seed)
        seconds.append(time.process_time() - start)
        values.append(igd(res.F, front))
    per_seed = " ".join(f"{v:.4f}" for v in values)
    summary = f"{np.mean(values):.4f} | {median(seconds):.2f}"
    return f"| {problem_name} | {name} | {per_seed} | {summary} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", default="imf1,imf2,imf4")
    parser.add_argument("--algorithms", default=",".join(ALGORITHMS))
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--evals", type=int, default=10_000)
    args = parser.parse_args()
    print(f"{args.evals} evaluations, seeds 1..{args.seeds}\n")
    print("| problem | algorithm | IGD per seed | mean | CPU s/run (median) |")
    print("|---|---|---|---|---|")
    for problem_name in args.problems.split(","):
        for name in args.algorithms.split(","):
            print(row(name, problem_name, range(1, args.seeds + 1), args.evals), flush=True)


if __name__ == "__main__":
    main()
