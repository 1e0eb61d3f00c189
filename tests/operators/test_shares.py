import numpy as np
import pytest

from evogan.operators.shares import SurvivalShares, split_counts


def test_split_counts_sum_and_largest_remainders():
    assert split_counts(10, np.array([1, 1, 1])).tolist() == [4, 3, 3]
    assert split_counts(100, np.array([0.2, 0.8])).tolist() == [20, 80]
    assert split_counts(7, np.array([0.5, 0.25, 0.25])).tolist() == [3, 2, 2]


def test_shares_move_halfway_to_survival_rates_and_keep_the_floor():
    shares = SurvivalShares(2, min_share=0.2)
    np.testing.assert_allclose(shares.shares, [0.5, 0.5])
    shares.update(np.array([50, 50]), np.array([0, 25]))  # only source 1 survives
    np.testing.assert_allclose(shares.raw, [0.25, 0.75])
    for _ in range(30):
        shares.update(np.array([50, 50]), np.array([0, 25]))
    np.testing.assert_allclose(shares.shares, [0.2, 0.8], atol=1e-6)


def test_no_survivors_or_no_offspring_leave_shares_alone():
    shares = SurvivalShares(3, min_share=0.1)
    before = shares.raw.copy()
    shares.update(np.array([10, 10, 10]), np.array([0, 0, 0]))
    shares.update(np.array([0, 0, 0]), np.array([0, 0, 0]))
    np.testing.assert_array_equal(shares.raw, before)


def test_floor_too_high_raises():
    with pytest.raises(ValueError, match="too large for 3 sources"):
        SurvivalShares(3, min_share=0.4)
