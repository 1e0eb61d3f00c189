"""Bad input gets a clear error at construction, naming the argument, its value and what
is valid; on the command line it is one line and exit status 2."""

from __future__ import annotations

import pytest

import problems
from evogan.algorithms.gmoea import GMOEA
from evogan.cli import main
from evogan.errors import OptionError
from evogan.run import solve


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"pop_size": -5}, "GMOEA option pop_size must be an integer >= 2, got -5"),
        ({"pop_size": 2.5}, "GMOEA option pop_size must be an integer >= 2, got 2.5"),
        ({"pop_size": 0}, "GMOEA option pop_size must be an integer >= 2, got 0"),
        (
            {"n_elites": "30"},
            "GMOEA option n_elites must be an integer >= 1 or lie in (0, 1], got '30'",
        ),
        ({"epochs": 2.5}, "GMOEA option epochs must be an integer >= 1, got 2.5"),
        ({"lr_g": float("nan")}, "GMOEA option lr_g must be finite and > 0, got nan"),
        (
            {"hidden": 0},
            "GMOEA option hidden must be an integer >= 1, or be none (the decision "
            "dimension), got 0",
        ),
        ({"step_penalty": -10}, "GMOEA option step_penalty must be finite and >= 0, got -10"),
        (
            {"spread_penalty": -1},
            "GMOEA option spread_penalty must be finite and >= 0, got -1",
        ),
        ({"n_elites": 1000}, "n_elites=1000 is larger than pop_size=100"),
        ({"period": 0}, "GMOEA option period must be an integer >= 1, got 0"),
    ],
)
def test_gmoea_refuses_bad_options_at_construction(options, message):
    with pytest.raises(OptionError) as err:
        GMOEA(**options)
    assert str(err.value) == message


@pytest.mark.parametrize(
    ("n_evals", "message"),
    [
        (0, "n_evals must be a positive integer, got 0"),
        (-10, "n_evals must be a positive integer, got -10"),
        (50, "n_evals=50 is smaller than one population (pop_size=100)"),
    ],
)
def test_solve_refuses_a_budget_below_one_population(n_evals, message):
    with pytest.raises(OptionError) as err:
        solve(problems.get("zdt1"), "nsga2", n_evals, seed=1)
    assert str(err.value) == message


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("gmoea:epochs=abc", "GMOEA option epochs must be an integer >= 1, got 'abc'"),
        (
            "gmoea:n_elites=-1",
            "GMOEA option n_elites must be an integer >= 1 or lie in (0, 1], got '-1'",
        ),
        ("nsga2:foo=1", "unknown nsga2 option(s) ['foo']; valid options: "),
        ("gmoea:epochs", "option 'epochs' in algorithm spec 'gmoea:epochs' must read key=value"),
    ],
)
def test_command_line_specs_are_checked_by_the_declared_kinds(spec, message, capsys):
    code = main(["solve", "zdt1", "--algorithm", spec, "--evals", "200"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"evogan: error: {message}")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_spec_may_set_the_population_size(tmp_path, capsys):
    args = ["solve", "zdt1", "--algorithm", "nsga2:pop_size=50", "--evals", "200"]
    assert main([*args, "--out", str(tmp_path)]) == 0
    assert "200 evals" in capsys.readouterr().out
