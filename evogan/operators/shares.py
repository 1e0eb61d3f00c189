"""How offspring are split between their sources (GA, one or more GANs), by credit.

``SurvivalShares`` moves each source's share of offspring towards how well its
offspring survive, and watches the GANs' health: a GAN whose offspring survive
significantly less often than the GA's, over a window of generations, is suspended (its
share drops to none) and its networks are reset; after a rest it comes back at the floor.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np


def split_counts(n: int, shares: np.ndarray) -> np.ndarray:
    """Whole counts summing to ``n`` in proportion to ``shares`` (largest remainders)."""
    exact = n * np.asarray(shares, dtype=float) / np.sum(shares)
    counts = np.floor(exact).astype(int)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: n - counts.sum()]] += 1
    return counts


@dataclass(frozen=True)
class Health:
    """When a GAN counts as failing, and for how long it rests.

    Attributes:
        window: generations pooled for the survival test.
        rest: generations a suspended GAN makes no offspring before it comes back.
        min_offspring: the survival test waits until the GAN made this many offspring in
            the window (a GAN with no survivor among them fails, if the GA had some).
    """

    window: int = 10
    rest: int = 10
    min_offspring: int = 50


class SurvivalShares:
    """Shares of offspring per source that follow how well each source's offspring survive.

    After each generation, the survival rate of every source (its offspring born last
    generation and still in the population, over how many it made) is normalised into a
    target; the raw shares move halfway to it. Each active source keeps at least
    ``min_share``: ``share = min_share + (1 - n_active * min_share) * raw``, so none dies
    out on credit alone. A GAN (source 1, 2, ...) that fails the ``Health`` test
    against the GA (source 0) is suspended: its share is 0 for ``health.rest``
    generations.

    Args:
        n_sources: number of sources (source 0 is the GA by convention).
        min_share: the floor, at most ``1 / n_sources``.
        health: the failing test; None never suspends a source.
    """

    def __init__(self, n_sources: int, min_share: float, health: Health | None = None) -> None:
        if not 0.0 <= min_share * n_sources <= 1.0:
            raise ValueError(
                f"min_share={min_share} is too large for {n_sources} sources "
                f"(at most {1 / n_sources:.3g})"
            )
        self.min_share = min_share
        self.health = health
        self.raw = np.full(n_sources, 1.0 / n_sources)
        self.resting = np.zeros(n_sources, dtype=int)  # generations of rest left
        self._window: deque[tuple[np.ndarray, np.ndarray]] = deque(
            maxlen=health.window if health else 1
        )

    @property
    def shares(self) -> np.ndarray:
        """The current shares, summing to 1 (0 for a suspended source)."""
        active = self.resting == 0
        if active.all():
            return self.min_share + (1.0 - len(self.raw) * self.min_share) * self.raw
        raw = np.where(active, self.raw, 0.0)
        raw = raw / raw.sum()
        return np.where(active, self.min_share + (1.0 - active.sum() * self.min_share) * raw, 0.0)

    def tick(self) -> None:
        """One generation of rest passes for the suspended sources."""
        self.resting = np.maximum(self.resting - 1, 0)

    def update(self, produced: np.ndarray, survived: np.ndarray) -> list[int]:
        """Credit one generation: ``produced[j]`` offspring of source j, ``survived[j]`` kept.

        Returns:
            The sources suspended by this update (their networks should be reset).
        """
        self.tick()
        made = produced > 0
        if made.any():
            rates = np.zeros(len(self.raw))
            rates[made] = survived[made] / produced[made]
            if rates.sum() > 0:
                self.raw = 0.5 * self.raw + 0.5 * rates / rates.sum()
        if self.health is None:
            return []
        self._window.append((np.asarray(produced), np.asarray(survived)))
        return [j for j in range(1, len(self.raw)) if self._failing(j)]

    def _failing(self, j: int) -> bool:
        """Whether source j made offspring of which none survived over the window (while
        the GA's did); it is then suspended."""
        assert self.health is not None
        made = sum(int(p[j]) for p, _ in self._window)
        kept = sum(int(s[j]) for _, s in self._window)
        kept_ga = sum(int(s[0]) for _, s in self._window)
        if self.resting[j] or made < self.health.min_offspring or kept or not kept_ga:
            return False
        self.suspend(j)
        return True

    def suspend(self, j: int) -> None:
        """Give source j no offspring for ``health.rest`` generations, then the floor."""
        rest = self.health.rest if self.health is not None else Health().rest
        self.resting[j] = rest
        self.raw[j] = 1.0 / len(self.raw)
        for p, s in self._window:  # forget the failed GAN's record
            p[j] = s[j] = 0
