"""What the registry knows of an algorithm: its name, summary, options and how to build it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pymoo.core.algorithm import Algorithm
from pymoo.core.problem import Problem

from evogan.options import Options

Builder = Callable[..., Algorithm]
"""``build(problem, **options)``: a fresh algorithm for ``problem`` from checked options."""


@dataclass(frozen=True)
class AlgorithmInfo:
    """One registered algorithm.

    Attributes:
        name: the registry name (``"gmoea"``, ``"nsga2"``).
        summary: one line for listings and help.
        options: the declaration its options are checked against.
        build: makes the algorithm from a problem and checked options.
        relations: checks that involve several options at once (``n_elites`` against
            ``pop_size``), raising OptionError; None when there are none.
    """

    name: str
    summary: str
    options: Options
    build: Builder
    relations: Callable[[dict[str, Any]], None] | None = None

    def check(self, options: dict[str, Any]) -> dict[str, Any]:
        """``options`` checked against the declaration and each other, nothing built."""
        checked = self.options.check(options)
        if self.relations is not None:
            self.relations(checked)
        return checked

    def make(self, problem: Problem, **options: Any) -> Algorithm:
        """A fresh algorithm for ``problem``; the options are checked first."""
        return self.build(problem, **self.check(options))

    @property
    def trains_gans(self) -> bool:
        """Whether it trains GANs (it then takes a torch ``device``)."""
        return "device" in self.options
