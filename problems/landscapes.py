"""Single-objective landscapes used as distance functions by several suites.

Each takes ``x: ... x L`` and reduces over the last axis; each has minimum 0, at
``x = 0`` except Rosenbrock, which is minimal at ``x = 1``. The suites add their own
offsets (the CEC 2017 multitask suite uses ``1 + f``).
"""

from __future__ import annotations

import numpy as np


def sphere(x: np.ndarray) -> np.ndarray:
    """``sum x^2``."""
    return np.sum(x**2, axis=-1)


def schwefel(x: np.ndarray) -> np.ndarray:
    """Schwefel 2.21: ``max |x|``."""
    return np.max(np.abs(x), axis=-1)


def rosenbrock(x: np.ndarray) -> np.ndarray:
    """``sum_j 100 (x_j^2 - x_(j+1))^2 + (1 - x_j)^2`` (factor 100 on the first term only)."""
    a, b = x[..., :-1], x[..., 1:]
    return np.sum(100 * (a**2 - b) ** 2 + (1 - a) ** 2, axis=-1)


def rastrigin(x: np.ndarray) -> np.ndarray:
    """``sum x^2 - 10 cos(2 pi x) + 10``."""
    return np.sum(x**2 - 10 * np.cos(2 * np.pi * x) + 10, axis=-1)


def griewank(x: np.ndarray) -> np.ndarray:
    """``1 + sum x^2 / 4000 - prod cos(x_j / sqrt(j))``, j counted from 1."""
    j = np.arange(1, x.shape[-1] + 1)
    return 1 + np.sum(x**2, axis=-1) / 4000 - np.prod(np.cos(x / np.sqrt(j)), axis=-1)


def ackley(x: np.ndarray) -> np.ndarray:
    """``20 + e - 20 exp(-0.2 sqrt(mean x^2)) - exp(mean cos(2 pi x))``."""
    return (
        20
        + np.e
        - 20 * np.exp(-0.2 * np.sqrt(np.mean(x**2, axis=-1)))
        - np.exp(np.mean(np.cos(2 * np.pi * x), axis=-1))
    )


def optimum(f: object) -> float:
    """The value of every variable at the minimum of landscape ``f``."""
    return 1.0 if f is rosenbrock else 0.0
