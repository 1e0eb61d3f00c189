"""The CEC 2017 multiobjective multitasking suite: nine two-task problems.

Yuan, Ong, Feng, Qin, Gupta, Da, Zhang, Tan, Jin, Ishibuchi, "Evolutionary multitasking
for multiobjective continuous optimization: benchmark problems, performance metrics and
baseline results", technical report, arXiv:1706.02766 (2017); defined as in the
organisers' own code and data.

Every task has ``k`` position variables in [0, 1] (``k = 1``, or ``k = 2`` for NIMS and
NILS) and a tail ``x_T`` (the other variables). The tail is transformed into
``z = M (x_T - s)`` with the suite's matrix ``M`` and shift ``s`` (either may be absent;
the matrices are dense and not orthogonal, and are used as stored), a function
``q(z) >= 1`` measures the distance to the Pareto set, and a shape function maps the
position variables and ``q`` to the objectives; the front is reached where ``q = 1``.

The matrices, shift vectors, the official IGD reference fronts and the organisers'
MO-MFEA results ship with the package (``problems/data/cec17_mtmo.npz``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
from scipy.spatial import cKDTree

from problems import landscapes
from problems.base import DEFAULT_FRONT_POINTS, Benchmark
from problems.errors import OptionError
from problems.fronts import curve_points, sphere_points
from problems.multitask import MultitaskProblem

DATA_FILE = "cec17_mtmo.npz"
# The report's budget: evaluations on both tasks together, for every problem.
MAX_EVALS = 200_000
# How many non-dominated vectors a run reports per task for the IGD.
REPORT_SIZE = {2: 100, 3: 120}


@cache
def suite_data() -> dict[str, np.ndarray]:
    """The suite's numbers, read from the package data (never from anywhere else).

    Keys: matrices ``Mcm2, Mpm1, Mpm2, Mnm2``; shift vectors ``Scm2, Sph2, Spm1, Spl2,
    Snl1``; official fronts ``PF_circle, PF_concave, PF_convex, PF_sphere``; the
    organisers' MO-MFEA final IGD, 30 runs x 2 tasks, ``MOMFEA_IGD_<PROBLEM>``.
    """
    with resources.as_file(resources.files("problems") / "data" / DATA_FILE) as path:
        with np.load(path) as npz:
            return {key: npz[key] for key in npz.files}


def mean_abs(z: np.ndarray) -> np.ndarray:
    """``(9 / L) sum |z|`` (minimum 0 at ``z = 0``)."""
    return 9 * np.mean(np.abs(z), axis=-1)


# The distance function of a task is q(z) = 1 + landscape(z), so q has minimum 1.
LANDSCAPES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sphere": landscapes.sphere,
    "mean_abs": mean_abs,
    "rosenbrock": landscapes.rosenbrock,
    "rastrigin": landscapes.rastrigin,
    "griewank": landscapes.griewank,
    "ackley": landscapes.ackley,
}


# The shapes: position variables P (n x k) and q (n) -> objectives.
def shape_circle(P: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``q (cos(pi x1 / 2), sin(pi x1 / 2))``; front: the quarter circle."""
    a = np.pi / 2 * P[:, 0]
    return np.column_stack([q * np.cos(a), q * np.sin(a)])


