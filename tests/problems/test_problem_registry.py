"""Tests of problems/registry.py: lookup by name, parameters, and their errors."""

from __future__ import annotations

import pytest

import problems
from problems.errors import OptionError, ProblemDefinitionError

NAMES = ["zdt1", "zdt2", "zdt3", "zdt4", "zdt6"]
NAMES += [f"dtlz{i}" for i in range(1, 8)] + [f"imf{i}" for i in range(1, 11)]
NAMES += [f"lsmop{i}" for i in range(1, 10)] + [f"wfg{i}" for i in range(1, 10)]
NAMES += ["c1dtlz1", "c2dtlz2", "c3dtlz4"]
NAMES += ["cihs", "cims", "cils", "pihs", "pims", "pils", "nihs", "nims", "nils"]


def test_available_lists_every_problem_with_defaults() -> None:
    info = problems.available()
    assert sorted(info) == sorted(NAMES)
    assert info["zdt1"]["n_var"] == 30 and info["zdt4"]["n_var"] == 10
    assert info["zdt6"]["n_var"] == 10
    assert info["dtlz1"]["params"] == {"n_obj": 3, "k": 5, "n_var": None}
    assert info["dtlz2"]["n_var"] == 12 and info["dtlz7"]["params"]["k"] == 20
    assert info["imf4"]["n_obj"] == 3 and info["imf8"]["n_obj"] == 3
    assert info["imf1"]["params"] == {"n_var": 30, "n_obj": 2}
    assert all(entry["doc"] for entry in info.values())


@pytest.mark.parametrize("name", ["ZDT1", "Dtlz2", " imf4 ", "IMF10"])
def test_names_are_case_insensitive(name: str) -> None:
    assert problems.get(name).name().lower() == name.strip().lower()


def test_parameters_are_applied() -> None:
    assert problems.get("imf4", n_var=200).n_var == 200
    p = problems.get("dtlz3", n_obj=5, k=4)
    assert (p.n_obj, p.n_var, p.k) == (5, 8, 4)
    p = problems.get("dtlz1", n_obj=2, n_var=10)
    assert (p.n_obj, p.n_var, p.k) == (2, 10, 9)
    assert problems.get("zdt3", n_var=5, n_obj=2).n_var == 5


def test_unknown_name_lists_valid_names() -> None:
    with pytest.raises(
        OptionError, match=r"unknown problem 'zdt5'; valid choices: zdt1.*imf10.*nils"
    ):
        problems.get("zdt5")


def test_unknown_parameter_lists_valid_parameters() -> None:
    with pytest.raises(OptionError, match=r"'n_vars' for problem 'imf1'; valid parameters: n_var"):
        problems.get("imf1", n_vars=10)
    with pytest.raises(OptionError, match=r"valid parameters: n_obj \(integer >= 2\), k \("):
        problems.get("dtlz2", alpha=3)


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("zdt1", {"n_var": 0}, r"ZDT1: n_var must be an integer >= 2, got 0"),
        ("zdt4", {"n_var": 1.5}, r"ZDT4: n_var must be an integer >= 2, got 1.5"),
        ("zdt2", {"n_obj": 3}, r"ZDT2: n_obj is fixed at 2 .*got 3"),
        ("dtlz2", {"n_obj": 1}, r"DTLZ2: n_obj must be an integer >= 2, got 1"),
        ("dtlz1", {"k": 0}, r"DTLZ1: k must be an integer >= 1, got 0"),
        ("dtlz3", {"n_obj": 4, "n_var": 3}, r"DTLZ3: n_var must be an integer >= 4, got 3"),
        ("dtlz2", {"n_var": 12, "k": 4}, r"n_var=12 and k=4 disagree for n_obj=3"),
        ("imf4", {"n_var": 2}, r"IMF4: n_var must be an integer >= 3, got 2"),
        ("imf1", {"n_obj": 3}, r"IMF1: n_obj is fixed at 2"),
        ("imf8", {"n_var": "30"}, r"IMF8: n_var must be an integer >= 3, got '30'"),
    ],
)
def test_invalid_values_name_the_parameter(name: str, params: dict, message: str) -> None:
    with pytest.raises(ProblemDefinitionError, match=message):
        problems.get(name, **params)


def test_bad_name_type() -> None:
    with pytest.raises(OptionError, match="problem name must be a string"):
        problems.get(3)  # type: ignore[arg-type]


def test_errors_are_value_errors() -> None:
    """Callers who catch ValueError catch every registry error."""
    for call in (lambda: problems.get("nope"), lambda: problems.get("zdt1", n_var=-1)):
        with pytest.raises(ValueError):
            call()


def test_every_parameter_has_a_range_and_every_problem_a_suite() -> None:
    for name, info in problems.available().items():
        assert set(info["ranges"]) == set(info["params"]), name
        assert info["suite"] and isinstance(info["multitask"], bool)
    assert problems.available()["dtlz1"]["ranges"]["k"] == "integer >= 1"
    assert problems.available()["imf4"]["ranges"] == {"n_var": "integer >= 3", "n_obj": "3 only"}
