import numpy as np
import pytest

from evogan.survival.spea2 import dominance_matrix, spea2_fitness, spea2_select, truncate

SQUARE = np.array([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5], [1.0, 1.0]])
LINE = np.array([[0.0, 4.0], [1.0, 3.0], [1.1, 2.9], [3.0, 1.0], [4.0, 0.0]])


def test_dominance_matrix():
    D = dominance_matrix(SQUARE)
    assert D[:3, 3].all() and not D[3].any()
    assert not D[:3, :3].any()


def test_fitness_hand_worked():
    # S = (1, 1, 1, 0), so R = (0, 0, 0, 3); k = floor(sqrt(4)) = 2nd nearest neighbour:
    # p0, p1, p3 -> distance 1, p2 -> sqrt(0.5). Fitness = R + 1 / (sigma_k + 2).
    expected = [1 / 3, 1 / 3, 1 / (np.sqrt(0.5) + 2), 3 + 1 / 3]
    np.testing.assert_allclose(spea2_fitness(SQUARE), expected)
    assert (spea2_fitness(SQUARE)[:3] < 1).all()


def test_truncation_breaks_ties_by_second_neighbour():
    # p1 and p2 are each other's nearest neighbours (0.141); p1's second nearest (p0,
    # 1.414) is closer than p2's (p0, 1.556), so p1 goes first.
    assert truncate(LINE, 1).tolist() == [1]
    # Then p3 and p4 tie at 1.414; p3's second nearest (p2, 2.687) beats p4's (p2, 4.10).
    assert truncate(LINE, 2).tolist() == [1, 3]


def test_select_keeps_nondominated_and_truncates():
    assert sorted(spea2_select(LINE, 3).tolist()) == [0, 2, 4]
    # Too few non-dominated: fill up by fitness, the dominated point comes last.
    assert sorted(spea2_select(SQUARE, 4).tolist()) == [0, 1, 2, 3]
    assert sorted(spea2_select(SQUARE, 3).tolist()) == [0, 1, 2]


def test_truncate_matches_a_plain_reimplementation():
    def plain(F, k):
        d = np.linalg.norm(F[:, None] - F[None], axis=2)
        np.fill_diagonal(d, np.inf)
        gone = []
        for _ in range(k):
            alive = [i for i in range(len(F)) if i not in gone]
            rows = np.sort(d[np.ix_(alive, alive)], axis=1)
            gone.append(alive[np.lexsort(rows.T[::-1])[0]])
        return gone

    rng = np.random.default_rng(0)
    for _ in range(5):
        F = rng.random((40, 3))
        assert truncate(F, 25).tolist() == plain(F, 25)
    # A collapsed population: copies of a few points, so lists tie far down (and exactly).
    for _ in range(3):
        F = rng.integers(0, 4, size=(60, 2)).astype(float)
        assert truncate(F, 50).tolist() == plain(F, 50)


def test_truncate_rejects_bad_counts():
    with pytest.raises(ValueError, match="n_remove"):
        truncate(LINE, 5)


def test_shift_based_distances_crowd_a_solution_poor_in_most_objectives():
    from evogan.survival.spea2 import distances

    # normalised: p0 = (0, 1, 1) is poor in two objectives, p1 = (1, 0, 0) in one
    F = np.array([[0.0, 1.0, 1.0], [0.5, 0.5, 0.5]])
    D = distances(F, shifted=True)
    np.testing.assert_allclose([D[0, 1], D[1, 0]], [1.0, np.sqrt(2.0)])
    plain = distances(F)
    assert plain[0, 1] == plain[1, 0]


def test_auto_survival_switches_to_sde_from_four_objectives():
    from pymoo.core.population import Population
    from pymoo.problems import get_problem

    from evogan.survival.spea2 import AutoSurvival, SDESurvival, SPEA2Survival

    rng = np.random.default_rng(3)
    for n_obj, same_as in ((3, SPEA2Survival()), (5, SDESurvival())):
        problem = get_problem("dtlz2", n_obj=n_obj)
        F = rng.random((40, n_obj))
        pop = Population.new(X=rng.random((40, problem.n_var)), F=F)
        auto = AutoSurvival().do(problem, pop, n_survive=15)
        assert np.array_equal(auto.get("F"), same_as.do(problem, pop, n_survive=15).get("F"))


@pytest.mark.parametrize("n_obj", [2, 3, 5, 7, 8, 10])
def test_shift_based_distances_equal_the_one_array_formula_to_the_bit(n_obj):
    from evogan.survival.spea2 import distances

    rng = np.random.default_rng(n_obj)
    F = rng.random((60, n_obj)) ** 3
    span = F.max(axis=0) - F.min(axis=0)
    Z = (F - F.min(axis=0)) / span
    expected = np.sqrt(np.square(np.maximum(Z[None, :, :] - Z[:, None, :], 0.0)).sum(axis=2))
    np.fill_diagonal(expected, np.inf)
    assert np.array_equal(distances(F, shifted=True), expected)


@pytest.mark.parametrize("shifted", [False, True])
def test_selection_chooses_as_fitness_then_truncation(shifted):
    from evogan.survival.spea2 import distances, raw_fitness

    rng = np.random.default_rng(7)
    fronts = []
    for n_obj in (2, 3, 5):
        # a front of 60 points (rounded: with ties) and 20 points behind it
        W = rng.random((60, n_obj))
        W = np.round(W / W.sum(axis=1, keepdims=True), 2)
        fronts.append(np.vstack([W, W[:20] + 0.1]))
        fronts.append(W)  # all non-dominated: SDE shares its distances too
    for F in fronts:
        fitness = spea2_fitness(F, shifted)
        chosen = np.flatnonzero(fitness < 1)
        assert chosen.tolist() == np.flatnonzero(raw_fitness(F) == 0).tolist()
        n = len(chosen) - 5
        kept = np.delete(chosen, truncate(F[chosen], 5, shifted))
        assert spea2_select(F, n, shifted).tolist() == kept.tolist()
        # plain SPEA2's distances among the non-dominated are the whole population's
        sub = distances(F, shifted)[np.ix_(chosen, chosen)]
        if not shifted or len(chosen) == len(F):
            assert np.array_equal(sub, distances(F[chosen], shifted))
