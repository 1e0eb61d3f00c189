"""Quality indicators as the project defines them: IGD and normalised hypervolume.

Both wrap pymoo's own indicators; this module only fixes the conventions (normalisation,
reference point) and checks the inputs.
"""

from __future__ import annotations

import numpy as np
from pymoo.indicators.hv import HV
from pymoo.indicators.igd import IGD

from evogan.errors import EvoganError

#: Reference point of the hypervolume in every coordinate normalised by the true front.
HV_REFERENCE = 1.1


def _check(F: np.ndarray | None, front: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return ``F`` and ``front`` as 2-D float arrays with the same number of objectives.

    Raises:
        EvoganError: ``front`` is empty or not 2-D, ``F`` is not 2-D, or their columns differ.
    """
    front = np.asarray(front, dtype=float)
    if front.ndim != 2 or len(front) == 0:
        raise EvoganError(
            f"front must be a non-empty 2-D array (n x n_obj), got shape {front.shape}"
        )
    if F is None:
        return np.empty((0, front.shape[1])), front
    F = np.asarray(F, dtype=float)
    if F.ndim == 1 and F.size == front.shape[1]:
        F = F[None, :]
    if F.size == 0:
        return np.empty((0, front.shape[1])), front
    if F.ndim != 2:
        raise EvoganError(f"F must be a 2-D array (n x n_obj), got shape {F.shape}")
    if F.shape[1] != front.shape[1]:
        raise EvoganError(f"F has n_obj={F.shape[1]} but the front has n_obj={front.shape[1]}")
    return F, front


def igd(F: np.ndarray | None, front: np.ndarray) -> float:
    """Inverted generational distance of ``F`` to the reference ``front``.

    Mean over the front's points of the Euclidean distance to the nearest point of ``F``,
    in the original objective space.

    Args:
        F: ``n x n_obj`` objective values of the solutions found (may be empty or None).
        front: ``m x n_obj`` points of the true Pareto front.

    Returns:
        The IGD (lower is better), or ``nan`` when ``F`` is empty.
    """
    F, front = _check(F, front)
    if len(F) == 0:
        return float("nan")
    return float(IGD(front).do(F))


def hv(F: np.ndarray | None, front: np.ndarray) -> float:
    """Hypervolume of ``F`` after normalising by the true front's ideal and nadir points.

    Each objective is mapped by ``(f - ideal) / (nadir - ideal)`` with ``ideal =
    front.min(0)`` and ``nadir = front.max(0)``; the reference point is 1.1 in every
    normalised coordinate. Points that do not dominate the reference point add nothing.

    Args:
        F: ``n x n_obj`` objective values of the solutions found (may be empty or None).
        front: ``m x n_obj`` points of the true Pareto front.

    Returns:
        The normalised hypervolume (higher is better), or ``nan`` when ``F`` is empty.
    """
    F, front = _check(F, front)
    if len(F) == 0:
        return float("nan")
    indicator = HV(
        ref_point=np.full(front.shape[1], HV_REFERENCE),
        norm_ref_point=False,
        zero_to_one=True,
        ideal=front.min(axis=0),
        nadir=front.max(axis=0),
    )
    return float(indicator.do(F))
