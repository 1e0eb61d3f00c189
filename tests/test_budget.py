"""The one budget check of single runs, campaigns and the multitask solvers."""

from __future__ import annotations

import pytest

from evogan.budget import check_budget
from evogan.errors import OptionError


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((0,), {}, "n_evals must be a positive integer, got 0"),
        ((10.5, 10), {}, "n_evals must be a positive integer, got 10.5"),
        ((True,), {}, "n_evals must be a positive integer, got True"),
        ((50, 100), {}, "n_evals=50 is smaller than one population (pop_size=100)"),
        (
            (150, 100, 2),
            {},
            "n_evals=150 gives each of 2 tasks 75 evaluations, fewer than one generation "
            "(pop_size=100); give at least 200",
        ),
        (
            (30, 20, 2),
            {"owner": "MO-MFEA"},
            "n_evals=30 is smaller than one generation of MO-MFEA (pop_size 20 x 2 tasks = 40)",
        ),
        (
            (10, 20),
            {"subject": "budget 10 of problem 'zdt1'"},
            "budget 10 of problem 'zdt1' is smaller than one population (pop_size=20)",
        ),
    ],
)
def test_a_bad_budget_raises_naming_it(args, kwargs, message):
    with pytest.raises(OptionError) as exc:
        check_budget(*args, **kwargs)
    assert str(exc.value) == message


def test_the_share_of_each_task_is_returned():
    assert check_budget(1000) == 1000
    assert check_budget(1001, 100, 2) == 500
    assert check_budget(40, 20, 2, owner="MO-MFEA") == 20
