"""The unified search space of multitasking: every task's box mapped onto [0, 1]^D.

D is the largest decision dimension of the tasks. A task with n_var = n reads the first n
coordinates of a unified point and scales them into its own bounds; the remaining D - n
coordinates carry nothing for it. This is the random-key encoding of the multifactorial
EA (Gupta et al. 2016), shared here by MO-MFEA and by the GAN transfer.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from pymoo.core.problem import Problem

from evogan.errors import ProblemDefinitionError


class UnifiedSpace:
    """Maps between each task's decision space and the common box [0, 1]^D.

    Args:
        tasks: the tasks (pymoo problems with finite bounds, possibly of different sizes).

    Raises:
        ProblemDefinitionError: a task without finite bounds, or with ``xl >= xu`` somewhere.
    """

    def __init__(self, tasks: Sequence[Problem]) -> None:
        self.bounds: list[tuple[np.ndarray, np.ndarray]] = []
        for i, task in enumerate(tasks):
            xl, xu = (np.asarray(b, dtype=float).reshape(-1) for b in task.bounds())
            if xl.shape != (task.n_var,) or xu.shape != (task.n_var,):
                raise ProblemDefinitionError(f"task {i} needs bounds of length n_var={task.n_var}")
            if not (np.all(np.isfinite(xl)) and np.all(np.isfinite(xu)) and np.all(xl < xu)):
                raise ProblemDefinitionError(
                    f"task {i} needs finite bounds with xl < xu in every variable"
                )
            self.bounds.append((xl, xu))
        self.n_var = [len(xl) for xl, _ in self.bounds]
        self.dim = max(self.n_var)

    def encode(self, task: int, X: np.ndarray, random_state: np.random.Generator) -> np.ndarray:
        """Task ``task``'s solutions ``X`` (``n x n_var``) as unified points (``n x D``).

        The coordinates past the task's own ``n_var`` are drawn uniformly in [0, 1] (as the
        unused genes of a multifactorial individual, which carry no information).
        """
        xl, xu = self.bounds[task]
        X = np.asarray(X, dtype=float)
        U = random_state.random((len(X), self.dim))
        U[:, : len(xl)] = np.clip((X - xl) / (xu - xl), 0.0, 1.0)
        return U

    def decode(self, task: int, U: np.ndarray) -> np.ndarray:
        """Unified points ``U`` (``n x D``) as task ``task``'s solutions, inside its bounds."""
        xl, xu = self.bounds[task]
        return xl + np.clip(U[:, : len(xl)], 0.0, 1.0) * (xu - xl)
