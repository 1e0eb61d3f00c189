"""Tests of evogan/checkpoint.py and evogan/evaluation.py: exact resume, failures keep the run."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
from pymoo.core.problem import Problem
from pymoo.optimize import minimize

import problems
from evogan import checkpoint
from evogan.algorithms.gmoea import GMOEA
from evogan.algorithms.registry import make_algorithm
from evogan.checkpoint import CheckpointError
from evogan.errors import EvaluationError, OptionError
from evogan.run import solve


def _stop_after(n: int):
    calls = iter(range(10**6))
    return lambda: next(calls) + 1 >= n


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("gmoea", {"device": "cpu", "pop_size": 20}),
        ("gmoea", {"device": "cpu", "pop_size": 20, "latent": 1.0}),
        ("egan", {"device": "cpu", "pop_size": 20, "mu": 2}),
        ("nsga2", {"pop_size": 20}),
        ("nsga3", {"pop_size": 20}),
        ("moead", {"pop_size": 20}),
        ("rvea", {"pop_size": 20}),
        ("smsemoa", {"pop_size": 20}),
        ("rmmeda", {"pop_size": 20}),
        ("immoea", {"pop_size": 20, "n_partitions": 4}),
        ("moead-de", {"pop_size": 20}),
    ],
)
def test_stopped_then_resumed_run_equals_the_uninterrupted_one(tmp_path, name, options):
    problem = problems.get("zdt1", n_var=6)
    whole = solve(problem, make_algorithm(name, problem, **options), 600, seed=4)
    path = tmp_path / "run.ckpt"
    with pytest.raises(KeyboardInterrupt):
        solve(
            problem,
            make_algorithm(name, problem, **options),
            600,
            seed=4,
            checkpoint=path,
            checkpoint_every=3,
            stop=_stop_after(7),  # stops after generation 7, between two periodic saves
        )
    resumed = solve(problem, make_algorithm(name, problem, **options), 600, seed=4, checkpoint=path)
    assert np.array_equal(resumed.F, whole.F) and np.array_equal(resumed.X, whole.X)
    # RVEA turns the budget into whole generations (580 of 600 here)
    assert resumed.history == whole.history and resumed.n_evals == whole.n_evals >= 580


def test_a_finished_checkpoint_returns_the_same_result_without_running(tmp_path):
    problem = problems.get("zdt2", n_var=5)
    path = tmp_path / "done.ckpt"
    first = solve(problem, "nsga2", 300, seed=2, pop_size=20, checkpoint=path)
    again = solve(problem, "nsga2", 300, seed=2, pop_size=20, checkpoint=path)
    assert np.array_equal(first.F, again.F) and again.n_evals == 300


def test_sigkilled_command_resumes_to_the_uninterrupted_front(tmp_path):
    path = tmp_path / "killed.ckpt"
    args = ["imf1", "--algorithm", "gmoea:epochs=5", "--evals", "3000", "--seed", "3"]
    args += ["--pop-size", "30", "--device", "cpu", "--out", str(tmp_path)]
    child = subprocess.Popen(
        [sys.executable, "-m", "evogan.cli", "solve", *args, "--checkpoint", str(path)],
        env={**os.environ, "OMP_NUM_THREADS": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not path.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
    finally:
        out = child.communicate()[0]
    assert b"evals" not in out, "the kill must land before the run ends"
    problem = problems.get("imf1")
    options = {"device": "cpu", "epochs": 5, "pop_size": 30}
    saved = checkpoint.load(path, problem)
    assert 0 < saved.evaluator.n_eval < 3000
    resumed = solve(problem, make_algorithm("gmoea", problem, **options), 3000, 3, checkpoint=path)
    whole = solve(problem, make_algorithm("gmoea", problem, **options), 3000, 3)
    assert np.array_equal(resumed.F, whole.F)


class FlakyZDT1(Problem):
    """ZDT1 with 6 variables whose evaluation raises once ``broken`` is set."""

    def __init__(self, fail_after: int | None = None) -> None:
        super().__init__(n_var=6, n_obj=2, xl=0.0, xu=1.0)
        self.fail_after, self.done = fail_after, 0

    def _evaluate(self, X, out, *args, **kwargs):
        if self.fail_after is not None and self.done >= self.fail_after:
            raise RuntimeError("the simulator crashed")
        self.done += len(X)
        g = 1 + 9 * X[:, 1:].mean(axis=1)
        out["F"] = np.column_stack([X[:, 0], g * (1 - np.sqrt(X[:, 0] / g))])


def test_failed_evaluation_keeps_the_run_and_resumes_after_the_fix(tmp_path):
    path = tmp_path / "flaky.ckpt"
    algorithm = GMOEA(pop_size=20, device="cpu")
    with pytest.raises(EvaluationError, match="raised RuntimeError evaluating 20 solutions") as err:
        solve(FlakyZDT1(fail_after=200), algorithm, 600, seed=1, checkpoint=path)
    kept = err.value.algorithm
    assert kept.evaluator.n_eval == 200 and len(kept.pop) == 20
    assert np.isfinite(kept.pop.get("F")).all()
    fixed = solve(FlakyZDT1(), GMOEA(pop_size=20, device="cpu"), 600, seed=1, checkpoint=path)
    assert fixed.n_evals == 600 and len(fixed.F) > 0


class NaNZDT1(FlakyZDT1):
    def _evaluate(self, X, out, *args, **kwargs):
        super()._evaluate(X, out, *args, **kwargs)
        out["F"][X[:, 0] > 0.9, 1] = np.nan


def test_nan_objectives_from_any_problem_stop_with_the_rows_named():
    with pytest.raises(EvaluationError, match=r"returned NaN or inf in F for \d+ of 100 solutions"):
        solve(NaNZDT1(), "nsga2", 400, seed=1)
    with pytest.raises(EvaluationError, match="invalid='infeasible'"):
        minimize(NaNZDT1(), GMOEA(pop_size=20, device="cpu"), ("n_evals", 200), seed=1)


def test_a_checkpoint_of_another_problem_or_seed_is_refused(tmp_path):
    path = tmp_path / "zdt.ckpt"
    solve(problems.get("zdt1", n_var=5), "nsga2", 200, seed=1, pop_size=20, checkpoint=path)
    with pytest.raises(CheckpointError, match="saved for a problem"):
        solve(problems.get("zdt1", n_var=7), "nsga2", 200, seed=1, pop_size=20, checkpoint=path)
    with pytest.raises(OptionError, match=r"belongs to another run \(seed 1, 200 evaluations\)"):
        solve(problems.get("zdt1", n_var=5), "nsga2", 200, seed=2, pop_size=20, checkpoint=path)
    path.write_bytes(b"not a checkpoint")
    with pytest.raises(CheckpointError, match="cannot read checkpoint"):
        checkpoint.load(path, problems.get("zdt1", n_var=5))


def test_a_running_gmoea_pickles_and_carries_on_identically():
    problem = problems.get("zdt1", n_var=5)
    algorithm = GMOEA(pop_size=20, device="cpu")
    algorithm.setup(problem, termination=("n_evals", 400), seed=5)
    for _ in range(6):
        algorithm.next()
    copy = pickle.loads(pickle.dumps(algorithm))
    for a in (algorithm, copy):
        while a.has_next():
            a.next()
    assert np.array_equal(algorithm.pop.get("F"), copy.pop.get("F"))


@pytest.mark.parametrize("seed", [-1, 1.5, True])
def test_bad_seed_is_refused_before_running(seed):
    with pytest.raises(OptionError, match="seed must be a non-negative integer"):
        solve(problems.get("zdt1"), "nsga2", 200, seed=seed)


@pytest.mark.parametrize("name", ["nsga2", "moead-de"])
def test_checkpoints_count_generations_not_steps(tmp_path, monkeypatch, name):
    # MOEA/D-DE takes one step per offspring; saving every 3 steps pickled the whole
    # algorithm for every third offspring and made its campaign runs four times slower
    saves = []
    monkeypatch.setattr(checkpoint, "save", lambda algorithm, path: saves.append(algorithm.n_iter))
    problem = problems.get("zdt1", n_var=6)
    algorithm = make_algorithm(name, problem, pop_size=20)
    result = checkpoint.run(problem, algorithm, ("n_evals", 600), 4, path=tmp_path / "c", every=3)
    assert result.algorithm.evaluator.n_eval == 600
    assert 30 <= result.algorithm.n_iter <= 31  # 600 / 20 generations (pymoo counts on)
    # one save every 3 generations, and one at the end
    assert np.diff(saves[:-1]).tolist() == [3] * (len(saves) - 2)
    assert len(saves) == 10 + 1
