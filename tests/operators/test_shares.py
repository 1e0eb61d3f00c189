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


def test_a_gan_whose_offspring_stop_surviving_is_suspended_then_returns():
    from evogan.operators.shares import Health

    shares = SurvivalShares(2, min_share=0.2, health=Health(window=5, rest=3, min_offspring=60))
    suspended = []
    for gen in range(10):  # the GA keeps half its offspring, the GAN none
        if shares.update(np.array([30, 30]), np.array([15, 0])):
            suspended.append(gen)
    assert suspended[0] == 1  # 60 offspring made (two generations), none kept
    rest = SurvivalShares(2, min_share=0.2, health=Health(window=5, rest=3, min_offspring=60))
    for _ in range(2):
        rest.update(np.array([30, 30]), np.array([15, 0]))
    np.testing.assert_allclose(rest.shares, [1.0, 0.0])
    for _ in range(2):  # resting: it makes nothing, and is not tested
        assert rest.update(np.array([60, 0]), np.array([30, 0])) == []
        assert rest.shares[1] == 0.0
    rest.update(np.array([60, 0]), np.array([30, 0]))
    assert rest.shares[1] >= 0.2  # back at least at the floor


def test_health_leaves_a_gan_whose_offspring_survive_however_rarely():
    from evogan.operators.shares import Health

    shares = SurvivalShares(2, min_share=0.2, health=Health())
    for _ in range(50):
        assert shares.update(np.array([50, 50]), np.array([25, 1])) == []
