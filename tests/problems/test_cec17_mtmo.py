"""Tests of problems/cec17_mtmo.py and problems/multitask.py: the CEC 2017 multitask suite."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import problems
from problems import cec17_mtmo
from problems.cec17_mtmo import CEC17Task, cec17_igd, suite_data
from problems.errors import OptionError
from problems.multitask import MultitaskProblem

NAMES = ["CIHS", "CIMS", "CILS", "PIHS", "PIMS", "PILS", "NIHS", "NIMS", "NILS"]
# The organisers' text files, where this machine has them (next to the checkout).
SHARED = next(
    (
        d / "shared" / "data" / "cec17_mtmo"
        for d in Path(__file__).resolve().parents
        if (d / "shared" / "data" / "cec17_mtmo").is_dir()
    ),
    Path("/nonexistent"),
)
C = np.cos(np.pi / 4)
E = np.e


def _x(head: list[float], tail: list[float] | float, n_var: int) -> np.ndarray:
    """One decision vector: the position variables ``head`` then the tail."""
    tail = [tail] * (n_var - len(head)) if np.isscalar(tail) else tail
    return np.asarray([head + list(tail)], dtype=float)


def _convex(x1: float, q: float) -> list[float]:
    return [x1, q * (1 - np.sqrt(x1 / q))]


def _concave(f1: float, q: float) -> list[float]:
    return [f1, q * (1 - (f1 / q) ** 2)]


# (problem, task, x, F): values worked out from the report's definitions by hand.
# For the tasks with matrices, q was computed separately with plain Python loops from the
# organisers' text files: e.g. CIMS T2 at x_T = s + e_1 has z = column 1 of M_cm2,
# q = 1 + sum |M_cm2[:, 0]| = 6.21.
HAND = [
    # CIHS T1: Sphere, L = 49, x_T = 0.1: q = 1 + 49 * 0.01 = 1.49; circle at x1 = 0.5.
    ("CIHS", 0, _x([0.5], 0.1, 50), [1.49 * C, 1.49 * C]),
    # CIHS T2: mean-absolute, x_T = 0.5: q = 1 + 9 / 49 * 49 * 0.5 = 5.5; concave.
    ("CIHS", 1, _x([0.25], 0.5, 50), _concave(0.25, 5.5)),
    # CIMS T1: Rosenbrock (official form), L = 9, x_T = 0: 8 terms of 1, q = 9.
    ("CIMS", 0, _x([0.5], 0.0, 10), _concave(0.5, 9.0)),
    # x_T = 2: each term 100 (4 - 2)^2 + (1 - 2)^2 = 401, q = 1 + 8 * 401 = 3209.
    # (The MToP form with 100 on both terms would give 1 + 8 * 500 = 4001.)
    ("CIMS", 0, _x([0.0], 2.0, 10), _concave(0.0, 3209.0)),
    # CIMS T2: z = M_cm2 (x_T - 1); x_T = 1 + e_1 gives q = 6.21, x_T = 0 gives 13.03.
    ("CIMS", 1, _x([1 / 3], [2.0] + [1.0] * 8, 10), [6.21 * np.sqrt(3) / 2, 6.21 / 2]),
    ("CIMS", 1, _x([1.0], 0.0, 10), [0.0, 13.03]),
    # CILS T1: Rastrigin, x_T = 0.5: each term 0.25 + 10 + 10 = 20.25, q = 993.25.
    ("CILS", 0, _x([0.0], 0.5, 50), [993.25, 0.0]),
    # CILS T2: Ackley, x_T = 0.5: q = 21 + e - 20 exp(-0.1) - exp(-1); convex.
    ("CILS", 1, _x([0.64], 0.5, 50), _convex(0.64, 21 + E - 20 * np.exp(-0.1) - np.exp(-1))),
    # PIHS T1: Sphere, x_T = 1: q = 50; convex.
    ("PIHS", 0, _x([0.36], 1.0, 50), _convex(0.36, 50.0)),
    # PIHS T2: Rastrigin of x_T - s_ph2 (39 zeros, ten 0.1): z = 1 everywhere, q = 50.
    ("PIHS", 1, _x([0.36], [1.0] * 39 + [1.1] * 10, 50), _convex(0.36, 50.0)),
    # PIMS T1: Sphere of M_pm1 (x_T - s_pm1) at x_T = 0.5: q = 113.686699; circle.
    ("PIMS", 0, _x([1.0], 0.5, 50), [0.0, 113.686699]),
    # PIMS T2: Rastrigin of M_pm2 x_T: x_T = 0.5 gives q = 7898.061725771237,
    # x_T = 0.01 e_1 gives q = 1.3851484412262014; concave.
    ("PIMS", 1, _x([0.5], 0.5, 50), _concave(0.5, 7898.061725771237)),
    ("PIMS", 1, _x([0.5], [0.01] + [0.0] * 48, 50), _concave(0.5, 1.3851484412262014)),
    # PILS T1: Griewank, x_T = 0: q = 2 + 0 - 1 = 1 (on the front).
    ("PILS", 0, _x([0.5], 0.0, 50), [C, C]),
    # PILS T2: Ackley of x_T - s_pl2 (24 zeros, 25 twenties) at x_T = 20: z = 20 on the
    # first 24, 0 on the rest; mean z^2 = 9600 / 49, every cos = 1:
    # q = 21 + e - 20 exp(-0.2 sqrt(9600 / 49)) - e.
    ("PILS", 1, _x([0.0], 20.0, 50), [21 - 20 * np.exp(-0.2 * np.sqrt(9600 / 49)), 0.0]),
    # NIHS T1: Rosenbrock, L = 49, x_T = 0: 48 terms of 1, q = 49; circle at x1 = 1.
    ("NIHS", 0, _x([1.0], 0.0, 50), [0.0, 49.0]),
    # NIHS T2: Sphere, x_T = 2: q = 1 + 49 * 4 = 197; convex.
    ("NIHS", 1, _x([0.25], 2.0, 50), _convex(0.25, 197.0)),
    # NIMS T1: Rosenbrock, L = 18, x_T = 0: q = 18; sphere at x1 = x2 = 0.5.
    ("NIMS", 0, _x([0.5, 0.5], 0.0, 20), [9.0, 9.0, 18 * C]),
    # NIMS T2: Sphere of M_nm2 x_T: x_T = e_1 gives q = 8.6056, x_T = 0.1 gives 1.837569;
    # concave of f1 = (x1 + x2) / 2.
    ("NIMS", 1, _x([0.2, 0.6], [1.0] + [0.0] * 17, 20), _concave(0.4, 8.6056)),
    ("NIMS", 1, _x([0.2, 0.6], 0.1, 20), _concave(0.4, 1.837569)),
    # NILS T1: Griewank of x_T - 20 (L = 23) at x_T = 0: z = -20,
    # q = 2 + 23 * 400 / 4000 - prod cos(20 / sqrt(j)); sphere at x1 = 1 (f3 = q).
    (
        "NILS",
        0,
        _x([1.0, 0.3], 0.0, 25),
        [0.0, 0.0, 2 + 2.3 - np.prod(np.cos(20 / np.sqrt(np.arange(1, 24))))],
    ),
    # NILS T2: Ackley, L = 48, x_T = 1: q = 21 + e - 20 exp(-0.2) - e; f1 = (0 + 1) / 2.
    ("NILS", 1, _x([0.0, 1.0], 1.0, 50), _concave(0.5, 21 - 20 * np.exp(-0.2))),
]


@pytest.mark.parametrize(("name", "task", "x", "expected"), HAND, ids=lambda v: str(v)[:12])
def test_objectives_at_hand_computed_points(name, task, x, expected) -> None:
    F = problems.get(name).tasks[task].evaluate(x)
    assert F.shape == (1, len(expected))
    assert F[0] == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_every_task_has_a_hand_computed_point() -> None:
    assert {(name, task) for name, task, *_ in HAND} == {(n, t) for n in NAMES for t in (0, 1)}


SIZES = {
    "CIHS": [(50, 2, -100, 100), (50, 2, -100, 100)],
    "CIMS": [(10, 2, -5, 5), (10, 2, -5, 5)],
    "CILS": [(50, 2, -2, 2), (50, 2, -1, 1)],
    "PIHS": [(50, 2, -100, 100), (50, 2, -100, 100)],
    "PIMS": [(50, 2, 0, 1), (50, 2, 0, 1)],
    "PILS": [(50, 2, -50, 50), (50, 2, -100, 100)],
    "NIHS": [(50, 2, -80, 80), (50, 2, -80, 80)],
    "NIMS": [(20, 3, -20, 20), (20, 2, -20, 20)],
    "NILS": [(25, 3, -50, 50), (50, 2, -100, 100)],
}


@pytest.mark.parametrize("name", NAMES)
def test_sizes_bounds_and_budget(name: str) -> None:
    problem = problems.get(name)
    assert isinstance(problem, MultitaskProblem)
    assert problem.name == name and problem.n_tasks == 2 and problem.max_evals == 200_000
    for i, (task, (n_var, n_obj, lo, hi)) in enumerate(
        zip(problem.tasks, SIZES[name], strict=True)
    ):
        assert task.name() == f"{name}-T{i + 1}"
        assert (task.n_var, task.n_obj) == (n_var, n_obj)
        k = 2 if name in ("NIMS", "NILS") else 1
        assert np.array_equal(task.xl, [0.0] * k + [lo] * (n_var - k))
        assert np.array_equal(task.xu, [1.0] * k + [hi] * (n_var - k))
        assert task.report_size == (120 if n_obj == 3 else 100)
        X = np.random.default_rng(0).uniform(task.xl, task.xu, (9, n_var))
        F = task.evaluate(X)
        assert F.shape == (9, n_obj) and np.isfinite(F).all()
    assert problem.n_var == max(s[0] for s in SIZES[name])


def _front_residual(shape: str, F: np.ndarray) -> np.ndarray:
    return {
        "circle": lambda: (F**2).sum(axis=1) - 1,
        "sphere": lambda: (F**2).sum(axis=1) - 1,
        "concave": lambda: F[:, 1] - (1 - F[:, 0] ** 2),
        "convex": lambda: F[:, 1] - (1 - np.sqrt(F[:, 0])),
    }[shape]()


@pytest.mark.parametrize("name", NAMES)
def test_pareto_set_lands_on_the_official_front(name: str) -> None:
    for task in problems.get(name).tasks:
        X = task.pareto_set(300, random_state=2)
        assert np.all(X >= task.xl) and np.all(X <= task.xu)
        F = task.evaluate(X)
        assert np.abs(_front_residual(task.spec.shape, F)).max() < 1e-8
        assert np.abs(_front_residual(task.spec.shape, task.reference_front)).max() < 1e-5
        front = task.pareto_front(400)
        assert front.shape == (400, task.n_obj)
        assert np.abs(_front_residual(task.spec.shape, front)).max() < 1e-8


@pytest.mark.parametrize("name", NAMES)
def test_official_igd_of_the_official_front_is_zero(name: str) -> None:
    problem = problems.get(name)
    for i, task in enumerate(problem.tasks):
        assert problem.igd(i, task.reference_front) == 0.0
        assert problem.igd(i, task.reference_front[::-1]) == 0.0
        # A dense true front is close; an offset copy is measurably worse.
        near = problem.igd(i, task.pareto_front(2000))
        assert 0 < near < 2e-4
        assert problem.igd(i, task.reference_front + 0.1) > 10 * near


def test_igd_formula_on_a_small_case() -> None:
    """sqrt(sum of squared distances) / |P*| after scaling by P*'s range."""
    reference = np.array([[0.0, 2.0], [1.0, 0.0]])
    F = np.array([[0.0, 3.0]])
    # Scaled: P* = (0, 1), (1, 0); F = (0, 1.5). Distances 0.5 and sqrt(1 + 2.25).
    expected = np.sqrt(0.25 + 3.25) / 2
    assert cec17_igd(F, reference) == pytest.approx(expected, rel=1e-15)


