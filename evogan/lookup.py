"""Problems by name, for the command line and campaigns: the ``problems`` registry."""

from __future__ import annotations

from typing import Any

from pymoo.core.problem import Problem

from evogan.errors import OptionError
from problems import errors as problem_errors


def problem_names() -> list[str]:
    """Names accepted by :func:`get_problem` (the ``problems`` registry)."""
    import problems

    return list(problems.available())


def get_problem(name: str, **params: Any) -> Problem:
    """A single-task problem by name from the ``problems`` registry.

    Args:
        name: a name from :func:`problem_names` or an alias such as ``"c1-dtlz1"``
            (case-insensitive).
        **params: size parameters such as ``n_var`` or ``n_obj``; None values are dropped.

    Raises:
        OptionError: unknown problem name or parameter, listing the valid ones, or a
            multitask problem (these are solved task by task or by a multitask algorithm).
    """
    import problems

    params = {k: v for k, v in params.items() if v is not None}
    try:
        problem = problems.get(name, **params)
    except problem_errors.OptionError as exc:
        raise OptionError(str(exc)) from exc
    if isinstance(problem, problems.MultitaskProblem):
        raise OptionError(
            f"{name!r} is a multitask problem with {problem.n_tasks} tasks; its tasks are "
            f"ordinary problems: problems.get({name.lower()!r}).tasks[i]"
        )
    return problem


def problem_label(problem: Problem) -> str:
    """A short name for ``problem``: its ``name`` (attribute or method), else the class."""
    name = getattr(problem, "name", None)
    if callable(name):
        name = name()
    return str(name or type(problem).__name__).lower()
