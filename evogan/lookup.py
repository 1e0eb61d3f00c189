"""Problems by name, for the command line and campaigns: the ``problems`` registry.

A task of a multitask problem is an ordinary problem too, named ``<problem>-t<k>``
(``"cihs-t1"``, the first task of CEC 2017's CIHS).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from pymoo.core.problem import Problem

from evogan.errors import OptionError
from problems import errors as problem_errors

if TYPE_CHECKING:
    from problems import MultitaskProblem

_TASK = re.compile(r"^(?P<problem>.+)-t(?P<task>[0-9]+)$")


def problem_names() -> list[str]:
    """Names accepted by ``get_problem`` (the ``problems`` registry)."""
    import problems

    return list(problems.available())


def get_problem(name: str, **params: Any) -> Problem:
    """A single-task problem by name from the ``problems`` registry.

    Args:
        name: a name from ``problem_names``, an alias such as ``"c1-dtlz1"``, or a
            task of a multitask problem such as ``"cihs-t1"`` (case-insensitive).
        **params: size parameters such as ``n_var`` or ``n_obj``; None values are dropped.

    Raises:
        OptionError: unknown problem name or parameter, listing the valid ones, or a
            multitask problem (these are solved task by task or by a multitask method).
    """
    import problems

    task = _TASK.match(name.strip().lower()) if isinstance(name, str) else None
    if task and task["problem"] in _multitask_names():
        tasks = get_multitask_problem(task["problem"], **params).tasks
        k = int(task["task"])
        if not 1 <= k <= len(tasks):
            raise OptionError(
                f"{task['problem']!r} has tasks 1..{len(tasks)}; there is no task {k} ({name!r})"
            )
        return tasks[k - 1]
    problem = _get(name, params)
    if isinstance(problem, problems.MultitaskProblem):
        raise OptionError(
            f"{name!r} is a multitask problem with {problem.n_tasks} tasks; its tasks are "
            f"ordinary problems: {name.lower()}-t1 .. {name.lower()}-t{problem.n_tasks}"
        )
    return problem


def get_multitask_problem(name: str, **params: Any) -> MultitaskProblem:
    """A multitask problem by name (``"cihs"``), with its tasks, budget and IGD per task.

    Raises:
        OptionError: an unknown name or parameter, or a single-task problem.
    """
    import problems

    problem = _get(name, params)
    if not isinstance(problem, problems.MultitaskProblem):
        raise OptionError(
            f"{name!r} is not a multitask problem; multitask problems: "
            + ", ".join(_multitask_names())
        )
    return problem


def is_task(name: str) -> bool:
    """Whether ``name`` names a task of a multitask problem (``"cihs-t1"``)."""
    match = _TASK.match(name.strip().lower())
    return match is not None and match["problem"] in _multitask_names()


def is_multitask(name: str) -> bool:
    """Whether ``name`` names a multitask problem (not one of its tasks)."""
    from problems.registry import ALIASES

    key = name.strip().lower()
    return ALIASES.get(key, key) in _multitask_names()


def _multitask_names() -> list[str]:
    import problems

    return [name for name, info in problems.available().items() if info["multitask"]]


def _get(name: str, params: dict[str, Any]) -> Any:
    import problems

    params = {k: v for k, v in params.items() if v is not None}
    try:
        return problems.get(name, **params)
    except problem_errors.OptionError as exc:
        raise OptionError(str(exc)) from exc


def problem_label(problem: Problem) -> str:
    """A short name for ``problem``: its ``name`` (attribute or method), else the class."""
    name = getattr(problem, "name", None)
    if callable(name):
        name = name()
    return str(name or type(problem).__name__).lower()
