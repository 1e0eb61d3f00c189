"""The one budget check: is an evaluation budget a positive integer that pays for at least
one generation of every task?

Single runs (``evogan.run.solve``), campaigns and the multitask solvers all call
``check_budget``, so a budget fails the same way wherever it is given.
"""

from __future__ import annotations

import numpy as np

from evogan.errors import OptionError

__all__ = ["check_budget"]


def check_budget(
    n_evals: object,
    pop_size: int | None = None,
    n_tasks: int = 1,
    *,
    subject: str | None = None,
    owner: str | None = None,
) -> int:
    """Check a budget of ``n_evals`` evaluations, shared equally by ``n_tasks`` tasks.

    Args:
        n_evals: the total budget.
        pop_size: the population of each task (None: only the budget's type is checked).
        n_tasks: the tasks sharing the budget.
        subject: how messages name the budget (default ``"n_evals=<value>"``).
        owner: an algorithm whose one population spans every task (MO-MFEA): messages
            then speak of one generation of it.

    Returns:
        The evaluations of each task, ``n_evals // n_tasks``.

    Raises:
        OptionError: a budget that is not a positive integer, or a share smaller than one
            population.
    """
    if isinstance(n_evals, bool) or not isinstance(n_evals, (int, np.integer)) or n_evals < 1:
        raise OptionError(f"n_evals must be a positive integer, got {n_evals!r}")
    share = int(n_evals) // n_tasks
    if pop_size is None or share >= pop_size:
        return share
    subject = subject or f"n_evals={n_evals}"
    if owner is not None:
        raise OptionError(
            f"{subject} is smaller than one generation of {owner} "
            f"(pop_size {pop_size} x {n_tasks} tasks = {pop_size * n_tasks})"
        )
    if n_tasks == 1:
        raise OptionError(f"{subject} is smaller than one population (pop_size={pop_size})")
    raise OptionError(
        f"{subject} gives each of {n_tasks} tasks {share} evaluations, fewer than one "
        f"generation (pop_size={pop_size}); give at least {pop_size * n_tasks}"
    )
