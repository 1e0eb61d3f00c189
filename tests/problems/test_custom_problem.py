"""Tests of problems/custom.py: from_function and its errors."""

from __future__ import annotations

import numpy as np
import pytest
from pymoo.algorithms.moo.nsga2 import NSGA2
from pymoo.core.evaluator import Evaluator
from pymoo.core.population import Population
from pymoo.core.problem import Problem
from pymoo.optimize import minimize

from problems import from_function
from problems.errors import EvaluationError, OptionError, ProblemDefinitionError


def evaluate_with_cv(problem: Problem, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """F and the constraint violation CV as pymoo's algorithms see them."""
    pop = Evaluator().eval(problem, Population.new(X=X))
    return pop.get("F"), pop.get("CV")[:, 0]


def schaffer(X: np.ndarray) -> np.ndarray:
    return np.column_stack([X[:, 0] ** 2, (X[:, 0] - 2) ** 2 + X[:, 1] ** 2])


def constrained(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return schaffer(X), np.column_stack([X[:, 0] - 1, -X[:, 1]])


def test_vectorized_function() -> None:
    problem = from_function(schaffer, [-5, -5], [5, 5], n_obj=2)
    X = np.array([[0.0, 0.0], [2.0, 1.0]])
    assert np.allclose(problem.evaluate(X), [[0, 4], [4, 1]])
    assert (problem.n_var, problem.n_obj, problem.n_ieq_constr) == (2, 2, 0)
    assert problem.name() == "schaffer"


def test_row_function_with_constraints() -> None:
    def row(x: np.ndarray) -> tuple[list[float], float]:
        return [x.sum(), -x.sum()], x[0] - 0.5

    problem = from_function(row, [0, 0, 0], [1, 1, 1], 2, n_constr=1, vectorized=False)
    F, G = problem.evaluate(
        np.array([[0.1, 0.2, 0.3], [0.9, 0.0, 0.0]]), return_values_of=["F", "G"]
    )
    assert np.allclose(F, [[0.6, -0.6], [0.9, -0.9]])
    assert np.allclose(G, [[-0.4], [0.4]])


def test_single_objective_accepts_flat_output() -> None:
    problem = from_function(lambda X: X.sum(axis=1), [0, 0], [1, 1], n_obj=1)
    assert problem.evaluate(np.ones((3, 2))).shape == (3, 1)
    assert problem.name() == "custom problem"


def test_constrained_problem_runs_under_nsga2() -> None:
    problem = from_function(constrained, [-5, -5], [5, 5], 2, n_constr=2, name="con")
    res = minimize(problem, NSGA2(pop_size=20), ("n_gen", 5), seed=1)
    assert res.F is not None and np.all(res.X[:, 0] <= 1 + 1e-9)


@pytest.mark.parametrize(
    ("xl", "xu", "message"),
    [
        ([0, 0], [1], r"xl and xu must have the same length, got 2 and 1"),
        ([0, np.nan, 0], [1, 1, 1], r"xl must be finite; not finite at indices \[1\]"),
        ([0, 0], [1, np.inf], r"xu must be finite; not finite at indices \[1\]"),
        ([0, 2, 0, 5], [1, 1, 1, 5], r"xl must be < xu .*violated at indices \[1, 3\]"),
        (0, 1, r"xl and xu are both scalars"),
        ([[0, 0]], [[1, 1]], r"must be 1-D"),
        ([], [], r"must be 1-D"),
        (["a"], [1], r"xl and xu must be sequences of numbers"),
    ],
)
def test_bad_bounds(xl: object, xu: object, message: str) -> None:
    with pytest.raises(ProblemDefinitionError, match=message):
        from_function(schaffer, xl, xu, n_obj=2)


def test_scalar_bound_is_broadcast() -> None:
    problem = from_function(schaffer, 0, [1, 2, 3], n_obj=2)
    assert np.array_equal(problem.xl, [0, 0, 0])


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_obj": 0}, ProblemDefinitionError, r"n_obj must be an integer >= 1, got 0"),
        ({"n_obj": 2, "n_constr": -1}, ProblemDefinitionError, r"n_constr must be an integer >= 0"),
        ({"n_obj": 2, "invalid": "skip"}, OptionError, r"unknown invalid 'skip'; valid choices"),
    ],
)
def test_bad_sizes_and_options(kwargs: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        from_function(schaffer, [0, 0], [1, 1], **kwargs)


def test_f_must_be_callable() -> None:
    with pytest.raises(ProblemDefinitionError, match="f must be callable, got int"):
        from_function(3, [0], [1], n_obj=1)  # type: ignore[arg-type]


def test_wrong_shape_names_problem_and_shapes() -> None:
    problem = from_function(lambda X: X[:, :1], [0, 0], [1, 1], n_obj=2, name="toy")
    with pytest.raises(
        EvaluationError, match=r"toy: f returned F of shape \(4, 1\), expected \(4, 2\)"
    ):
        problem.evaluate(np.zeros((4, 2)))
    rows = from_function(lambda x: [1.0, 2.0, 3.0], [0], [1], 2, vectorized=False, name="rows")
    with pytest.raises(
        EvaluationError, match=r"rows: f returned F of shape \(3,\) at row 0, expected \(2,\)"
    ):
        rows.evaluate(np.zeros((2, 1)))


def test_wrong_constraint_shape_and_tuple_errors() -> None:
    bad_g = from_function(lambda X: (schaffer(X), X), [0, 0], [1, 1], 2, n_constr=1, name="g")
    with pytest.raises(
        EvaluationError, match=r"g: f returned G of shape \(3, 2\), expected \(3, 1\)"
    ):
        bad_g.evaluate(np.zeros((3, 2)))
    no_tuple = from_function(schaffer, [0, 0], [1, 1], 2, n_constr=1, name="nt")
    with pytest.raises(
        EvaluationError, match=r"nt: f must return a tuple \(F, G\) since n_constr=1"
    ):
        no_tuple.evaluate(np.zeros((3, 2)))
    extra = from_function(constrained, [0, 0], [1, 1], 2, name="ex")
    with pytest.raises(EvaluationError, match=r"ex: f returned a tuple but n_constr=0"):
        extra.evaluate(np.zeros((3, 2)))


def test_non_numeric_output() -> None:
    problem = from_function(lambda X: "oops", [0, 0], [1, 1], 2, name="txt")
    with pytest.raises(EvaluationError, match=r"txt: f returned F that is not numeric \(str\)"):
        problem.evaluate(np.zeros((2, 2)))


def test_nan_rows_are_named_with_first_bad_x() -> None:
    def f(X: np.ndarray) -> np.ndarray:
        F = schaffer(X)
        F[X[:, 0] > 0.5, 1] = np.nan
        F[X[:, 0] < -0.5, 0] = np.inf
        return F

    problem = from_function(f, [-1, -1], [1, 1], 2, name="nanny")
    X = np.array([[0.0, 0.0], [0.9, 0.3], [0.0, 0.1], [-0.9, 0.0]])
    with pytest.raises(
        EvaluationError,
        match=r"nanny: f returned NaN or inf in F at rows \[1, 3\] \(first bad x = \[0.9 0.3\]\)",
    ):
        problem.evaluate(X)


def test_nan_in_constraints_is_named() -> None:
    def f(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return schaffer(X), np.full((len(X), 1), np.nan)

    problem = from_function(f, [0, 0], [1, 1], 2, n_constr=1, name="cg")
    with pytest.raises(EvaluationError, match=r"cg: f returned NaN or inf in G at rows \[0, 1\]"):
        problem.evaluate(np.zeros((2, 2)))


def test_many_bad_rows_are_shortened() -> None:
    problem = from_function(lambda X: np.full((len(X), 2), np.nan), [0], [1], 2, name="all")
    with pytest.raises(
        EvaluationError, match=r"rows \[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, \.\.\. \(25 in all\)\]"
    ):
        problem.evaluate(np.zeros((25, 1)))


def test_invalid_rows_marked_infeasible() -> None:
    def f(X: np.ndarray) -> np.ndarray:
        F = schaffer(X)
        F[X[:, 0] > 0.5] = np.nan
        return F

    problem = from_function(f, [-1, -1], [1, 1], 2, invalid="infeasible", name="soft")
    assert problem.n_ieq_constr == 1
    X = np.array([[0.0, 0.0], [0.9, 0.3]])
    with pytest.warns(RuntimeWarning, match=r"soft: NaN or inf in F at rows \[1\] of 2"):
        F, CV = evaluate_with_cv(problem, X)
    assert np.isfinite(F).all() and np.allclose(F[0], [0, 4])
    assert CV[0] == 0 and CV[1] > 0


def test_invalid_rows_infeasible_keeps_user_constraints() -> None:
    def f(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        F, G = constrained(X)
        F[0, 0] = np.inf
        return F, G

    problem = from_function(f, [-5, -5], [5, 5], 2, n_constr=2, invalid="infeasible")
    X = np.array([[0.0, 1.0], [0.0, 1.0]])
    with pytest.warns(RuntimeWarning, match="marked infeasible"):
        _, CV = evaluate_with_cv(problem, X)
        G = problem.evaluate(X, return_values_of=["G"])
    assert np.allclose(G[1], [-1, -1]) and CV[1] == 0 and CV[0] > 0


def test_infeasible_mode_runs_under_nsga2() -> None:
    def f(X: np.ndarray) -> np.ndarray:
        F = schaffer(X)
        F[X[:, 1] > 0.5] = np.nan
        return F

    problem = from_function(f, [-5, -5], [5, 5], 2, invalid="infeasible")
    with pytest.warns(RuntimeWarning):
        res = minimize(problem, NSGA2(pop_size=20), ("n_gen", 5), seed=1)
    assert np.all(res.X[:, 1] <= 0.5)


@pytest.mark.parametrize("vectorized", [True, False])
def test_f_raising_is_chained(vectorized: bool) -> None:
    def broken(X: np.ndarray) -> np.ndarray:
        raise KeyError("missing")

    problem = from_function(broken, [0, 0], [1, 1], 2, vectorized=vectorized, name="broken")
    with pytest.raises(EvaluationError, match=r"broken: f raised KeyError") as info:
        problem.evaluate(np.zeros((2, 2)))
    assert isinstance(info.value.__cause__, KeyError)
    if not vectorized:
        assert "at row 0" in str(info.value)
