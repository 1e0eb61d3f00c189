"""Single-task NSGA-II on each CEC 2017 multitask task, against the report's baseline.

The technical report (Yuan et al. 2017, Table III) gives NSGA-II's mean IGD over 30 runs
on every task with population 100, 100,000 evaluations per task, SBX (p_c = 0.9,
eta = 20) and polynomial mutation (p_m = 1 / D, eta = 20). Running the same baseline on
evogan's tasks and the suite's IGD checks the definitions, the data and the metric
together. Every finished run is appended to benchmarks/results/cec17_nsga2.runs.jsonl
at once; a rerun skips finished runs. Writes benchmarks/results/cec17_nsga2.md.

Usage:
    OMP_NUM_THREADS=1 python benchmarks/cec17_nsga2.py --seeds 3
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from harness import footer, load_records
from pymoo.algorithms.moo.nsga2 import NSGA2
from pymoo.operators.crossover.sbx import SBX
from pymoo.operators.mutation.pm import PM
from pymoo.optimize import minimize

import problems
from problems.cec17_mtmo import PROBLEMS

RESULTS = Path(__file__).resolve().parent / "results"
RUNS = RESULTS / "cec17_nsga2.runs.jsonl"
OUT = RESULTS / "cec17_nsga2.md"
POP, EVALS = 100, 100_000
# Report Table III, NSGA-II: mean (std) IGD of task 1 and task 2.
REPORT = {
    "CIHS": ((2.0234e-3, 5.1879e-4), (4.3621e-3, 8.5407e-4)),
    "CIMS": ((1.0045e-1, 7.5847e-2), (2.2897e-2, 1.9082e-2)),
    "CILS": ((2.5503e-1, 1.0821e-1), (1.9905e-4, 6.513e-6)),
    "PIHS": ((1.1145e-3, 3.8107e-4), (5.654e-2, 3.0369e-2)),
    "PIMS": ((4.4903e-3, 1.6131e-3), (1.5577e1, 3.7002e0)),
    "PILS": ((2.7647e-4, 1.2629e-4), (6.3458e-1, 8.8258e-4)),
    "NIHS": ((3.1286e1, 6.0683e1), (7.8558e-4, 1.6655e-4)),
    "NIMS": ((4.7021e-1, 3.3048e-1), (9.1944e-2, 8.8784e-2)),
    "NILS": ((8.3588e-4, 5.4979e-5), (6.4226e-1, 2.5715e-4)),
}


def run(name: str, task: int, seed: int) -> dict:
    problem = problems.get(name)
    target = problem.tasks[task]
    algorithm = NSGA2(
        pop_size=POP,
        crossover=SBX(prob=0.9, eta=20),
        mutation=PM(prob_var=1.0 / target.n_var, eta=20),
    )
    start = time.perf_counter()
    res = minimize(target, algorithm, ("n_evals", EVALS), seed=seed)
    return {
        "problem": name,
        "task": task,
        "seed": seed,
        "igd": problem.igd(task, np.atleast_2d(res.F)),
        "seconds": time.perf_counter() - start,
    }


def table(records: list[dict]) -> list[str]:
    lines = [
        "| problem | task | runs | IGD mean (std), evogan | IGD mean (std), report |",
        "|---|---|---|---|---|",
    ]
    for name in PROBLEMS:
        for task in (0, 1):
            values = [r["igd"] for r in records if (r["problem"], r["task"]) == (name, task)]
            if not values:
                continue
            mean, std = REPORT[name][task]
            lines.append(
                f"| {name} | T{task + 1} | {len(values)} | "
                f"{np.mean(values):.4g} ({np.std(values):.2g}) | {mean:.4g} ({std:.2g}) |"
            )
    return lines


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--problems", default=",".join(PROBLEMS))
    args = p.parse_args()
    names = [n.strip().upper() for n in args.problems.split(",")]
    done = {(r["problem"], r["task"], r["seed"]) for r in load_records(RUNS)}
    RESULTS.mkdir(parents=True, exist_ok=True)
    with RUNS.open("a") as sink:
        for seed in range(1, args.seeds + 1):
            for name in names:
                for task in (0, 1):
                    if (name, task, seed) in done:
                        continue
                    rec = run(name, task, seed)
                    sink.write(json.dumps(rec) + "\n")
                    sink.flush()
                    print(
                        f"{name} T{task + 1} seed {seed}: IGD {rec['igd']:.4g} "
                        f"({rec['seconds']:.0f} s)",
                        file=sys.stderr,
                    )
    lines = [
        "# NSGA-II on the CEC 2017 multitask tasks, one task at a time",
        "",
        f"Population {POP}, {EVALS:,} evaluations per task, SBX (0.9, eta 20), PM (1/D, "
        "eta 20); the suite's IGD against the official fronts. The report's column is "
        "its Table III (30 runs).",
        "",
        *table(load_records(RUNS)),
        *footer("OMP_NUM_THREADS=1 "),
    ]
    OUT.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
