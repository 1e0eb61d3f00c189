import numpy as np

from evogan.gan.regularity import local_pca, sample_models


def two_segments(rng):
    t = rng.random(200)
    first = np.column_stack([t, np.zeros_like(t), np.zeros_like(t)])
    second = np.column_stack([np.zeros_like(t), t, np.ones_like(t)])
    return np.vstack([first, second]) + 1e-3 * rng.standard_normal((400, 3))


def test_local_pca_finds_two_segments():
    rng = np.random.default_rng(0)
    X = two_segments(rng)
    models = local_pca(X, q=1, n_clusters=2, rng=rng)
    assert sorted(models.size) == [200, 200]
    directions = np.abs(models.V[:, :, 0])  # each cluster's line runs along one axis
    assert sorted(np.argmax(directions, axis=1)) == [0, 1]
    assert np.allclose(models.upper - models.lower, 1.0, atol=0.02)
    assert np.all(models.sigma2 < 1e-5)
    samples = sample_models(models, 1000, extension=0.25, rng=rng)
    along = np.where(samples[:, 2] > 0.5, samples[:, 1], samples[:, 0])
    assert along.min() < -0.2 and along.max() > 1.2  # boxes extended by 25% each side


def test_local_pca_started_from_last_models_settles_in_one_round_without_a_draw():
    rng = np.random.default_rng(0)
    X = two_segments(rng)
    models = local_pca(X, q=1, n_clusters=2, rng=rng)
    moved = X + 0.01  # the population moved a little
    state = rng.bit_generator.state
    again = local_pca(moved, q=1, n_clusters=2, rng=rng, start=models, max_iter=2)
    assert rng.bit_generator.state == state  # no random first partition was drawn
    assert np.array_equal(again.size, models.size)
    assert np.allclose(again.mean, models.mean + 0.01)
    # a start of another shape (other cluster count) is ignored: a random partition then
    other = local_pca(moved, q=1, n_clusters=3, rng=rng, start=models)
    assert rng.bit_generator.state != state and len(other.size) == 3
