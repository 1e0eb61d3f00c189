"""The base class of the benchmark problems: local Pareto fronts and Pareto-set samplers."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from pymoo.core.problem import Problem

from problems.errors import ProblemDefinitionError
from problems.fronts import check_n_points

DEFAULT_FRONT_POINTS = 1000


def check_int(problem: str, name: str, value: object, minimum: int) -> int:
    """Return ``value`` as an int if it is an integer >= ``minimum``, else raise.

    Raises:
        ProblemDefinitionError: naming the problem, the parameter and what is valid.
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ProblemDefinitionError(
            f"{problem}: {name} must be an integer >= {minimum}, got {value!r}"
        )
    return int(value)


def check_fixed_n_obj(problem: str, n_obj: object, fixed: int) -> None:
    """Raise unless ``n_obj`` is ``None`` or the problem's fixed number of objectives.

    Raises:
        ProblemDefinitionError: naming the problem and its number of objectives.
    """
    if n_obj is not None and (isinstance(n_obj, bool) or n_obj != fixed):
        raise ProblemDefinitionError(
            f"{problem}: n_obj is fixed at {fixed} for this problem, got {n_obj!r}"
        )


def as_generator(random_state: np.random.Generator | int) -> np.random.Generator:
    """A numpy Generator from a Generator or an integer seed."""
    if isinstance(random_state, np.random.Generator):
        return random_state
    return np.random.default_rng(random_state)


class Benchmark(Problem):
    """A pymoo ``Problem`` whose true Pareto front and set are known and computed locally.

    Subclasses implement ``_calc_pareto_front(n_pareto_points)`` and
    ``_sample_pareto_set(n_points, rng)``, and describe the values each constructor
    parameter accepts in ``param_ranges``. Unlike pymoo's cache, which keeps only the first
    front ever asked for, fronts are cached per number of points, so
    ``pareto_front(100)`` after ``pareto_front(5000)`` returns 100 points.
    """

    param_ranges: ClassVar[dict[str, str]] = {}

    def pareto_front(
        self,
        n_points: int = DEFAULT_FRONT_POINTS,
        *,
        use_cache: bool = True,
        set_cache: bool = True,
    ) -> np.ndarray:
        """Points of the true Pareto front, computed locally (never downloaded).

        Args:
            n_points: how many points; the front has exactly this many.
            use_cache: return a cached front of this size if there is one.
            set_cache: remember the computed front.

        Returns:
            ``n_points x n_obj`` array of non-dominated objective vectors (for two
            objectives, sorted by f1).
        """
        n_points = check_n_points(n_points)
        cache: dict[int, np.ndarray] = self.__dict__.setdefault("_front_cache", {})
        if use_cache and n_points in cache:
            return cache[n_points].copy()
        F = np.asarray(self._calc_pareto_front(n_pareto_points=n_points), dtype=float)
        if self.n_obj == 2:
            F = F[np.argsort(F[:, 0], kind="stable")]
        if set_cache:
            cache[n_points] = F.copy()
        return F

    def pareto_set(
        self, n_points: int = 100, random_state: np.random.Generator | int = 0
    ) -> np.ndarray:
        """Random decision vectors on the true Pareto set.

        Args:
            n_points: how many.
            random_state: a numpy Generator or an integer seed.

        Returns:
            ``n_points x n_var`` array inside the bounds; their objective vectors lie on
            the Pareto front.
        """
        n_points = check_n_points(n_points)
        X = self._sample_pareto_set(n_points, as_generator(random_state))
        return np.clip(X, self.xl, self.xu)

    def _calc_pareto_front(self, n_pareto_points: int = DEFAULT_FRONT_POINTS) -> np.ndarray:
        raise NotImplementedError

    def _sample_pareto_set(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        raise NotImplementedError

    def name(self) -> str:
        """The registry name of the problem, e.g. ``"DTLZ2"``."""
        return type(self).__name__

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        state.pop("_front_cache", None)
        return state
