"""Checks of the peers' constructor arguments, with OptionError messages naming the value.

A stop-gap until the shared option declarations exist: each algorithm calls these from
one small function, so switching means replacing that function.
"""

from __future__ import annotations

import math

import numpy as np

from evogan.errors import OptionError


def integer(name: str, value: object, low: int) -> int:
    """``value`` as an int if it is an integer (not a bool) >= ``low``, else OptionError."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise OptionError(f"{name} must be an integer >= {low}, got {value!r}")
    return int(value)


def real(
    name: str,
    value: object,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
) -> float:
    """``value`` as a float if it is a finite number in the range, else OptionError.

    The range is ``[low, high]``, or ``(low, high]`` with ``low_open``; a bound that is
    None is absent.
    """
    ok = (
        not isinstance(value, bool)
        and isinstance(value, (int, float, np.integer, np.floating))
        and math.isfinite(value)
    )
    ok = ok and (low is None or (value > low if low_open else value >= low))
    ok = ok and (high is None or value <= high)
    if not ok:
        raise OptionError(
            f"{name} must be a finite number {_range(low, high, low_open)}, got {value!r}"
        )
    return float(value)


def _range(low: float | None, high: float | None, low_open: bool) -> str:
    """``"in [0, 1]"``, ``"> 0"`` or ``">= 0"``, for messages."""
    if low is not None and high is not None:
        return f"in {'(' if low_open else '['}{low:g}, {high:g}]"
    if low is not None:
        return f"{'>' if low_open else '>='} {low:g}"
    if high is not None:
        return f"<= {high:g}"
    return ""