def test_igd_errors() -> None:
    problem = problems.get("nims")
    with pytest.raises(OptionError, match=r"task index 2 out of range; valid: 0..1"):
        problem.igd(2, np.zeros((3, 2)))
    with pytest.raises(OptionError, match=r"NIMS-T1: F must be a non-empty finite n x 3 array"):
        problem.igd(0, np.zeros((3, 2)))
    with pytest.raises(OptionError, match=r"NIMS-T2: F must be .* got shape \(0, 2\)"):
        problem.igd(1, np.zeros((0, 2)))


def test_momfea_results_match_the_report_means() -> None:
    """The shipped MO-MFEA IGD values average to the report's Table III."""
    report = {"CIHS": (3.9912e-4, 2.6491e-3), "PIMS": (2.6206e-3, 1.0892e1)}
    report |= {"NILS": (8.3483e-4, 6.4316e-1)}
    for name, means in report.items():
        values = cec17_mtmo.momfea_igd(name)
        assert values.shape == (30, 2)
        assert values.mean(axis=0) == pytest.approx(means, rel=1e-4)


def test_names_and_aliases() -> None:
    assert problems.get("CEC17-cims").name == "CIMS"
    assert problems.get(" Nils ").tasks[0].n_var == 25
    info = problems.available()["nils"]
    assert info["multitask"] and info["suite"] == "CEC17-MTMO"
    assert info["tasks"] == [{"n_var": 25, "n_obj": 3}, {"n_var": 50, "n_obj": 2}]
    assert info["params"] == {} and info["ranges"] == {}
    with pytest.raises(OptionError, match=r"for problem 'cihs'; valid parameters: none"):
        problems.get("cihs", n_var=10)


