"""RM-MEDA's regularity model: local linear models of a population's decision vectors.

Zhang, Zhou, Jin, "RM-MEDA: A Regularity Model-Based Multiobjective Estimation of
Distribution Algorithm", IEEE TEVC 12(1), 2008. The Pareto set of a continuous problem
with ``n_obj`` objectives is (under mild conditions) an ``(n_obj - 1)``-dimensional
piecewise-continuous manifold. Local PCA splits a population into K clusters, each with
the box spanned by its first ``n_obj - 1`` principal components; points are drawn from the
boxes, extended on both sides, plus Gaussian noise whose variance is the mean of the
remaining eigenvalues. RM-MEDA samples its offspring so; GMOEA's generator may take such
points as its inputs (``input="regularity"``), its models following the population from
one generation to the next (``track``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: A cluster mean moving less than this ends Local PCA (settings as in PlatEMO).
_MEAN_TOLERANCE = 1e-5


@dataclass(frozen=True)
class LocalModels:
    """K local linear models of a population's decision vectors.

    Attributes:
        mean: ``K x d`` cluster means.
        V: ``K x d x q`` orthonormal principal directions (q = n_obj - 1); zero columns
            where a cluster has fewer than two members or fewer than q directions.
        lower: ``K x q`` smallest projection of the cluster's members on each direction.
        upper: ``K x q`` largest projection.
        sigma2: ``K`` noise variances, the mean of each cluster's eigenvalues q+1..d.
        size: ``K`` members per cluster.
    """

    mean: np.ndarray
    V: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    sigma2: np.ndarray
    size: np.ndarray

    @property
    def modelled(self) -> np.ndarray:
        """``K`` booleans: the cluster has at least two members, hence a model."""
        return self.size >= 2

    def probabilities(self) -> np.ndarray:
        """``K`` probabilities of drawing an offspring from each cluster.

        Proportional to the volume of the cluster's box (the paper); by size where every
        volume is zero (a degenerate population).
        """
        volume = np.where(self.modelled, np.prod(self.upper - self.lower, axis=1), 0.0)
        weight = volume if volume.sum() > 0 else self.size.astype(float)
        return weight / weight.sum()


def _principal(Xk: np.ndarray, q: int) -> tuple[np.ndarray, np.ndarray, float]:
    """Mean, ``d x q`` first principal directions and residual variance of ``Xk`` (n x d).

    The residual variance is the mean of the eigenvalues q+1..d of the sample covariance:
    their sum is the total variance less the first q, so no d x d eigenproblem is solved.
    """
    n, d = Xk.shape
    mean = Xk.mean(axis=0)
    _, s, Vt = np.linalg.svd(Xk - mean, full_matrices=False)
    eig = s**2 / (n - 1)
    V = np.zeros((d, q))
    r = min(q, len(s))
    V[:, :r] = Vt[:r].T
    sigma2 = float(eig[q:].sum() / (d - q)) if d > q else 0.0
    return mean, V, sigma2


def _residual_distance(X: np.ndarray, mean: np.ndarray, V: np.ndarray) -> np.ndarray:
    """``n x K`` squared distances of the rows of X to each cluster's principal subspace.

    Args:
        X: ``n x d`` points.
        mean: ``K x d`` cluster means.
        V: ``K x d x q`` orthonormal (or zero) directions of each subspace.
    """
    diff = X[:, None, :] - mean[None]
    along = np.einsum("nkd,kdq->nkq", diff, V)
    return (diff**2).sum(axis=2) - (along**2).sum(axis=2)


def _fit(
    X: np.ndarray, labels: np.ndarray, K: int, q: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Means, directions and residual variances of the K clusters given by ``labels``.

    A cluster with one member is that point with no directions; an empty one is restarted
    at a random member of X (as Local PCA does).
    """
    n, d = X.shape
    mean, V, sigma2 = np.empty((K, d)), np.zeros((K, d, q)), np.zeros(K)
    for k in range(K):
        members = X[labels == k]
        if len(members) >= 2:
            mean[k], V[k], sigma2[k] = _principal(members, q)
        else:
            mean[k] = members[0] if len(members) else X[rng.integers(n)]
    return mean, V, sigma2


def local_pca(
    X: np.ndarray,
    q: int,
    n_clusters: int,
    rng: np.random.Generator,
    max_iter: int = 50,
) -> LocalModels:
    """Partition X by Local PCA (Kambhatla and Leen) into clusters with q-dim linear models.

    Each point joins the cluster whose affine principal subspace is nearest; clusters are
    refitted until no mean moves (or ``max_iter`` rounds). The first partition is by
    distance to K distinct random members of X. (``track`` follows a population from one
    generation to the next for less.)

    Args:
        X: ``n x d`` decision vectors.
        q: dimension of each local model (n_obj - 1).
        n_clusters: K (at most n clusters are made).
        rng: the random stream.
        max_iter: most refinement rounds (50, settings as in PlatEMO).
    """
    n, d = X.shape
    K = min(n_clusters, n)
    mean, V = X[rng.choice(n, K, replace=False)], np.zeros((K, d, q))
    for _ in range(max_iter):
        labels = np.argmin(_residual_distance(X, mean, V), axis=1)
        size = np.bincount(labels, minlength=K)
        new_mean, V, sigma2 = _fit(X, labels, K, q, rng)
        moved = np.linalg.norm(new_mean - mean, axis=1) > _MEAN_TOLERANCE
        mean = new_mean
        if not (moved.any() or (size == 0).any()):
            break
    along = np.einsum("nd,ndq->nq", X - mean[labels], V[labels])
    lower, upper = np.zeros((K, q)), np.zeros((K, q))
    for k in np.flatnonzero(size >= 2):
        lower[k], upper[k] = along[labels == k].min(axis=0), along[labels == k].max(axis=0)
    return LocalModels(mean, V, lower, upper, sigma2, size)


