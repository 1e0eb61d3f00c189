"""Benchmark problem suites and the custom-function adapter.

Every benchmark is a pymoo ``Problem`` whose Pareto front and set are computed locally:
``problem.pareto_front(n_points)`` and ``problem.pareto_set(n_points, random_state)``.
Multitask suites (CEC 2017) give a ``MultitaskProblem`` whose ``tasks`` are such problems.

Example:
    >>> import problems
    >>> p = problems.get("imf4", n_var=200)
    >>> p.pareto_front(500).shape
    (500, 3)
"""

from __future__ import annotations

from problems.base import Benchmark
from problems.cec17_mtmo import CEC17Task, cec17_problem
from problems.custom import FunctionProblem, from_function
from problems.dtlz import DTLZ1, DTLZ2, DTLZ3, DTLZ4, DTLZ5, DTLZ6, DTLZ7
from problems.fronts import farthest_point_subset, non_dominated_mask
from problems.imf import IMF1, IMF2, IMF3, IMF4, IMF5, IMF6, IMF7, IMF8, IMF9, IMF10
from problems.lsmop import (
    LSMOP1,
    LSMOP2,
    LSMOP3,
    LSMOP4,
    LSMOP5,
    LSMOP6,
    LSMOP7,
    LSMOP8,
    LSMOP9,
)
from problems.multitask import MultitaskProblem
from problems.registry import available, get
from problems.zdt import ZDT1, ZDT2, ZDT3, ZDT4, ZDT6

__all__ = [
    "Benchmark",
    "MultitaskProblem",
    "CEC17Task",
    "cec17_problem",
    "FunctionProblem",
    "from_function",
    "available",
    "get",
    "farthest_point_subset",
    "non_dominated_mask",
    "ZDT1",
    "ZDT2",
    "ZDT3",
    "ZDT4",
    "ZDT6",
    "DTLZ1",
    "DTLZ2",
    "DTLZ3",
    "DTLZ4",
    "DTLZ5",
    "DTLZ6",
    "DTLZ7",
    "IMF1",
    "IMF2",
    "IMF3",
    "IMF4",
    "IMF5",
    "IMF6",
    "IMF7",
    "IMF8",
    "IMF9",
    "IMF10",
    "LSMOP1",
    "LSMOP2",
    "LSMOP3",
    "LSMOP4",
    "LSMOP5",
    "LSMOP6",
    "LSMOP7",
    "LSMOP8",
    "LSMOP9",
]
