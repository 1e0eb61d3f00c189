"""Turn a user's Python function into a pymoo problem, with clear errors on bad output."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from pymoo.core.problem import Problem

from problems.errors import EvaluationError, ProblemDefinitionError, check_choice

# Objective and constraint value given to rows whose evaluation failed when
# invalid="infeasible": large, but finite so that arithmetic on populations stays finite.
INVALID_VALUE = 1e10
_SHOWN_ROWS = 10


def from_function(
    f: Callable[..., Any],
    xl: Any,
    xu: Any,
    n_obj: int,
    n_constr: int = 0,
    vectorized: bool = True,
    name: str | None = None,
    invalid: str = "raise",
) -> FunctionProblem:
    """A pymoo problem that evaluates ``f``.

    Args:
        f: if ``vectorized``, ``f(X)`` with ``X: n x n_var`` returns ``F: n x n_obj``, or
            ``(F, G)`` with ``G: n x n_constr`` when ``n_constr > 0`` (``G <= 0`` is
            feasible); otherwise ``f(x)`` with ``x: n_var`` returns ``F: n_obj`` or
            ``(F, G)``.
        xl: lower bounds, one per variable.
        xu: upper bounds, one per variable (``xl < xu``, both finite).
        n_obj: number of objectives (>= 1).
        n_constr: number of inequality constraints (>= 0).
        vectorized: whether ``f`` takes the whole population at once.
        name: used in error messages; defaults to the function's name.
        invalid: ``"raise"`` to raise ``EvaluationError`` on NaN or infinite values, or
            ``"infeasible"`` to warn and give those rows objective values
            ``INVALID_VALUE`` and a positive constraint violation (the problem then has
            at least one constraint column).

    Returns:
        The problem.

    Raises:
        ProblemDefinitionError: bad bounds, sizes or ``f``.
        OptionError: unknown ``invalid``.
    """
    return FunctionProblem(f, xl, xu, n_obj, n_constr, vectorized, name, invalid)


def _check_bounds(xl: Any, xu: Any) -> tuple[np.ndarray, np.ndarray]:
    """Bounds as float arrays of equal length, finite, with ``xl < xu``; else raise."""
    try:
        lo, hi = np.asarray(xl, dtype=float), np.asarray(xu, dtype=float)
    except (TypeError, ValueError) as e:
        raise ProblemDefinitionError(f"xl and xu must be sequences of numbers ({e})") from e
    if lo.ndim == 0 and hi.ndim == 0:
        raise ProblemDefinitionError(
            "xl and xu are both scalars; give at least one of them as a sequence with one "
            "bound per variable"
        )
    if lo.ndim == 0:
        lo = np.full(hi.shape, float(lo))
    if hi.ndim == 0:
        hi = np.full(lo.shape, float(hi))
    if lo.ndim != 1 or hi.ndim != 1 or len(lo) == 0:
        raise ProblemDefinitionError(
            f"xl and xu must be 1-D with one bound per variable, got shapes {lo.shape} "
            f"and {hi.shape}"
        )
    if len(lo) != len(hi):
        raise ProblemDefinitionError(
            f"xl and xu must have the same length, got {len(lo)} and {len(hi)}"
        )
    for label, b in (("xl", lo), ("xu", hi)):
        bad = np.flatnonzero(~np.isfinite(b))
        if len(bad):
            raise ProblemDefinitionError(
                f"{label} must be finite; not finite at indices {_rows(bad)}"
            )
    bad = np.flatnonzero(lo >= hi)
    if len(bad):
        raise ProblemDefinitionError(
            f"xl must be < xu for every variable; violated at indices {_rows(bad)}"
        )
    return lo, hi


def _check_count(label: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ProblemDefinitionError(f"{label} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _rows(idx: np.ndarray) -> str:
    """Indices for a message, shortened when there are many."""
    shown = ", ".join(str(int(i)) for i in idx[:_SHOWN_ROWS])
    more = f", ... ({len(idx)} in all)" if len(idx) > _SHOWN_ROWS else ""
    return f"[{shown}{more}]"


class FunctionProblem(Problem):
    """A pymoo problem around a user function; see ``from_function``."""

    def __init__(
        self,
        f: Callable[..., Any],
        xl: Any,
        xu: Any,
        n_obj: int,
        n_constr: int = 0,
        vectorized: bool = True,
        name: str | None = None,
        invalid: str = "raise",
    ) -> None:
        if not callable(f):
            raise ProblemDefinitionError(f"f must be callable, got {type(f).__name__}")
        lo, hi = _check_bounds(xl, xu)
        self.n_user_constr = _check_count("n_constr", n_constr, 0)
        self.invalid = check_choice("invalid", invalid, ("raise", "infeasible"))
        self.f = f
        self.vectorized = bool(vectorized)
        fname = getattr(f, "__name__", "")
        self._name = name or (fname if fname and fname != "<lambda>" else "custom problem")
        # Invalid rows need a constraint column to carry their violation.
        n_ieq = max(self.n_user_constr, 1) if invalid == "infeasible" else self.n_user_constr
        super().__init__(
            n_var=len(lo),
            n_obj=_check_count("n_obj", n_obj, 1),
            n_ieq_constr=n_ieq,
            xl=lo,
            xu=hi,
            vtype=float,
        )

    def name(self) -> str:
        """The name given to ``from_function`` (or the function's name)."""
        return self._name

    def _evaluate(self, x: np.ndarray, out: dict, *args: Any, **kwargs: Any) -> None:
        # A copy, so that an f which writes into its input cannot change the population.
        X = np.atleast_2d(np.array(x, dtype=float))
        F, G = self._call_vectorized(X) if self.vectorized else self._call_rows(X)
        bad = ~np.isfinite(F).all(axis=1)
        if G is not None:
            bad |= ~np.isfinite(G).all(axis=1)
        if bad.any():
            self._handle_invalid(X, F, G, np.flatnonzero(bad))
        if self.n_ieq_constr > 0:
            if G is None:
                G = np.zeros((len(X), self.n_ieq_constr))
            G[bad] = INVALID_VALUE
            F[bad] = INVALID_VALUE
            out["G"] = G
        out["F"] = F

    def _call_vectorized(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        try:
            result = self.f(X)
        except Exception as e:
            raise EvaluationError(f"{self._name}: f raised {type(e).__name__}: {e}") from e
        return self._split(result, len(X), "")

    def _call_rows(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        F = np.empty((len(X), self.n_obj))
        G = np.empty((len(X), self.n_user_constr)) if self.n_user_constr else None
        for i, x in enumerate(X):
            try:
                result = self.f(x)
            except Exception as e:
                raise EvaluationError(
                    f"{self._name}: f raised {type(e).__name__} at row {i} (x = {x}): {e}"
                ) from e
            Fi, Gi = self._split(result, None, f" at row {i}")
            F[i] = Fi
            if G is not None:
                G[i] = Gi
        return F, G

    def _split(
        self, result: Any, n: int | None, where: str
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Check f's return value and give (F, G) in the expected shapes.

        ``n`` is the number of rows for a vectorized call, ``None`` for a single row.
        """
        if self.n_user_constr > 0:
            if not isinstance(result, tuple) or len(result) != 2:
                raise EvaluationError(
                    f"{self._name}: f must return a tuple (F, G) since n_constr="
                    f"{self.n_user_constr}, got {type(result).__name__}{where}"
                )
            F_raw, G_raw = result
        elif isinstance(result, tuple):
            raise EvaluationError(
                f"{self._name}: f returned a tuple{where} but n_constr=0; return F only, or "
                f"pass n_constr to from_function"
            )
        else:
            F_raw, G_raw = result, None
        F = self._as_array("F", F_raw, n, self.n_obj, where)
        G = None if G_raw is None else self._as_array("G", G_raw, n, self.n_user_constr, where)
        return F, G

    def _as_array(self, label: str, value: Any, n: int | None, m: int, where: str) -> np.ndarray:
        try:
            A = np.array(value, dtype=float)
        except (TypeError, ValueError) as e:
            raise EvaluationError(
                f"{self._name}: f returned {label} that is not numeric{where} "
                f"({type(value).__name__})"
            ) from e
        expected = (m,) if n is None else (n, m)
        if n is None and A.ndim == 0 and m == 1:
            A = A.reshape(1)
        if n is not None and A.shape == (n,) and m == 1:
            A = A.reshape(n, 1)
        if A.shape != expected:
            raise EvaluationError(
                f"{self._name}: f returned {label} of shape {A.shape}{where}, expected {expected}"
            )
        return A

    def _handle_invalid(
        self, X: np.ndarray, F: np.ndarray, G: np.ndarray | None, rows: np.ndarray
    ) -> None:
        parts = {"F": F, "G": G}
        what = " and ".join(
            k for k, A in parts.items() if A is not None and not np.isfinite(A)[rows].all()
        )
        if self.invalid == "raise":
            raise EvaluationError(
                f"{self._name}: f returned NaN or inf in {what} at rows {_rows(rows)} "
                f"(first bad x = {X[rows[0]]}); fix f or pass invalid='infeasible'"
            )
        warnings.warn(
            f"{self._name}: NaN or inf in {what} at rows {_rows(rows)} of {len(X)}; "
            f"these solutions are marked infeasible",
            RuntimeWarning,
            stacklevel=2,
        )
