"""How offspring are split between their sources (GA, one or more GANs), by credit."""

from __future__ import annotations

import numpy as np


def split_counts(n: int, shares: np.ndarray) -> np.ndarray:
    """Whole counts summing to ``n`` in proportion to ``shares`` (largest remainders)."""
    exact = n * np.asarray(shares, dtype=float) / np.sum(shares)
    counts = np.floor(exact).astype(int)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: n - counts.sum()]] += 1
    return counts


class SurvivalShares:
    """Shares of offspring per source that follow how well each source's offspring survive.

    After each generation, the survival rate of every source (its offspring born last
    generation and still in the population, over how many it made) is normalised into a
    target; the raw shares move halfway to it. Each source keeps at least ``min_share``:
    ``share = min_share + (1 - n_sources * min_share) * raw``, so none dies out.

    Args:
        n_sources: number of sources (source 0 is the GA by convention).
        min_share: the floor, at most ``1 / n_sources``.
    """

    def __init__(self, n_sources: int, min_share: float) -> None:
        if not 0.0 <= min_share * n_sources <= 1.0:
            raise ValueError(
                f"min_share={min_share} is too large for {n_sources} sources "
                f"(at most {1 / n_sources:.3g})"
            )
        self.min_share = min_share
        self.raw = np.full(n_sources, 1.0 / n_sources)

    @property
    def shares(self) -> np.ndarray:
        """The current shares, summing to 1."""
        n = len(self.raw)
        return self.min_share + (1.0 - n * self.min_share) * self.raw

    def update(self, produced: np.ndarray, survived: np.ndarray) -> None:
        """Credit one generation: ``produced[j]`` offspring of source j, ``survived[j]`` kept."""
        made = produced > 0
        if not made.any():
            return
        rates = np.zeros(len(self.raw))
        rates[made] = survived[made] / produced[made]
        if rates.sum() > 0:
            self.raw = 0.5 * self.raw + 0.5 * rates / rates.sum()
