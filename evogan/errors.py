"""The exceptions evogan raises. Each also derives from the builtin a caller would expect.

They build on the ``problems`` package's errors: ``OptionError`` is also a
``problems.errors.OptionError``, and the errors of problem definition and evaluation are
the ``problems`` package's own, re-exported here. ``ERRORS`` holds the bases of every
error either package raises on purpose (what the command line reports as one line).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TypeVar

from problems import errors as _problems
from problems.errors import EvaluationError, ProblemDefinitionError, ProblemError

__all__ = [
    "ERRORS",
    "EvaluationError",
    "EvoganError",
    "OptionError",
    "ProblemDefinitionError",
    "ProblemError",
    "check_choice",
]

T = TypeVar("T")


class EvoganError(Exception):
    """Base class of every error raised by evogan on purpose."""


class OptionError(EvoganError, _problems.OptionError):
    """An argument has an unknown or invalid value; the message lists the valid choices."""


#: The bases of every error raised on purpose by evogan or by the ``problems`` package.
ERRORS: tuple[type[Exception], ...] = (EvoganError, ProblemError)


def check_choice(name: str, value: T, valid: Collection[T]) -> T:
    """Return ``value`` if it is one of ``valid``, else raise OptionError listing them."""
    if value not in valid:
        choices = ", ".join(repr(v) for v in valid)
        raise OptionError(f"unknown {name} {value!r}; valid choices: {choices}")
    return value
