"""What a GMOEA run costs next to NSGA-II's, measured as a ratio in one process, and where
its time goes.

For each case, GMOEA and NSGA-II run the same problem, budget, population and seed one
after the other, ``--repeats`` times (seeds 1..R), in this process; each run's CPU time
(``time.process_time``, which counts this process only, so other work on a shared machine
matters less than it does for wall seconds) is recorded and the ratio of the two taken per
seed. Each algorithm first runs each case's problem for a few generations untimed, so
that no timed run pays a module's first import. Then one GMOEA run per case is profiled
(cProfile) and its time split into parts: GAN training, GAN sampling (and its health
check), environmental selection, the mating fitness, GA variation, the problem's
evaluation, and the rest (pymoo's bookkeeping).
The profiler slows small Python calls more than numpy or torch work, so read the split
as shares, not seconds.

    python benchmarks/cost.py --repeats 5 --out benchmarks/results/cost.md

``--gmoea`` measures another GMOEA configuration the same way, as an algorithm spec
(``--gmoea gmoea:input=regularity --out benchmarks/results/cost_regularity.md``); given
more than once, each runs beside the same NSGA-II runs, and the table also gives each
one's time as a ratio of the first's, seed by seed (two configurations compared in one
run, not across runs on a machine whose speed wanders). The profile also counts the
generations in which a GAN made offspring (the adaptive split rests a GAN whose offspring
do not survive, and a resting GAN costs nothing).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

#: (label, problem, parameters, evaluations, population): the tuning suite's three
#: families at their published budgets, and two held-out sizes (5 objectives; 200 variables).
CASES = (
    ("imf1", "imf1", {"n_var": 30}, 10000, 100),
    ("zdt1", "zdt1", {}, 25000, 100),
    ("dtlz2", "dtlz2", {"n_obj": 3}, 25000, 100),
    ("dtlz2-m5", "dtlz2", {"n_obj": 5}, 30000, 212),
    ("imf1-n200", "imf1", {"n_var": 200}, 40000, 100),
)

#: Parts of a GMOEA run: a label and the functions (file suffix, name) whose cumulative
#: time is that part's. They do not nest inside one another.
PARTS = (
    ("GAN training", (("gan/train.py", "train"),)),
    (
        "regularity model (Local PCA)",
        (("gan/regularity.py", "local_pca"), ("gan/regularity.py", "track")),
    ),
    ("GAN sampling and health", (("gan_arm.py", "offspring"), ("gan_arm.py", "gan_is_healthy"))),
    ("survival (SPEA2)", (("spea2.py", "_do"),)),
    ("mating fitness", (("gan_mating.py", "_fitness"),)),
    ("GA variation (SBX, PM)", (("operators/variation.py", "offspring"),)),
    ("evaluation", (("core/problem.py", "evaluate"),)),
)


@dataclass
class Case:
    label: str
    problem: str
    params: dict
    evals: int
    pop_size: int


def _run(case: Case, algorithm: str, seed: int) -> float:
    """CPU seconds of one run; ``algorithm`` is a spec (``"gmoea:input=regularity"``)."""
    return _timed(case, algorithm, seed)[0]


def _timed(case: Case, algorithm: str, seed: int) -> tuple[float, object]:
    """CPU seconds of one run, and the algorithm after it."""
    from pymoo.optimize import minimize

    from evogan.algorithms.registry import make_algorithm, parse_spec
    from evogan.lookup import get_problem

    problem = get_problem(case.problem, **case.params)
    name, options = parse_spec(algorithm)
    algo = make_algorithm(name, problem, pop_size=case.pop_size, **options)
    start = time.process_time()
    result = minimize(problem, algo, ("n_evals", case.evals), seed=seed)
    return time.process_time() - start, result.algorithm


def _profile(case: Case, gmoea: str, seed: int) -> dict[str, float]:
    """Shares of one GMOEA run's profiled time, by part."""
    profiler = cProfile.Profile()
    profiler.enable()
    _, algo = _timed(case, gmoea, seed)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = max(ct for (file, _, name), (_, _, _, ct, _) in stats.items() if name == "minimize")
    shares = {}
    for label, functions in PARTS:
        seconds = sum(
            ct
            for (file, _, name), (_, _, _, ct, _) in stats.items()
            for suffix, fname in functions
            if name == fname and file.endswith(suffix)
        )
        shares[label] = seconds / total
    shares["rest (pymoo's bookkeeping)"] = 1.0 - sum(shares.values())
    history = getattr(getattr(algo, "mating", None), "history", [])
    active = [sum(entry["counts"][1:]) > 0 for entry in history]
    shares[GAN_ACTIVE] = sum(active) / max(len(active), 1)
    return shares


