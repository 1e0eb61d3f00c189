"""A progress line for multitask runs: evaluations spent over all tasks, and seconds."""

from __future__ import annotations

import time
from typing import TextIO

from pymoo.core.algorithm import Algorithm
from pymoo.core.callback import Callback

#: Seconds between redraws, so that a fast run does not flood a terminal or a log.
REDRAW_EVERY = 0.25


class EvalProgress:
    """Redraws ``label: done/total evals  seconds`` in place on ``stream``.

    A ``None`` stream makes every call a no-op, so solvers can call it unconditionally.
    """

    def __init__(self, stream: TextIO | None, label: str, total: int) -> None:
        self.stream, self.label, self.total = stream, label, int(total)
        self.start = time.perf_counter()
        self.drawn = -REDRAW_EVERY

    def update(self, done: int, *, force: bool = False) -> None:
        if self.stream is None:
            return
        elapsed = time.perf_counter() - self.start
        if not force and elapsed - self.drawn < REDRAW_EVERY:
            return
        self.drawn = elapsed
        self.stream.write(f"\r{self.label}: {int(done)}/{self.total} evals  {elapsed:.1f}s ")
        self.stream.flush()

    def close(self, done: int) -> None:
        """Draw the final count and end the line."""
        if self.stream is None:
            return
        self.update(done, force=True)
        self.stream.write("\n")
        self.stream.flush()


class ProgressCallback(Callback):
    """Feeds a pymoo run's evaluations, plus ``offset`` spent before it, to ``progress``."""

    def __init__(self, progress: EvalProgress, offset: int = 0) -> None:
        super().__init__()
        self.progress, self.offset = progress, offset

    def notify(self, algorithm: Algorithm) -> None:
        self.progress.update(self.offset + int(algorithm.evaluator.n_eval))
