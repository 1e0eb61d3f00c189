"""Watching a run: HV and IGD every few generations, and its progress line."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

import numpy as np
from pymoo.core.algorithm import Algorithm
from pymoo.core.callback import Callback

from evogan.indicators import hv, igd
from evogan.progress import Progress

Trace = list[tuple[int, float, float]]
"""``(n_evals, hv, igd)`` records."""


def indicators(
    F: np.ndarray | None,
    front: np.ndarray | None,
    suite_igd: Callable[[np.ndarray], float] | None = None,
) -> tuple[float, float]:
    """``(hv, igd)`` of ``F`` against ``front``; NaNs without a front.

    ``suite_igd``, when given, is the problem's own IGD of ``F`` (a benchmark suite's
    official indicator, e.g. CEC 2017's); an empty ``F`` still scores NaN.
    """
    if front is None:
        return float("nan"), float("nan")
    if suite_igd is None:
        return hv(F, front), igd(F, front)
    if F is None or len(F) == 0:
        return hv(F, front), float("nan")
    return hv(F, front), float(suite_igd(np.atleast_2d(F)))


def feasible_front(algorithm: Algorithm) -> tuple[np.ndarray | None, np.ndarray | None]:
    """``(X, F)`` of the algorithm's feasible non-dominated solutions, or Nones if none."""
    opt = algorithm.opt
    if opt is None or len(opt) == 0:
        return None, None
    feasible = opt.get("feasible").ravel()
    if not feasible.any():
        return None, None
    return opt.get("X")[feasible], opt.get("F")[feasible]


class Monitor(Callback):
    """Records ``(n_evals, hv, igd)`` every ``every`` generations; optionally draws progress.

    The seconds spent on indicators and drawing are counted in ``spent``, so that
    a run's time can leave them out.

    Args:
        front: the reference front (None: indicators are NaN).
        n_evals: the run's budget (for the progress line).
        every: record every this many generations.
        label: what the progress line calls the run.
        stream: where the progress line goes (None: nowhere).
        suite_igd: the problem's own IGD of ``F`` (a suite's official indicator), used
            instead of ``evogan.indicators.igd`` against ``front``.
    """

    def __init__(
        self,
        front: np.ndarray | None,
        n_evals: int,
        every: int,
        label: str,
        stream: TextIO | None,
        suite_igd: Callable[[np.ndarray], float] | None = None,
    ) -> None:
        super().__init__()
        self.front, self.every, self.suite_igd = front, every, suite_igd
        self.progress = Progress(stream, label, n_evals)
        self.history: Trace = []
        self.carried = 0.0  # run seconds of earlier sessions (a resumed run)
        self.start = time.perf_counter()
        self.spent = 0.0

    def elapsed(self) -> float:
        """Seconds of the run so far, all sessions, indicators and drawing left out."""
        return self.carried + time.perf_counter() - self.start - self.spent

    def resume(
        self, stream: TextIO | None, suite_igd: Callable[[np.ndarray], float] | None = None
    ) -> None:
        """Carry on in this process after a checkpoint was loaded, drawing on ``stream``.

        ``suite_igd`` is the problem's own IGD again (a checkpoint holds no problem).
        """
        old = self.progress
        self.progress = Progress(stream, old.label, old.total, done=old.done)
        self.suite_igd = suite_igd
        self.start = time.perf_counter()
        self.spent = 0.0

    def __getstate__(self) -> dict:
        # A checkpoint keeps the records and the seconds so far: no stream, no problem.
        state = dict(self.__dict__)
        old = self.progress
        state.update(
            progress=Progress(None, old.label, old.total, done=old.done),
            suite_igd=None,
            carried=self.elapsed(),
            start=0.0,
            spent=0.0,
        )
        return state

    def notify(self, algorithm: Algorithm) -> None:
        record = algorithm.n_gen is not None and (algorithm.n_gen - 1) % self.every == 0
        draw = self.progress.due()
        if not (record or draw):
            return
        t0 = time.perf_counter()
        done = int(algorithm.evaluator.n_eval)
        h, g = indicators(feasible_front(algorithm)[1], self.front, self.suite_igd)
        if record:
            self.history.append((done, h, g))
        self.progress.update(done, f"HV {h:.4f}  IGD {g:.4g}", force=draw)
        self.spent += time.perf_counter() - t0

    def close(self, done: int, hv: float, igd: float) -> None:
        """Draw the run's final evaluations and indicators, and end the progress line."""
        self.progress.update(done, f"HV {hv:.4f}  IGD {igd:.4g}")
        self.progress.close()


class EvalsCallback(Callback):
    """Feeds a pymoo run's evaluations, plus ``offset`` spent before it, to ``progress``."""

    def __init__(self, progress: Progress, offset: int = 0) -> None:
        super().__init__()
        self.progress, self.offset = progress, offset

    def notify(self, algorithm: Algorithm) -> None:
        self.progress.update(self.offset + int(algorithm.evaluator.n_eval))