#: The profile's last column: the share of generations in which a GAN made offspring.
GAN_ACTIVE = "generations with GAN offspring"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="seeds per case")
    parser.add_argument("--cases", default=",".join(c[0] for c in CASES), help="case labels")
    parser.add_argument("--out", default="benchmarks/results/cost.md")
    parser.add_argument(
        "--gmoea",
        action="append",
        help="a GMOEA measured, as a spec (default: gmoea); repeat to compare several",
    )
    args = parser.parse_args()
    specs = args.gmoea or ["gmoea"]

    import torch

    from evogan.experiment.environment import footer
    from evogan.threads import warm_up

    torch.set_num_threads(1)
    warm_up()
    for algorithm in ("nsga2", *specs):  # untimed: the first run's imports are not a cost
        _run(Case("warm-up", "zdt1", {}, 1000, 100), algorithm, 1)
    chosen = [Case(*c) for c in CASES if c[0] in args.cases.split(",")]
    names = ", ".join(f"`{spec}`" for spec in specs)
    columns = "".join(f" `{spec}` s | ratio (median) | ratios |" for spec in specs)
    against = "".join(f" `{spec}` / `{specs[0]}` (median) |" for spec in specs[1:])
    lines = [
        "# The cost of a GMOEA run, as a ratio of NSGA-II's",
        "",
        f"CPU seconds per run in one process (`time.process_time`), GMOEA ({names}) and "
        f"NSGA-II on the same problem, budget, N and seed, seeds 1-{args.repeats}, run "
        "one after the other.",
        "",
        "| case | evals | N | NSGA-II s |" + columns + against,
        "|---" * (4 + 3 * len(specs) + len(specs) - 1) + "|",
    ]
    all_ratios: dict[str, list[float]] = {spec: [] for spec in specs}
    all_against: dict[str, list[float]] = {spec: [] for spec in specs[1:]}
    for case in chosen:
        ga: list[float] = []
        gm: dict[str, list[float]] = {spec: [] for spec in specs}
        for algorithm in ("nsga2", *specs):  # untimed: a problem's first use costs imports
            _run(
                Case("warm-up", case.problem, case.params, 3 * case.pop_size, case.pop_size),
                algorithm,
                1,
            )
        for seed in range(1, args.repeats + 1):
            ga.append(_run(case, "nsga2", seed))
            for spec in specs:
                gm[spec].append(_run(case, spec, seed))
            times = ", ".join(f"{spec} {gm[spec][-1]:.2f} s" for spec in specs)
            print(f"{case.label} seed {seed}: NSGA-II {ga[-1]:.2f} s, {times}", flush=True)
        row = f"| {case.label} | {case.evals} | {case.pop_size} | {statistics.median(ga):.2f} |"
        for spec in specs:
            ratios = [m / a for m, a in zip(gm[spec], ga, strict=True)]
            all_ratios[spec] += ratios
            row += (
                f" {statistics.median(gm[spec]):.2f} | {statistics.median(ratios):.2f} "
                f"| {', '.join(f'{r:.2f}' for r in ratios)} |"
            )
        for spec in specs[1:]:
            relative = [m / b for m, b in zip(gm[spec], gm[specs[0]], strict=True)]
            all_against[spec] += relative
            row += f" {statistics.median(relative):.2f} |"
        lines.append(row)
    lines.append("")
    for spec in specs:
        ratios = all_ratios[spec]
        lines.append(
            f"Median ratio of `{spec}` to NSGA-II over all {len(ratios)} pairs: "
            f"**{statistics.median(ratios):.2f}**."
        )
    for spec, relative in all_against.items():
        lines.append(
            f"Median ratio of `{spec}` to `{specs[0]}` over all {len(relative)} seeds: "
            f"**{statistics.median(relative):.2f}**."
        )
    header = [label for label, _ in PARTS] + ["rest (pymoo's bookkeeping)", GAN_ACTIVE]
    for spec in specs:
        lines += [
            "",
            f"## Where `{spec}`'s time goes (one profiled run per case, seed 1; shares of the run)",
            "",
            "| case | " + " | ".join(header) + " |",
            "|---" * (len(header) + 1) + "|",
        ]
        for case in chosen:
            shares = _profile(case, spec, 1)
            lines.append(
                f"| {case.label} | " + " | ".join(f"{100 * shares[h]:.0f}%" for h in header) + " |"
            )
    command = f"python benchmarks/cost.py --repeats {args.repeats} --cases {args.cases}"
    if specs != ["gmoea"]:
        command += "".join(f" --gmoea {spec}" for spec in specs) + f" --out {args.out}"
    lines += footer(command) + [""]
    Path(args.out).write_text("\n".join(lines))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
