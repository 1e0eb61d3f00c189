"""A multitask problem: several ordinary pymoo problems (tasks) solved together."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from problems.base import Benchmark
from problems.errors import OptionError


class MultitaskProblem:
    """Tasks solved at once, with the suite's evaluation budget and its IGD per task.

    Each task is an ordinary pymoo problem with its own ``n_var``, ``n_obj`` and bounds,
    and its own ``igd(F)`` (the suite's indicator against its reference front).

    Attributes:
        name: the problem's name, e.g. ``"CIHS"``.
        tasks: the tasks, in the suite's order (task 1 first).
        max_evals: evaluations allowed in total, counted over all tasks together.
        description: one line on what the problem is.
    """

    def __init__(
        self,
        name: str,
        tasks: Sequence[Benchmark],
        max_evals: int,
        description: str = "",
    ) -> None:
        self.name = name
        self.tasks = tuple(tasks)
        self.max_evals = int(max_evals)
        self.description = description

    @property
    def n_tasks(self) -> int:
        """Number of tasks."""
        return len(self.tasks)

    @property
    def n_var(self) -> int:
        """The unified dimension: the largest ``n_var`` of the tasks."""
        return max(task.n_var for task in self.tasks)

    def igd(self, task: int, F: np.ndarray) -> float:
        """The suite's IGD of the objective vectors ``F`` (``n x n_obj``) on task ``task``.

        Args:
            task: 0-based task index.
            F: objective vectors found for that task.

        Raises:
            OptionError: ``task`` is not a valid index.
        """
        if isinstance(task, bool) or not isinstance(task, (int, np.integer)):
            raise OptionError(f"{self.name}: task must be an integer index, got {task!r}")
        if not 0 <= task < self.n_tasks:
            raise OptionError(
                f"{self.name}: task index {task} out of range; valid: 0..{self.n_tasks - 1}"
            )
        return self.tasks[task].igd(F)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{t.n_var} vars x {t.n_obj} obj" for t in self.tasks)
        return f"MultitaskProblem({self.name}: {sizes}; {self.max_evals} evaluations)"
