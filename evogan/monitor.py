"""Watching a run: HV and IGD every few generations, and a progress line."""

from __future__ import annotations

import time
from typing import TextIO

import numpy as np
from pymoo.core.algorithm import Algorithm
from pymoo.core.callback import Callback

from evogan.indicators import hv, igd

Trace = list[tuple[int, float, float]]
"""``(n_evals, hv, igd)`` records."""


def indicators(F: np.ndarray | None, front: np.ndarray | None) -> tuple[float, float]:
    """``(hv, igd)`` of ``F`` against ``front``; NaNs without a front."""
    if front is None:
        return float("nan"), float("nan")
    return hv(F, front), igd(F, front)


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

    The seconds spent on indicators and drawing are counted in :attr:`spent`, so that
    a run's time can leave them out.

    Args:
        front: the reference front (None: indicators are NaN).
        n_evals: the run's budget (for the progress line).
        every: record every this many generations.
        label: what the progress line calls the run.
        stream: where the progress line goes (None: nowhere).
    """

    def __init__(
        self,
        front: np.ndarray | None,
        n_evals: int,
        every: int,
        label: str,
        stream: TextIO | None,
    ) -> None:
        super().__init__()
        self.front, self.n_evals, self.every, self.label = front, n_evals, every, label
        self.stream = stream
        self.history: Trace = []
        self.carried = 0.0  # run seconds of earlier sessions (a resumed run)
        self.start = time.perf_counter()
        self.spent = 0.0

    def elapsed(self) -> float:
        """Seconds of the run so far, all sessions, indicators and drawing left out."""
        return self.carried + time.perf_counter() - self.start - self.spent

    def resume(self, stream: TextIO | None) -> None:
        """Carry on in this process (after a checkpoint was loaded), drawing on ``stream``."""
        self.stream = stream
        self.start = time.perf_counter()
        self.spent = 0.0

    def __getstate__(self) -> dict:
        # A checkpoint keeps the records and the seconds so far, not the stream.
        state = dict(self.__dict__)
        state.update(stream=None, carried=self.elapsed(), start=0.0, spent=0.0)
        return state

    def notify(self, algorithm: Algorithm) -> None:
        record = algorithm.n_gen is not None and (algorithm.n_gen - 1) % self.every == 0
        if not (record or self.stream):
            return
        t0 = time.perf_counter()
        done = int(algorithm.evaluator.n_eval)
        h, g = indicators(feasible_front(algorithm)[1], self.front)
        if record:
            self.history.append((done, h, g))
        if self.stream:
            elapsed = self.carried + t0 - self.start - self.spent
            self.stream.write(
                f"\r{self.label}: {done}/{self.n_evals} evals  HV {h:.4f}  IGD {g:.4g}"
                f"  {elapsed:.1f}s "
            )
            self.stream.flush()
        self.spent += time.perf_counter() - t0

    def close(self) -> None:
        """End the progress line."""
        if self.stream:
            self.stream.write("\n")
            self.stream.flush()