def shape_concave(P: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``f1 = mean(P)``, ``f2 = q (1 - (f1 / q)^2)``; front: ``f2 = 1 - f1^2``."""
    f1 = P.mean(axis=1)
    return np.column_stack([f1, q * (1 - (f1 / q) ** 2)])


def shape_convex(P: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``f1 = x1``, ``f2 = q (1 - sqrt(f1 / q))``; front: ``f2 = 1 - sqrt(f1)``."""
    f1 = P[:, 0]
    return np.column_stack([f1, q * (1 - np.sqrt(f1 / q))])


def shape_sphere(P: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Three objectives ``q`` times a point of the unit sphere's positive octant."""
    a, b = np.pi / 2 * P[:, 0], np.pi / 2 * P[:, 1]
    return np.column_stack([q * np.cos(a) * np.cos(b), q * np.cos(a) * np.sin(b), q * np.sin(a)])


SHAPES: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "circle": shape_circle,
    "concave": shape_concave,
    "convex": shape_convex,
    "sphere": shape_sphere,
}


def _curve(f2: Callable[[np.ndarray], np.ndarray]) -> Callable[[np.ndarray], np.ndarray]:
    return lambda t: np.column_stack([t, f2(t)])


def _quarter_circle(t: np.ndarray) -> np.ndarray:
    return np.column_stack([np.cos(np.pi / 2 * t), np.sin(np.pi / 2 * t)])


# Each shape's true front, as n points.
FRONTS: dict[str, Callable[[int], np.ndarray]] = {
    "circle": lambda n: curve_points(_quarter_circle, ((0.0, 1.0),), n),
    "concave": lambda n: curve_points(_curve(lambda t: 1 - t**2), ((0.0, 1.0),), n),
    "convex": lambda n: curve_points(_curve(lambda t: 1 - np.sqrt(t)), ((0.0, 1.0),), n),
    "sphere": lambda n: sphere_points(n, 3),
}


def cec17_igd(F: np.ndarray, reference: np.ndarray) -> float:
    """The suite's IGD: ``sqrt(sum_p d(p)^2) / |P*|`` after normalising by ``P*``.

    Both sets are scaled per objective by the minimum and maximum of the reference set
    ``P*``; ``d(p)`` is the distance from a point ``p`` of ``P*`` to the nearest row of
    ``F``. Note the square root of the sum of squares, not the mean distance.

    Args:
        F: ``n x m`` objective vectors (the suite reports at most 100 non-dominated
            vectors per two-objective task and 120 per three-objective task).
        reference: ``N x m`` reference set ``P*``.
    """
    lo, hi = reference.min(axis=0), reference.max(axis=0)
    span = hi - lo
    d, _ = cKDTree((F - lo) / span).query((reference - lo) / span)
    return float(np.sqrt(np.sum(d**2)) / len(reference))


@dataclass(frozen=True)
class TaskSpec:
    """One task of the suite.

    Attributes:
        n_var: number of variables.
        n_position: position variables (in [0, 1]) at the front of ``x``.
        tail_bounds: bounds of every other variable.
        q: name of the landscape in ``q = 1 + landscape(z)`` (a key of ``LANDSCAPES``).
        shape: name of the objective shape and front (a key of ``SHAPES``).
        matrix: data key of ``M`` in ``z = M (x_T - s)``, or None.
        shift: data key of ``s``, or None.
    """

    n_var: int
    n_position: int
    tail_bounds: tuple[float, float]
    q: str
    shape: str
    matrix: str | None = None
    shift: str | None = None


class CEC17Task(Benchmark):
    """One task of a CEC 2017 multitask problem: an ordinary pymoo problem.

    ``pareto_front(n)`` samples the task's true front; ``reference_front`` is the
    official reference set of the suite and ``igd(F)`` the suite's IGD against it.
    """

    def __init__(self, label: str, spec: TaskSpec) -> None:
        self.label = label
        self.spec = spec
        data = suite_data()
        L = spec.n_var - spec.n_position
        self.matrix = None if spec.matrix is None else data[spec.matrix]
        self.shift = np.zeros(L) if spec.shift is None else data[spec.shift]
        self.landscape = LANDSCAPES[spec.q]
        self.shape = SHAPES[spec.shape]
        self.reference_front = data[f"PF_{spec.shape}"]
        n_obj = 3 if spec.shape == "sphere" else 2
        self.report_size = REPORT_SIZE[n_obj]
        xl = np.full(spec.n_var, float(spec.tail_bounds[0]))
        xu = np.full(spec.n_var, float(spec.tail_bounds[1]))
        xl[: spec.n_position], xu[: spec.n_position] = 0.0, 1.0
        super().__init__(n_var=spec.n_var, n_obj=n_obj, xl=xl, xu=xu, vtype=float)

    def name(self) -> str:
        """E.g. ``"CIHS-T1"``."""
        return self.label

    def transform(self, tail: np.ndarray) -> np.ndarray:
        """``z = M (x_T - s)`` for each row of ``tail`` (``n x L``)."""
        z = tail - self.shift
        return z if self.matrix is None else z @ self.matrix.T

    def _evaluate(self, x: np.ndarray, out: dict, *args: object, **kwargs: object) -> None:
        k = self.spec.n_position
        q = 1 + self.landscape(self.transform(x[:, k:]))
        out["F"] = self.shape(x[:, :k], q)

    def _calc_pareto_front(self, n_pareto_points: int = DEFAULT_FRONT_POINTS) -> np.ndarray:
        return FRONTS[self.spec.shape](n_pareto_points)

    def _sample_pareto_set(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        k = self.spec.n_position
        z_opt = np.full(self.n_var - k, landscapes.optimum(self.landscape))
        tail = self.shift + (z_opt if self.matrix is None else np.linalg.solve(self.matrix, z_opt))
        X = np.empty((n_points, self.n_var))
        X[:, :k] = rng.random((n_points, k))
        X[:, k:] = tail
        return X

    def igd(self, F: np.ndarray) -> float:
        """The suite's IGD of ``F`` (``n x n_obj``) against ``reference_front``.

        Raises:
            OptionError: ``F`` is not a non-empty finite ``n x n_obj`` array.
        """
        F = np.asarray(F, dtype=float)
        if F.ndim != 2 or F.shape[1] != self.n_obj or len(F) == 0 or not np.isfinite(F).all():
            raise OptionError(
                f"{self.label}: F must be a non-empty finite n x {self.n_obj} array, "
                f"got shape {F.shape}"
            )
        return cec17_igd(F, self.reference_front)


# name: (similarity of the two tasks stated by the report, task 1, task 2)
PROBLEMS: dict[str, tuple[float, TaskSpec, TaskSpec]] = {
    "CIHS": (
        0.97,
        TaskSpec(50, 1, (-100, 100), "sphere", "circle"),
        TaskSpec(50, 1, (-100, 100), "mean_abs", "concave"),
    ),
    "CIMS": (
        0.52,
        TaskSpec(10, 1, (-5, 5), "rosenbrock", "concave"),
        TaskSpec(10, 1, (-5, 5), "mean_abs", "circle", matrix="Mcm2", shift="Scm2"),
    ),
    "CILS": (
        0.07,
        TaskSpec(50, 1, (-2, 2), "rastrigin", "circle"),
        TaskSpec(50, 1, (-1, 1), "ackley", "convex"),
    ),
    "PIHS": (
        0.99,
        TaskSpec(50, 1, (-100, 100), "sphere", "convex"),
        TaskSpec(50, 1, (-100, 100), "rastrigin", "convex", shift="Sph2"),
    ),
    "PIMS": (
        0.55,
        TaskSpec(50, 1, (0, 1), "sphere", "circle", matrix="Mpm1", shift="Spm1"),
        TaskSpec(50, 1, (0, 1), "rastrigin", "concave", matrix="Mpm2"),
    ),
    "PILS": (
        0.002,
        TaskSpec(50, 1, (-50, 50), "griewank", "circle"),
        TaskSpec(50, 1, (-100, 100), "ackley", "circle", shift="Spl2"),
    ),
    "NIHS": (
        0.94,
        TaskSpec(50, 1, (-80, 80), "rosenbrock", "circle"),
        TaskSpec(50, 1, (-80, 80), "sphere", "convex"),
    ),
    "NIMS": (
        0.51,
        TaskSpec(20, 2, (-20, 20), "rosenbrock", "sphere"),
        TaskSpec(20, 2, (-20, 20), "sphere", "concave", matrix="Mnm2"),
    ),
    "NILS": (
        0.001,
        TaskSpec(25, 2, (-50, 50), "griewank", "sphere", shift="Snl1"),
        TaskSpec(50, 2, (-100, 100), "ackley", "concave"),
    ),
}
INTERSECTION = {"CI": "complete", "PI": "partial", "NI": "no"}
SIMILARITY = {"H": "high", "M": "medium", "L": "low"}


def cec17_problem(name: str) -> MultitaskProblem:
    """The CEC 2017 multitask problem ``name`` (one of ``PROBLEMS``, case-insensitive).

    Raises:
        OptionError: unknown name, listing the valid ones.
    """
    key = name.upper()
    if key not in PROBLEMS:
        raise OptionError(
            f"unknown CEC 2017 multitask problem {name!r}; valid: {', '.join(PROBLEMS)}"
        )
    similarity, *specs = PROBLEMS[key]
    tasks = [CEC17Task(f"{key}-T{i}", spec) for i, spec in enumerate(specs, start=1)]
    description = (
        f"CEC 2017 multitask: {INTERSECTION[key[:2]]} intersection of the Pareto sets, "
        f"{SIMILARITY[key[2]]} similarity ({similarity})"
    )
    return MultitaskProblem(key, tasks, MAX_EVALS, description)


def momfea_igd(name: str) -> np.ndarray:
    """The organisers' MO-MFEA final IGD on problem ``name``: 30 runs x 2 tasks."""
    return suite_data()[f"MOMFEA_IGD_{name.upper()}"].copy()
