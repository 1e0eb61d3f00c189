"""Multitask methods by name: declared options, checked before anything runs."""

from __future__ import annotations

import numpy as np
import pytest

from evogan.errors import OptionError
from evogan.multitask.suite import METHODS, method_info, run_method
from problems.cec17_mtmo import cec17_problem


@pytest.mark.parametrize(
    ("method", "options", "message"),
    [
        ("transfer", {"fractoin": 0.1}, "unknown transfer option(s) ['fractoin']; valid options:"),
        ("transfer", {"fraction": 1.5}, "transfer option fraction must lie in [0, 1], got 1.5"),
        ("transfer", {"period": 0}, "transfer option period must be an integer >= 1, got 0"),
        ("single", {"rmp": 0.3}, "unknown single option(s) ['rmp']"),
        ("momfea", {"rmp": 2}, "momfea option rmp must lie in [0, 1], got 2"),
        ("momfea", {"algorithm": "nsga2"}, "unknown momfea option(s) ['algorithm']"),
        ("single", {"algorithm": "nsga9"}, "unknown algorithm 'nsga9'; valid choices"),
        ("transfer", {"algorithm": "nsga2:eta=3"}, "unknown nsga2 option(s) ['eta']"),
        ("single", {"algorithm": "nsga2:pop_size=10"}, "sets pop_size; the method's pop_size"),
        ("transfer", {"algorithm": "gmoea:n_elites=50"}, "n_elites"),
    ],
)
def test_options_are_checked_with_a_message_naming_them(method, options, message):
    with pytest.raises(OptionError) as exc:
        method_info(method).check(options, pop_size=20)
    assert message in str(exc.value)


def test_unknown_method_lists_the_valid_ones():
    with pytest.raises(OptionError, match="unknown method 'mfea'; valid choices: 'transfer'"):
        method_info("mfea")


def test_settings_fill_in_the_declared_defaults():
    settings = METHODS["transfer"].settings({"algorithm": "nsga2", "direct": 1})
    assert settings == {
        "algorithm": "nsga2",
        "fraction": 0.1,
        "direct": 1.0,
        "period": 10,
        "epochs": 20,
        "crossover": False,
        "mutate": True,
        "device": "auto",
    }
    assert METHODS["momfea"].settings({}) == {
        "rmp": 0.9,
        "prob_c": 0.9,
        "eta_c": 20.0,
        "eta_m": 20.0,
    }


def test_run_method_scores_each_task_and_counts_its_evaluations():
    problem = cec17_problem("cims")
    outcome = run_method(problem, "momfea", 1, 4000, pop_size=20)
    assert outcome.n_evals[0] + outcome.n_evals[1] == 4000
    assert outcome.igd == [problem.igd(t, r.F) for t, r in enumerate(outcome.results)]
    single = run_method(problem, "single", 1, 4000, pop_size=20, algorithm="nsga2")
    assert single.n_evals == [2000, 2000] and np.isfinite(single.igd).all()