def sample_models(
    models: LocalModels, n: int, extension: float, rng: np.random.Generator
) -> np.ndarray:
    """``n x d`` points drawn from the local models.

    A cluster is drawn for each point (``LocalModels.probabilities``); the point is
    uniform in the cluster's box extended by ``extension`` of its width on each side, plus
    isotropic Gaussian noise of the cluster's residual variance. A cluster without a model
    (drawn only when every box is flat) gives its point plus standard normal noise
    (settings as in PlatEMO).
    """
    K, d, q = models.V.shape
    k_of = rng.choice(K, size=n, p=models.probabilities())
    X = np.empty((n, d))
    for k in np.unique(k_of):
        rows = np.flatnonzero(k_of == k)
        noise = rng.standard_normal((len(rows), d))
        if not models.modelled[k]:
            X[rows] = models.mean[k] + noise
            continue
        width = models.upper[k] - models.lower[k]
        low = models.lower[k] - extension * width
        t = low + rng.random((len(rows), q)) * (1 + 2 * extension) * width
        X[rows] = models.mean[k] + t @ models.V[k].T + np.sqrt(models.sigma2[k]) * noise
    return X


def _subspace_distance(X: np.ndarray, mean: np.ndarray, V: np.ndarray) -> np.ndarray:
    """``_residual_distance`` expanded into matrix products (no ``n x K x d`` array)."""
    near = (X**2).sum(axis=1)[:, None] - 2 * X @ mean.T + (mean**2).sum(axis=1)[None]
    along = np.matmul(X[None], V) - np.matmul(mean[:, None, :], V)  # K x n x q
    return near - (along**2).sum(axis=2).T


def track(
    models: LocalModels, X: np.ndarray, rng: np.random.Generator, iterations: int = 2
) -> LocalModels:
    """One round of Local PCA started from ``models``, with approximate directions.

    Each point joins the cluster whose model is nearest, as in ``local_pca``; each
    cluster's principal directions are then ``iterations`` steps of subspace iteration
    from its previous ones instead of an exact decomposition, for all clusters at once (a
    cluster without previous directions, having had fewer than two members, gets exact
    ones). Called once a generation, the models follow a population that moves a little at a
    time for a few matrix products (``local_pca`` runs a decomposition per cluster and
    round). The noise variance is the cluster's total variance less that along the
    directions found.

    Args:
        models: last generation's models (``K x d x q`` directions).
        X: ``n x d`` decision vectors.
        rng: the random stream (restarts an emptied cluster at a random member).
        iterations: subspace-iteration steps.
    """
    n, d = X.shape
    K, _, q = models.V.shape
    labels = np.argmin(_subspace_distance(X, models.mean, models.V), axis=1)
    member = np.zeros((K, n, 1))
    member[labels, np.arange(n), 0] = 1.0
    size = np.bincount(labels, minlength=K)
    mean = (member[:, :, 0] @ X) / np.maximum(size, 1)[:, None]
    for k in np.flatnonzero(size == 0):
        mean[k] = X[rng.integers(n)]

    def centred_along(V: np.ndarray) -> np.ndarray:
        """``K x n x q``: each member's centred coordinates along V, 0 for the others."""
        return member * (np.matmul(X[None], V) - np.matmul(mean[:, None, :], V))

    V = models.V.copy()
    for k in np.flatnonzero(size >= 2):  # no direction to start from: an exact one
        if not np.abs(V[k]).any(axis=0).all():
            V[k] = _principal(X[labels == k], q)[1]
    for _ in range(iterations):  # the members' scatter times V is X^T (centred along V)
        V, _ = np.linalg.qr(np.matmul(X.T[None], centred_along(V)))
    along = centred_along(V)
    dof = np.maximum(size - 1, 1)
    total = (member[:, :, 0] @ (X**2).sum(axis=1) - size * (mean**2).sum(axis=1)) / dof
    kept = (along**2).sum(axis=(1, 2)) / dof
    modelled = size >= 2
    sigma2 = np.where(modelled, np.maximum(total - kept, 0.0) / max(d - q, 1), 0.0)
    inside = member.astype(bool)
    lower = np.where(modelled[:, None], np.where(inside, along, np.inf).min(axis=1), 0.0)
    upper = np.where(modelled[:, None], np.where(inside, along, -np.inf).max(axis=1), 0.0)
    V = np.where(modelled[:, None, None], V, 0.0)
    return LocalModels(mean, V, lower, upper, sigma2, size)
