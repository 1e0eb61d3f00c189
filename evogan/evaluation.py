"""evogan's policy for objective and constraint values that are not finite.

A run stops at the first evaluation that returns NaN or an infinite value in F, G or H, or
raises, with an ``EvaluationError`` that names the problem, the rows
and the first offending solution: an optimiser that carries on with NaN ranks and selects at
random and hides the fault. What was computed before stays available (see
``evogan.checkpoint``). To treat such solutions as infeasible instead, wrap the
function with ``problems.from_function(..., invalid="infeasible")``.

Every evogan algorithm evaluates through ``FiniteEvaluator``, and
``evogan.run.solve`` gives it to pymoo's algorithms too.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pymoo.core.evaluator import Evaluator
from pymoo.core.population import Population
from pymoo.core.problem import Problem

from evogan.errors import EvaluationError

__all__ = ["FiniteEvaluator", "check_finite", "finite_evaluator"]


def _name(problem: Problem) -> str:
    name = getattr(problem, "name", None)
    if callable(name):
        name = name()
    return str(name or type(problem).__name__)


def check_finite(problem: Problem, X: np.ndarray, values: dict[str, np.ndarray | None]) -> None:
    """Raise EvaluationError if any of ``values`` (``"F"``, ``"G"``...) is not finite.

    Args:
        problem: the problem evaluated (for the message).
        X: ``n x n_var`` the solutions evaluated.
        values: the arrays the problem returned, ``n x m`` each (None or empty: skipped).
    """
    bad_rows = np.zeros(len(X), dtype=bool)
    keys = []
    for key, A in values.items():
        if A is None or np.size(A) == 0:
            continue
        rows = ~np.isfinite(np.asarray(A, dtype=float).reshape(len(X), -1)).all(axis=1)
        if rows.any():
            keys.append(key)
            bad_rows |= rows
    if not keys:
        return
    rows = np.flatnonzero(bad_rows)
    shown = ", ".join(map(str, rows[:10])) + (
        f" and {len(rows) - 10} more" if len(rows) > 10 else ""
    )
    raise EvaluationError(
        f"{_name(problem)} returned NaN or inf in {' and '.join(keys)} for {len(rows)} of "
        f"{len(X)} solutions (rows {shown}; first x = {np.asarray(X)[rows[0]].tolist()}); "
        "evogan stops rather than rank NaN: fix the function, or wrap it with "
        "problems.from_function(..., invalid='infeasible') to mark such solutions infeasible"
    )


class FiniteEvaluator(Evaluator):
    """pymoo's Evaluator that refuses NaN and infinite values (see the module docstring).

    Any exception the problem raises becomes an EvaluationError too (the original one is
    its ``__cause__``). The failed batch is not counted in ``n_eval``.
    """

    def _eval(self, problem: Problem, pop: Population, evaluate_values_of: list, **kwargs: Any):
        # pymoo's own _eval, with the values checked before they reach the population
        X = pop.get("X")
        try:
            out = problem.evaluate(
                X, return_values_of=evaluate_values_of, return_as_dictionary=True, **kwargs
            )
        except EvaluationError:
            raise
        except Exception as exc:
            raise EvaluationError(
                f"{_name(problem)} raised {type(exc).__name__} evaluating {len(pop)} "
                f"solutions: {exc}"
            ) from exc
        check_finite(problem, X, {k: out.get(k) for k in ("F", "G", "H")})
        for key, value in out.items():
            if value is not None:
                pop.set(key, value)
        for individual in pop:
            individual.evaluated.update(out.keys())


def finite_evaluator(evaluator: Evaluator | None) -> Evaluator:
    """``evaluator`` as a ``FiniteEvaluator`` when it is pymoo's plain one (or None)."""
    if evaluator is None:
        return FiniteEvaluator()
    if type(evaluator) is Evaluator:
        finite = FiniteEvaluator(
            skip_already_evaluated=evaluator.skip_already_evaluated,
            evaluate_values_of=evaluator.evaluate_values_of,
            callback=evaluator.callback,
        )
        finite.n_eval = evaluator.n_eval
        return finite
    return evaluator