def test_tasks_are_ordinary_pymoo_problems() -> None:
    from pymoo.algorithms.moo.nsga2 import NSGA2
    from pymoo.optimize import minimize

    task = problems.get("cims").tasks[1]
    assert isinstance(task, CEC17Task)
    res = minimize(task, NSGA2(pop_size=20), ("n_gen", 3), seed=1)
    assert res.F.shape[1] == 2 and np.isfinite(res.F).all()


def test_data_comes_from_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the package's own data file is read, whatever else exists on the machine."""
    opened: list[str] = []
    real_load = np.load
    monkeypatch.setattr(
        np, "load", lambda f, *a, **k: opened.append(str(f)) or real_load(f, *a, **k)
    )
    suite_data.cache_clear()
    try:
        problems.get("pims").tasks[0].evaluate(np.zeros((1, 50)))
    finally:
        suite_data.cache_clear()
    package = Path(problems.__file__).parent / "data" / "cec17_mtmo.npz"
    assert [Path(p).resolve() for p in opened] == [package.resolve()]


@pytest.mark.skipif(not SHARED.is_dir(), reason="the suite's text files are not on this machine")
def test_shipped_numbers_equal_the_text_files() -> None:
    data = suite_data()
    files = sorted(SHARED.glob("*.txt"))
    assert {f.stem for f in files} == set(data)
    for path in files:
        text = np.loadtxt(path, dtype=np.float64, ndmin=2)
        shipped = data[path.stem]
        assert np.array_equal(shipped.reshape(text.shape), text), path.stem
        assert shipped.dtype == np.float64
