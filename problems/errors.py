"""The exceptions the problems package raises on purpose.

Each also derives from the builtin a caller would expect (``ValueError``,
``RuntimeError``). evogan's own errors build on these: ``evogan.errors.OptionError`` is a
``OptionError``, and evogan re-exports ``ProblemDefinitionError`` and
``EvaluationError``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TypeVar

T = TypeVar("T")


class ProblemError(Exception):
    """Base class of every error raised by the problems package on purpose."""


class OptionError(ProblemError, ValueError):
    """An unknown or invalid name, parameter or value; the message lists the valid choices."""


class ProblemDefinitionError(ProblemError, ValueError):
    """A problem is ill-defined: bounds, sizes or a user function that does not fit."""


class EvaluationError(ProblemError, RuntimeError):
    """Evaluating solutions failed or returned values that cannot be used (NaN, inf, shape)."""


def check_choice(name: str, value: T, valid: Collection[T]) -> T:
    """Return ``value`` if it is one of ``valid``, else raise OptionError listing them."""
    if value not in valid:
        choices = ", ".join(repr(v) for v in valid)
        raise OptionError(f"unknown {name} {value!r}; valid choices: {choices}")
    return value
