"""Tests of problems/fronts.py: the shared front-construction tools."""

from __future__ import annotations

import numpy as np
import pytest

from problems.errors import ProblemDefinitionError
from problems.fronts import (
    curve_points,
    farthest_point_subset,
    non_dominated_indices,
    non_dominated_mask,
    record_intervals,
    sample_intervals,
    simplex_points,
    sphere_points,
    zdt6_f1_min,
)


def brute_force_non_dominated(F: np.ndarray) -> np.ndarray:
    """Rows that no other row dominates, by comparing all pairs."""
    le = np.all(F[:, None, :] <= F[None, :, :], axis=2)
    lt = np.any(F[:, None, :] < F[None, :, :], axis=2)
    return ~np.any(le & lt, axis=0)


@pytest.mark.parametrize("n_obj", [2, 3, 4])
def test_non_dominated_mask_matches_brute_force(n_obj: int) -> None:
    F = np.random.default_rng(n_obj).random((300, n_obj))
    assert np.array_equal(non_dominated_mask(F), brute_force_non_dominated(F))


@pytest.mark.parametrize("n_obj", [2, 3])
def test_non_dominated_mask_keeps_one_of_duplicates(n_obj: int) -> None:
    F = np.vstack([np.eye(n_obj), np.eye(n_obj)[:1], np.ones((1, n_obj))])
    assert non_dominated_mask(F).sum() == n_obj


def test_farthest_point_subset_keeps_extremes_and_spreads() -> None:
    t = np.linspace(0, 1, 1001)
    F = np.column_stack([t, 1 - t])
    idx = farthest_point_subset(F, 9)
    assert {0, 1000} <= set(idx.tolist())
    assert np.allclose(np.sort(t[idx]), np.linspace(0, 1, 9))
    assert len(farthest_point_subset(F, 5000)) == 1001


@pytest.mark.parametrize(("n_points", "n_obj"), [(1, 3), (10, 2), (91, 3), (100, 3), (210, 5)])
def test_simplex_points_exact_size_on_simplex(n_points: int, n_obj: int) -> None:
    W = simplex_points(n_points, n_obj)
    assert W.shape == (n_points, n_obj)
    assert np.allclose(W.sum(axis=1), 1, atol=1e-12)
    assert W.min() >= 0
    assert len(np.unique(W.round(12), axis=0)) == n_points


def test_sphere_points_on_unit_sphere() -> None:
    P = sphere_points(150, 3)
    assert P.shape == (150, 3)
    assert np.allclose(np.linalg.norm(P, axis=1), 1, atol=1e-12)


def test_record_intervals_of_zdt3_match_literature() -> None:
    intervals = record_intervals(lambda t: 1 - np.sqrt(t) - t * np.sin(10 * np.pi * t))
    known = [
        (0, 0.0830015349),
        (0.182228780, 0.2577623634),
        (0.4093136748, 0.4538821041),
        (0.6183967944, 0.6525117038),
        (0.8233317983, 0.8518328654),
    ]
    assert np.allclose(intervals, known, atol=1e-8)


def test_sample_intervals_covers_only_the_intervals() -> None:
    intervals = ((0.0, 0.1), (0.5, 0.8))
    x = sample_intervals(intervals, np.linspace(0, 1, 41))
    assert np.all(((x >= 0) & (x <= 0.1)) | ((x >= 0.5) & (x <= 0.8)))
    assert x[0] == 0.0 and np.isclose(x[-1], 0.8)
    assert np.all(np.diff(x) >= 0)


def test_curve_points_equal_arc_length() -> None:
    P = curve_points(lambda t: np.column_stack([t, 1 - t]), ((0.0, 0.25), (0.75, 1.0)), 11)
    assert P.shape == (11, 2)
    steps = np.linalg.norm(np.diff(P, axis=0), axis=1)
    # Equal steps, except the one across the gap.
    gap = np.argmax(steps)
    assert gap in (4, 5) and np.allclose(np.delete(steps, gap), steps[0], rtol=1e-3)
    # No point falls inside the gap between the pieces.
    assert not np.any((P[:, 0] > 0.25 + 1e-12) & (P[:, 0] < 0.75 - 1e-12))


def test_curve_points_never_land_in_a_gap() -> None:
    """With many pieces, every point lies in one (once a point fell between two)."""
    pieces = tuple((0.1 * i, 0.1 * i + 0.03) for i in range(10))
    P = curve_points(lambda t: np.column_stack([t, 1 - t]), pieces, 997)
    inside = np.zeros(len(P), dtype=bool)
    for a, b in pieces:
        inside |= (P[:, 0] >= a - 1e-12) & (P[:, 0] <= b + 1e-12)
    assert inside.all()


def test_zdt6_f1_min_value() -> None:
    # The literature's 0.2807753191 is this value rounded (the minimiser is x = 0.0814578).
    assert zdt6_f1_min() == pytest.approx(0.2807753191, abs=1e-9)
    x = np.linspace(0.08, 0.083, 300_001)
    assert zdt6_f1_min() <= np.min(1 - np.exp(-4 * x) * np.sin(6 * np.pi * x) ** 6) + 1e-15


@pytest.mark.parametrize("bad", [0, -3, 2.5, "10", True])
def test_bad_n_points_raises(bad: object) -> None:
    with pytest.raises(ProblemDefinitionError, match="n_points must be an integer >= 1"):
        simplex_points(bad, 3)  # type: ignore[arg-type]


def test_non_dominated_indices_match_the_mask() -> None:
    F = np.random.default_rng(0).random((3000, 3))
    assert np.array_equal(non_dominated_indices(F), np.flatnonzero(non_dominated_mask(F)))


@pytest.mark.parametrize(("n_points", "n_obj"), [(1000, 8), (5000, 8), (1000, 10), (210, 5)])
def test_many_objective_simplex_points_fill_the_inside_too(n_points: int, n_obj: int) -> None:
    # a one-layer lattice of so few divisions has no point with every coordinate > 0
    W = simplex_points(n_points, n_obj)
    assert W.shape == (n_points, n_obj) and np.allclose(W.sum(axis=1), 1, atol=1e-12)
    assert len(np.unique(W.round(12), axis=0)) == n_points
    assert (W > 1e-12).all(axis=1).mean() >= 0.45
