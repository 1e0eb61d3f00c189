"""The one progress display: single runs, multitask runs and campaigns all draw with it.

A status line ``label: done/total unit  percent  elapsed  ETA  info`` is redrawn in place
(``\\r``) at most every ``REDRAW_EVERY`` seconds; ``Progress.write`` puts a
permanent line above it (a finished run of a campaign). With no stream every call does
nothing, so callers draw unconditionally and decide once where progress goes: the command
line sends it to a terminal, or anywhere when asked (``--progress``).
"""

from __future__ import annotations

import time
from typing import TextIO

__all__ = ["REDRAW_EVERY", "Progress", "clock"]

#: Seconds between redraws, so that a fast run does not flood a terminal or a log.
REDRAW_EVERY = 0.25


def clock(seconds: float) -> str:
    """``seconds`` as ``H:MM:SS``."""
    s = int(round(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


class Progress:
    """A status line of work done out of ``total``, with the time spent and left.

    Args:
        stream: where to draw (None: nowhere; every call is then a no-op).
        label: what the line calls the job.
        total: units of work in all.
        unit: what is counted (``"evals"``, ``"runs"``).
        done: units done before this display started: they count towards the total but
            not towards the rate the ETA is estimated from.
    """

    def __init__(
        self, stream: TextIO | None, label: str, total: int, unit: str = "evals", done: int = 0
    ) -> None:
        self.stream, self.label, self.total, self.unit = stream, label, int(total), unit
        self.first = self.done = int(done)
        self.info = ""
        self.start = time.perf_counter()
        self.drawn_at = -REDRAW_EVERY
        self.width = 0

    @property
    def active(self) -> bool:
        """Whether anything is drawn."""
        return self.stream is not None

    def due(self) -> bool:
        """Whether the next ``update`` would redraw (callers skip costly ``info`` else)."""
        return self.active and time.perf_counter() - self.start - self.drawn_at >= REDRAW_EVERY

    def update(self, done: int, info: str = "", *, force: bool = False) -> None:
        """Record ``done`` units (and a short ``info``) and redraw if due or ``force``."""
        self.done = int(done)
        if info:
            self.info = info
        if self.active and (force or self.due()):
            self._draw()

    def write(self, line: str) -> None:
        """A permanent ``line`` above the status line, which is then drawn again."""
        if self.stream is None:
            return
        self.stream.write("\r" + line.ljust(self.width) + "\n")
        self.width = 0
        self._draw()

    def close(self) -> None:
        """Draw the final state and end the line."""
        if self.stream is None:
            return
        self._draw()
        self.stream.write("\n")
        self.stream.flush()

    def line(self) -> str:
        """The status line as it would be drawn now."""
        elapsed = time.perf_counter() - self.start
        share = 100 * self.done / self.total if self.total else 100.0
        rate = (self.done - self.first) / elapsed if elapsed > 0 else 0.0
        eta = clock((self.total - self.done) / rate) if rate > 0 else "?"
        text = (
            f"{self.label}: {self.done}/{self.total} {self.unit} {share:5.1f}%  "
            f"elapsed {clock(elapsed)}  ETA {eta}"
        )
        return f"{text}  {self.info}" if self.info else text

    def _draw(self) -> None:
        assert self.stream is not None
        self.drawn_at = time.perf_counter() - self.start
        text = self.line()
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)
