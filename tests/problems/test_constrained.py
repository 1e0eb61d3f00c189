"""Tests of problems/constrained.py: C1-DTLZ1, C2-DTLZ2, C3-DTLZ4."""

from __future__ import annotations

import numpy as np
import pytest

import problems
from problems.errors import ProblemDefinitionError


def _evaluate(problem, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    out = problem.evaluate(X, return_as_dictionary=True)
    return out["F"], out["G"]


@pytest.mark.parametrize("name", ["c1dtlz1", "c2dtlz2", "c3dtlz4"])
@pytest.mark.parametrize("n_obj", [2, 3, 5])
def test_pareto_set_is_feasible(name: str, n_obj: int) -> None:
    problem = problems.get(name, n_obj=n_obj)
    _, G = _evaluate(problem, problem.pareto_set(500, random_state=0))
    assert G.shape == (500, n_obj if name == "c3dtlz4" else 1)
    assert np.all(G <= 0)


def test_constraint_values_by_hand() -> None:
    # C1-DTLZ1 (3 objectives, k = 5): x = (0.5, 0.5, 0.5...) gives g = 0 and
    # f = (0.125, 0.125, 0.25); constraint 0.25 / 0.6 + 0.25 / 0.5 + 0.25 / 0.5 - 1.
    c1 = problems.get("c1dtlz1")
    F, G = _evaluate(c1, np.full((1, 7), 0.5))
    assert F[0] == pytest.approx([0.125, 0.125, 0.25])
    assert G[0, 0] == pytest.approx(0.25 / 0.6 + 0.5 - 1)
    # C2-DTLZ2 (3 objectives, r = 0.4): x = (0, 0, 0.5...) gives f = e_1 exactly, the
    # corner itself: min over corners of |f - e_i|^2 - r^2 = -0.16 (feasible).
    c2 = problems.get("c2dtlz2")
    F, G = _evaluate(c2, np.array([[0.0, 0.0] + [0.5] * 10]))
    assert F[0] == pytest.approx([1, 0, 0], abs=1e-15) and G[0, 0] == pytest.approx(-0.16)
    # At f = (1, 1, 1) / sqrt(3) (x_1 = arctan(1 / sqrt 2) / (pi / 2), x_2 = 0.5):
    # the centre, so G = -r^2 = -0.16.
    x1 = np.arctan(1 / np.sqrt(2)) / (np.pi / 2)
    F, G = _evaluate(c2, np.array([[x1, 0.5] + [0.5] * 10]))
    assert F[0] == pytest.approx([1 / np.sqrt(3)] * 3) and G[0, 0] == pytest.approx(-0.16)
    # C3-DTLZ4 at the sphere point e_1: the constraint of objective 1 reads
    # 1 - 1/4 - 0 = 0.75 > 0 (infeasible), the others 1 - 0 - 1 = 0.
    c3 = problems.get("c3dtlz4")
    F, G = _evaluate(c3, np.array([[0.0, 0.0] + [0.5] * 10]))
    assert G[0] == pytest.approx([0.75, 0.0, 0.0], abs=1e-15)


def test_c2_front_is_the_feasible_part_of_the_sphere() -> None:
    problem = problems.get("c2dtlz2")
    front = problem.pareto_front(400)
    assert front.shape == (400, 3)
    # Every point is within r = 0.4 of a corner or of the centre, and both kinds occur.
    centre = np.linalg.norm(front - 1 / np.sqrt(3), axis=1) <= 0.4 + 1e-12
    corner = np.min([np.linalg.norm(front - e, axis=1) for e in np.eye(3)], axis=0) <= 0.4
    assert np.all(centre | corner) and centre.any() and corner.any()
    assert np.abs(np.sum(front**2, axis=1) - 1).max() < 1e-12


def test_c3_front_extents() -> None:
    # Towards a corner the radius is 1 / sqrt(1 - 3/4) = 2; on the diagonal of 3
    # objectives it is 1 / sqrt(1 - 1/4) = 2 / sqrt(3).
    front = problems.get("c3dtlz4").pareto_front(300)
    assert front.max() == pytest.approx(2.0)
    radius = np.linalg.norm(front, axis=1)
    assert 2 / np.sqrt(3) - 1e-12 <= radius.min() <= 1.02 * 2 / np.sqrt(3)


def test_names_and_errors() -> None:
    assert problems.get("C2-DTLZ2").name() == "C2DTLZ2"
    assert problems.available()["c1dtlz1"]["suite"] == "C-DTLZ"
    with pytest.raises(ProblemDefinitionError, match=r"C3DTLZ4: k must be an integer >= 4"):
        problems.get("c3dtlz4", k=3)
    with pytest.raises(ProblemDefinitionError, match=r"C1DTLZ1: n_obj must be an integer >= 2"):
        problems.get("c1dtlz1", n_obj=1)
