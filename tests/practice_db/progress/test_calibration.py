"""Calibration figures: an ICC only from 15 pairs (with its interval), the bias and its interval,
the share within one point, and the textbook ICC(A,1) formula."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practice_db.progress.calibration import (
    MIN_ICC_PAIRS,
    agreement,
    mean_difference,
    slope_per_week,
    too_few_for_agreement,
)
from practice_db.progress.calibration_pairs import facet_calibration
from practice_db.stats.agreement import NO_TARGET_SPREAD, NO_VARIANCE, icc_a1


def test_fewer_than_fifteen_pairs_give_no_icc_but_say_so() -> None:
    own, supervisor = [4, 3, 5, 4] * 3, [3, 3, 4, 2] * 3  # 12 pairs, plenty of spread
    result = agreement(own, supervisor)
    assert result.value is None and result.low is None and result.n == 12
    assert (
        result.reason
        == too_few_for_agreement(12)
        == "Too few pairs to judge agreement (12 of the 15 needed)."
    )
    assert agreement([4, 3], [3, 4]).reason == too_few_for_agreement(2)  # "ICC 1.00 (n = 2)" is gone


def test_from_fifteen_pairs_the_icc_comes_with_its_interval() -> None:
    own = [4, 3, 5, 4, 2, 3, 4, 5, 3, 2, 4, 3, 5, 4, 3]
    supervisor = [3, 3, 4, 3, 2, 2, 4, 4, 3, 2, 3, 3, 4, 3, 3]
    assert len(own) == MIN_ICC_PAIRS
    result = agreement(own, supervisor)
    expected = icc_a1(np.column_stack([own, supervisor]))
    assert result.value == pytest.approx(expected.value) and result.n == 15
    assert result.low is not None and result.high is not None
    assert result.low < result.value < result.high and (result.low, result.high) == (
        expected.low,
        expected.high,
    )


def test_mirrored_raters_are_not_called_identical() -> None:
    # 3,4 then 4,3: every attempt averages 3.5, so the attempts don't differ, but the raters do.
    # The old code said "Every attempt got the same scores" here because it only looked at the
    # attempts' means (the ANOVA's row sum of squares), never at the scores themselves.
    result = agreement([3, 4] * 8, [4, 3] * 8)
    assert result.value is None and result.reason == NO_TARGET_SPREAD
    assert "same scores" not in result.reason
    assert agreement([3] * 15, [3] * 15).reason == NO_VARIANCE


def test_pairs_become_bias_with_interval_and_share_within_one() -> None:
    own, sup = np.array([5.0, 3, 4, 5, 4]), np.array([4.0, 3, 4, 4, 2])  # differences 1 0 0 1 2
    slots = [date(2026, 3, 2)]
    got = facet_calibration("empathy", np.arange(5.0), np.zeros(5, dtype=np.intp), slots, own, sup)
    assert got.n == 5 and got.mean_difference == pytest.approx(0.8)
    # sd sqrt(0.7), t(0.975, 4) = 2.7764: 0.8 -/+ 1.0389
    assert (got.difference_low, got.difference_high) == (
        pytest.approx(-0.2389, abs=1e-4),
        pytest.approx(1.8389, abs=1e-4),
    )
    assert got.within_one == pytest.approx(0.8)  # four of five are at most a point apart
    assert got.agreement.value is None and got.slope_per_week is None  # five pairs: no ICC, no trend


def _literal_icc_a1(x: list[tuple[int, int]]) -> float:
    """McGraw & Wong (1996) ICC(A,1), written out with plain loops from the definitions."""
    n, k = len(x), 2
    grand = sum(a + b for a, b in x) / (n * k)
    rows = [(a + b) / 2 for a, b in x]
    cols = [sum(p[j] for p in x) / n for j in range(k)]
    msr = k * sum((r - grand) ** 2 for r in rows) / (n - 1)
    msc = n * sum((c - grand) ** 2 for c in cols) / (k - 1)
    sse = sum((x[i][j] - rows[i] - cols[j] + grand) ** 2 for i in range(n) for j in range(k))
    mse = sse / ((n - 1) * (k - 1))
    return (msr - mse) / (msr + (k - 1) * mse + k / n * (msc - mse))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=15, max_size=40))
def test_agreement_follows_the_literal_formula_and_holds_its_value(pairs: list[tuple[int, int]]) -> None:
    result = agreement([a for a, _ in pairs], [b for _, b in pairs])
    if len({a + b for a, b in pairs}) == 1:
        assert result.value is None and result.reason
    else:
        assert result.value == pytest.approx(_literal_icc_a1(pairs), abs=1e-9)
        assert result.value <= 1.0 + 1e-12
        assert type(result.value) is float  # a plain float, not numpy's
        if result.low is not None and result.high is not None:
            assert result.low <= result.value + 1e-9 and result.value <= result.high + 1e-9


def test_bias_trend_is_a_least_squares_slope_per_week_from_fifteen_pairs() -> None:
    days = [7.0 * i for i in range(15)]
    assert slope_per_week(days, [1.0 - 0.5 * i for i in range(15)]) == pytest.approx(-0.5)
    assert slope_per_week([0.0, 7.0, 14.0], [1.0, 0.5, 0.0]) is None  # three pairs: no trend
    assert slope_per_week([3.2] * 15, [1.0] * 15) is None  # all on one day
    assert mean_difference([], []) is None
    with pytest.raises(ValueError):
        mean_difference([1, 2], [1])
