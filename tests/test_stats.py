from __future__ import annotations

import numpy as np
import pytest

from evogan.stats import count_signs, format_mean_std, mean_std, wilcoxon_sign


def test_mean_std_uses_sample_std_and_drops_nan():
    m, s = mean_std([1.0, 2.0, 3.0, float("nan")])
    assert m == pytest.approx(2.0)
    assert s == pytest.approx(1.0)


def test_mean_std_edge_cases():
    assert mean_std([4.0]) == (4.0, 0.0)
    m, s = mean_std([])
    assert np.isnan(m) and np.isnan(s)


def test_format_mean_std():
    assert format_mean_std([1.0, 2.0, 3.0]) == "2 ± 1"
    assert format_mean_std([]) == "n/a"


def test_wilcoxon_sign_directions():
    low = np.linspace(0.0, 1.0, 10)
    high = low + 5.0
    # IGD: lower is better
    assert wilcoxon_sign(low, high, higher_is_better=False) == "+"
    assert wilcoxon_sign(high, low, higher_is_better=False) == "-"
    # HV: higher is better
    assert wilcoxon_sign(high, low, higher_is_better=True) == "+"
    assert wilcoxon_sign(low, high, higher_is_better=True) == "-"


def test_wilcoxon_sign_equal_when_not_significant():
    a = np.array([0.1, 0.3, 0.2, 0.5, 0.4])
    assert wilcoxon_sign(a, a, higher_is_better=True) == "="
    assert wilcoxon_sign(a, a + 0.01, higher_is_better=False) == "="
    # two seeds can never reach p < 0.05
    assert wilcoxon_sign([0.0, 0.1], [5.0, 5.1], higher_is_better=False) == "="
    assert wilcoxon_sign([], [1.0, 2.0], higher_is_better=True) == "="


def test_wilcoxon_sign_is_exact_for_small_untied_samples():
    # 3 against 3, fully separated: the normal approximation gives p = 0.0495, the exact
    # test p = 2 / C(6, 3) = 0.1
    assert wilcoxon_sign([0.0, 0.1, 0.2], [5.0, 5.1, 5.2], higher_is_better=False) == "="
    # 4 against 4: exact p = 2 / C(8, 4) = 0.029
    four = [0.0, 0.1, 0.2, 0.3]
    assert wilcoxon_sign(four, [5.0, 5.1, 5.2, 5.3], higher_is_better=False) == "+"
    assert wilcoxon_sign(four, [5.0, 5.1, 5.2, 5.3], higher_is_better=True) == "-"
    # one overlap among 4 against 4: exact p = 4 / 70 = 0.057
    assert wilcoxon_sign(four, [0.25, 5.1, 5.2, 5.3], higher_is_better=False) == "="


def test_wilcoxon_sign_corrects_for_ties():
    # HV of 0 on most runs (IMF10-like): ten zeros against six zeros and four ones. The
    # normal approximation without the tie correction (scipy's ranksums) gives p = 0.131;
    # mannwhitneyu's tie correction gives p = 0.029, a significant difference.
    zeros, some = [0.0] * 10, [0.0] * 6 + [1.0] * 4
    assert wilcoxon_sign(zeros, some, higher_is_better=True) == "-"
    assert wilcoxon_sign(some, zeros, higher_is_better=True) == "+"


def test_count_signs():
    assert count_signs(["+", "+", "-", "="]) == "2/1/1"
