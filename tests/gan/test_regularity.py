import numpy as np

from evogan.gan.regularity import LocalModels, local_pca, sample_models, track


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


def plane_patches(rng, n=300, d=12):
    """Three noisy 2-dimensional patches of planes in d dimensions."""
    X = []
    for k in range(3):
        basis = np.linalg.qr(rng.standard_normal((d, 2)))[0]
        X.append(3.0 * np.eye(d)[k] + rng.random((n // 3, 2)) @ basis.T)
    return np.vstack(X) + 1e-3 * rng.standard_normal((n, d))


def test_tracking_a_still_population_reaches_local_pca_s_models():
    # Started from the exact models of a shifted copy (directions turned away a little),
    # a few rounds of tracking find Local PCA's exact models of the population.
    rng = np.random.default_rng(1)
    X = plane_patches(rng)
    exact = local_pca(X, q=2, n_clusters=3, rng=rng)
    assert sorted(exact.size) == [100, 100, 100]
    tilt = 0.3 * rng.standard_normal(exact.V.shape)
    models = LocalModels(
        exact.mean + 0.05,
        np.linalg.qr(exact.V + tilt)[0],
        exact.lower,
        exact.upper,
        exact.sigma2,
        exact.size,
    )
    for _ in range(5):
        models = track(models, X, rng)
    assert np.array_equal(models.size, exact.size)
    assert np.allclose(models.mean, exact.mean)
    # the same planes: projections onto them agree, whatever basis spans them
    same = np.einsum("kdq,keq->kde", models.V, models.V)
    assert np.allclose(same, np.einsum("kdq,keq->kde", exact.V, exact.V), atol=1e-6)
    assert np.allclose(models.sigma2, exact.sigma2, rtol=1e-4)
    width, exact_width = models.upper - models.lower, exact.upper - exact.lower
    assert np.allclose(np.sort(width, axis=1), np.sort(exact_width, axis=1), rtol=0.05)


def test_tracking_restarts_an_emptied_cluster_at_a_member_without_a_model():
    rng = np.random.default_rng(2)
    X = two_segments(rng)
    models = local_pca(X, q=1, n_clusters=2, rng=rng)
    far = LocalModels(
        np.vstack([models.mean, np.full((1, 3), 50.0)]),  # a third model nobody is near
        np.concatenate([models.V, models.V[:1]]),
        np.vstack([models.lower, [[0.0]]]),
        np.vstack([models.upper, [[1.0]]]),
        np.append(models.sigma2, 0.1),
        np.append(models.size, 5),
    )
    tracked = track(far, X, rng)
    assert tracked.size.tolist()[2] == 0 and not tracked.modelled[2]
    assert any(np.array_equal(tracked.mean[2], x) for x in X)  # restarted at a member
    assert np.all(tracked.V[2] == 0.0) and tracked.sigma2[2] == 0.0
    assert sorted(tracked.size[:2]) == [200, 200]


def test_tracking_gives_a_cluster_that_had_no_model_exact_directions():
    # A model with zero directions (a cluster of one member before) that now has the
    # members of a segment gets that segment's direction, not the zero it started from.
    rng = np.random.default_rng(3)
    X = two_segments(rng)
    exact = local_pca(X, q=1, n_clusters=2, rng=rng)
    start = LocalModels(
        exact.mean, np.zeros_like(exact.V), exact.lower, exact.upper, exact.sigma2, exact.size
    )
    tracked = track(start, X, rng, iterations=0)
    cos = np.abs(np.einsum("kd,kd->k", tracked.V[:, :, 0], exact.V[:, :, 0]))
    assert np.allclose(cos, 1.0)
