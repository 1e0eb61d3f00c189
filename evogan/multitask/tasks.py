"""Checks and set-up shared by the multitask solvers: tasks, budgets, seeds, algorithms."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TypeAlias

import numpy as np
from pymoo.core.algorithm import Algorithm
from pymoo.core.problem import Problem

from evogan.algorithms.registry import make_algorithm, parse_spec, with_device
from evogan.budget import check_budget
from evogan.errors import OptionError

AlgorithmSpec: TypeAlias = "str | Algorithm"


def task_seeds(seed: int, n_tasks: int) -> list[int]:
    """The seed of each task's algorithm, derived from the run's ``seed``."""
    children = np.random.SeedSequence(seed).spawn(n_tasks)
    return [int(c.generate_state(1)[0]) for c in children]


def make_algorithms(
    tasks: Sequence[Problem],
    algorithm: AlgorithmSpec | Sequence[AlgorithmSpec],
    pop_size: int,
    device: str = "auto",
) -> list[Algorithm]:
    """One fresh algorithm per task from a name/spec, an instance, or a list of them.

    A spec is a registry name with options (``"gmoea:epochs=10"``); instances are deep
    copied so the caller's object is never set up.

    Raises:
        OptionError: an unknown name, or a list whose length is not the number of tasks.
    """
    specs = [algorithm] * len(tasks) if isinstance(algorithm, (str, Algorithm)) else algorithm
    specs = list(specs)
    if len(specs) != len(tasks):
        raise OptionError(f"got {len(specs)} algorithms for {len(tasks)} tasks; give one per task")
    algorithms = []
    for task, spec in zip(tasks, specs, strict=True):
        if isinstance(spec, Algorithm):
            algorithms.append(copy.deepcopy(spec))
            continue
        if not isinstance(spec, str):
            raise OptionError(f"an algorithm must be a name or a pymoo Algorithm, got {spec!r}")
        name, options = parse_spec(spec)
        options = with_device(name, options, device)
        algorithms.append(make_algorithm(name, task, pop_size=pop_size, **options))
    return algorithms


def check_tasks(tasks: Sequence[Problem]) -> list[Problem]:
    """The tasks as a list; at least one, each a pymoo Problem.

    Raises:
        OptionError: no tasks, or an entry that is not a pymoo Problem.
    """
    tasks = list(tasks)
    if not tasks:
        raise OptionError("no tasks given; pass a list of one or more pymoo problems")
    for i, task in enumerate(tasks):
        if not isinstance(task, Problem):
            raise OptionError(f"task {i} is a {type(task).__name__}, not a pymoo Problem")
    return tasks


def task_budget(n_evals: int, n_tasks: int, pop_sizes: Sequence[int]) -> int:
    """Evaluations of each task: an equal share ``n_evals // n_tasks`` of the total.

    Raises:
        OptionError: a budget that is not a positive integer, or a share smaller than one
            generation (the largest population) of a task.
    """
    return check_budget(n_evals, max(pop_sizes), n_tasks)


def pop_size_of(algorithm: Algorithm) -> int:
    return int(getattr(algorithm, "pop_size", None) or 1)
