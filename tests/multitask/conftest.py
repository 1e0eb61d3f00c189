"""Small tasks of different sizes and bounds for the multitask tests."""

from __future__ import annotations

import numpy as np
import pytest
from pymoo.core.problem import Problem

import problems


class ShiftedCircle(Problem):
    """Two objectives on the quarter circle; optimum of the tail at ``shift``, wide bounds.

    Records every decision vector it evaluates in ``seen`` (to check the bounds).
    """

    def __init__(self, n_var: int = 4, bound: float = 100.0, shift: float = 20.0) -> None:
        xl = np.r_[0.0, np.full(n_var - 1, -bound)]
        xu = np.r_[1.0, np.linspace(bound / 2, bound, n_var - 1)]
        super().__init__(n_var=n_var, n_obj=2, xl=xl, xu=xu)
        self.shift = shift
        self.seen: list[np.ndarray] = []

    def _evaluate(self, X, out, *args, **kwargs):
        self.seen.append(np.array(X, copy=True))
        q = 1.0 + ((X[:, 1:] - self.shift) / 100.0) ** 2 @ np.ones(self.n_var - 1)
        a = 0.5 * np.pi * X[:, 0]
        out["F"] = np.column_stack([q * np.cos(a), q * np.sin(a)])


@pytest.fixture
def circle():
    """The ShiftedCircle class, to build tasks of other sizes."""
    return ShiftedCircle


@pytest.fixture
def tasks():
    """ZDT1 with 6 variables in [0, 1] and a 4-variable task with bounds up to +-100."""
    return [problems.get("zdt1", n_var=6), ShiftedCircle()]
