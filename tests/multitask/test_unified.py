import numpy as np
import pytest

from evogan.errors import ProblemDefinitionError
from evogan.multitask import UnifiedSpace


def test_dimension_is_the_largest_task_and_decode_inverts_encode(tasks):
    space = UnifiedSpace(tasks)
    assert space.dim == 6 and space.n_var == [6, 4]
    rng = np.random.default_rng(0)
    xl, xu = tasks[1].bounds()
    X = xl + rng.random((5, 4)) * (xu - xl)
    U = space.encode(1, X, rng)
    assert U.shape == (5, 6) and U.min() >= 0.0 and U.max() <= 1.0
    np.testing.assert_allclose(space.decode(1, U), X)


def test_decode_clips_into_the_task_bounds(tasks):
    space = UnifiedSpace(tasks)
    X = space.decode(1, np.array([[-0.5, 2.0, 0.5, 1.0, 7.0, 7.0]]))
    xl, xu = tasks[1].bounds()
    np.testing.assert_array_equal(X[0], [xl[0], xu[1], 0.5 * (xl[2] + xu[2]), xu[3]])


def test_unbounded_task_is_refused():
    from pymoo.core.problem import Problem

    with pytest.raises(ProblemDefinitionError, match="task 0 needs finite bounds"):
        UnifiedSpace([Problem(n_var=2, n_obj=2, xl=0.0, xu=np.inf)])
