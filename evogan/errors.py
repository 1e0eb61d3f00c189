"""The exceptions evogan raises. Each also derives from the builtin a caller would expect."""

from __future__ import annotations


class EvoganError(Exception):
    """Base class of every error raised by evogan on purpose."""


class OptionError(EvoganError, ValueError):
    """An argument has an unknown or invalid value; the message lists the valid choices."""


class ProblemDefinitionError(EvoganError, ValueError):
    """A problem is ill-defined: bounds, sizes or a user function that does not fit."""


class EvaluationError(EvoganError, RuntimeError):
    """Evaluating solutions failed or returned values that cannot be used (NaN, inf, shape)."""


def check_choice(name: str, value: str, valid) -> str:
    """Return ``value`` if it is one of ``valid``, else raise OptionError listing them."""
    if value not in valid:
        choices = ", ".join(repr(v) for v in valid)
        raise OptionError(f"unknown {name} {value!r}; valid choices: {choices}")
    return value
