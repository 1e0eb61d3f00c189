"""Summary statistics of the experiment reports and `evogan compare`: mean ± std and the
Wilcoxon rank-sum marks."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.stats import mannwhitneyu

#: Significance level of the Wilcoxon rank-sum test behind the +/-/= marks.
ALPHA = 0.05


def _finite(values: Sequence[float]) -> np.ndarray:
    """The finite entries of ``values`` as a float array."""
    a = np.asarray(values, dtype=float).ravel()
    return a[np.isfinite(a)]


def mean_std(values: Sequence[float]) -> tuple[float, float]:
    """Mean and sample standard deviation (ddof=1) of the finite values.

    Returns:
        ``(mean, std)``; ``std`` is 0 for a single value and both are ``nan`` for none.
    """
    a = _finite(values)
    if len(a) == 0:
        return float("nan"), float("nan")
    std = float(a.std(ddof=1)) if len(a) > 1 else 0.0
    return float(a.mean()), std


def format_mean_std(values: Sequence[float], digits: int = 4) -> str:
    """``"mean ± std"`` with ``digits`` significant digits for the mean."""
    m, s = mean_std(values)
    if np.isnan(m):
        return "n/a"
    return f"{m:.{digits}g} ± {s:.2g}"


def wilcoxon_sign(
    values: Sequence[float],
    baseline: Sequence[float],
    higher_is_better: bool,
    alpha: float = ALPHA,
) -> str:
    """Compare ``values`` with ``baseline`` by the Wilcoxon rank-sum test.

    Args:
        values: samples of the algorithm under test (one per seed).
        baseline: samples of the algorithm it is compared with.
        higher_is_better: True for HV, False for IGD.
        alpha: significance level.

    Returns:
        ``"+"`` if ``values`` are significantly better than ``baseline``, ``"-"`` if
        significantly worse, ``"="`` otherwise (also when either side has no finite value).

    The test is ``scipy.stats.mannwhitneyu`` (two-sided, method ``"auto"``): the exact
    distribution when a side has at most 8 values and nothing is tied, else the normal
    approximation with the tie correction and without continuity correction (on untied
    samples the z of ``scipy.stats.ranksums``).
    """
    a, b = _finite(values), _finite(baseline)
    if len(a) == 0 or len(b) == 0:
        return "="
    if np.array_equal(np.sort(a), np.sort(b)):
        return "="
    test = mannwhitneyu(a, b, alternative="two-sided", method="auto", use_continuity=False)
    pvalue, larger = float(test.pvalue), test.statistic > len(a) * len(b) / 2
    if not pvalue < alpha:
        return "="
    # ``larger``: the values of ``a`` tend to be larger than those of ``b``
    better = larger if higher_is_better else not larger
    return "+" if better else "-"


def count_signs(signs: Sequence[str]) -> str:
    """Summarise marks as ``"+/-/="`` counts, e.g. ``"3/1/6"``."""
    return f"{signs.count('+')}/{signs.count('-')}/{signs.count('=')}"
