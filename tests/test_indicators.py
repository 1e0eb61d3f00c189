from __future__ import annotations

import numpy as np
import pytest

from evogan.errors import EvoganError
from evogan.indicators import hv, igd

FRONT = np.array([[0.0, 1.0], [0.5, 0.5], [1.0, 0.0]])


def test_hv_of_one_point_by_hand():
    # normalised by ideal (0, 0) and nadir (1, 1): the box from (0.5, 0.5) to (1.1, 1.1)
    assert hv(np.array([[0.5, 0.5]]), FRONT) == pytest.approx(0.6 * 0.6)


def test_hv_of_two_points_by_hand_after_normalisation():
    front = np.array([[0.0, 10.0], [2.0, 0.0]])  # ideal (0, 0), nadir (2, 10)
    F = np.array([[0.0, 5.0], [1.0, 0.0]])  # normalised: (0, 0.5) and (0.5, 0)
    # union of [0, 1.1] x [0.5, 1.1] and [0.5, 1.1] x [0, 1.1]
    expected = 1.1 * 0.6 + 0.6 * 0.5
    assert hv(F, front) == pytest.approx(expected)


def test_hv_ignores_points_beyond_the_reference():
    F = np.array([[0.5, 0.5], [2.0, 0.0], [0.0, 1.2]])
    assert hv(F, FRONT) == pytest.approx(0.36)
    assert hv(np.array([[1.2, 1.2]]), FRONT) == 0.0


def test_hv_of_the_true_front_is_below_the_reference_box():
    value = hv(FRONT, FRONT)
    assert 0.21 < value < 1.21  # above the triangle under the front, below the box


def test_igd_of_front_against_itself_is_zero():
    assert igd(FRONT, FRONT) == 0.0


def test_igd_by_hand():
    # distances from the front's points to (0.5, 0.5): sqrt(0.5), 0, sqrt(0.5)
    assert igd(np.array([[0.5, 0.5]]), FRONT) == pytest.approx(2 * np.sqrt(0.5) / 3)


@pytest.mark.parametrize("F", [None, np.empty((0, 2)), []])
def test_empty_results_give_nan(F):
    assert np.isnan(hv(F, FRONT))
    assert np.isnan(igd(F, FRONT))


def test_single_point_as_1d_array():
    assert hv(np.array([0.5, 0.5]), FRONT) == pytest.approx(0.36)


def test_mismatched_n_obj_is_named():
    with pytest.raises(EvoganError, match="n_obj=3.*n_obj=2"):
        igd(np.ones((4, 3)), FRONT)
    with pytest.raises(EvoganError, match="n_obj"):
        hv(np.ones((4, 3)), FRONT)


def test_bad_front_is_an_error():
    with pytest.raises(EvoganError, match="front"):
        hv(np.ones((2, 2)), np.empty((0, 2)))
