"""Bias with its interval, ICC(A,1) with its interval, share within one point: hand-worked values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from practice_db.stats.agreement import (
    NO_TARGET_SPREAD,
    NO_VARIANCE,
    icc_a1,
    icc_ak,
    mean_difference_ci,
    mean_squares,
    share_within,
)
from practice_db.stats.distributions import f_quantile


def test_bias_interval_worked_by_hand() -> None:
    # Differences 1 0 0 1 2: mean 0.8; sd = sqrt((.04+.64+.64+.04+1.44)/4) = sqrt(0.7) = 0.83666;
    # standard error 0.83666 / sqrt(5) = 0.37417; t(0.975, 4) = 2.7764 -> half width 1.03885.
    got = mean_difference_ci([1, 0, 0, 1, 2])
    assert got is not None and got.n == 5 and got.value == pytest.approx(0.8)
    assert got.low == pytest.approx(0.8 - 1.03885, abs=1e-4)
    assert got.high == pytest.approx(0.8 + 1.03885, abs=1e-4)


def test_bias_from_one_pair_has_no_interval_and_none_without_pairs() -> None:
    one = mean_difference_ci([2.0])
    assert one is not None and (one.value, one.low, one.high, one.n) == (2.0, None, None, 1)
    assert mean_difference_ci([]) is None


def test_bias_interval_of_thirty_pairs_uses_t_29() -> None:
    d = np.array([0.0, 1.0] * 15)  # mean .5, sd = sqrt(7.5 / 29)
    got = mean_difference_ci(d)
    assert got is not None and got.high is not None
    assert got.high - 0.5 == pytest.approx(2.0452 * math.sqrt(7.5 / 29) / math.sqrt(30), abs=1e-4)


def test_share_within_one_point() -> None:
    # Differences 1, 0, 2, -1, 1.5: three of five (1, 0, -1) are within one point.
    assert share_within([4, 3, 5, 2, 4.5], [3, 3, 3, 3, 3]) == pytest.approx(0.6)
    assert share_within([], []) is None
    with pytest.raises(ValueError):
        share_within([1], [1, 2])


SHROUT_FLEISS = [  # Shrout & Fleiss (1979), table 2: six targets, four judges
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]


def test_icc_a1_and_interval_match_shrout_and_fleiss() -> None:
    # Published: BMS 11.24, JMS 32.49, EMS 1.02; ICC(2,1) = .29 with 95% interval .019 to .76.
    msr, msc, mse = mean_squares(np.array(SHROUT_FLEISS, dtype=float))
    assert (msr, msc, mse) == (
        pytest.approx(11.24, abs=0.005),
        pytest.approx(32.49, abs=0.005),
        pytest.approx(1.02, abs=0.005),
    )
    got = icc_a1(SHROUT_FLEISS)
    assert got.value == pytest.approx(0.2898, abs=1e-4) and got.n == 6 and got.reason == ""
    assert got.low == pytest.approx(0.019, abs=0.001)
    assert got.high == pytest.approx(0.761, abs=0.001)


def test_icc_a1_of_two_raters_worked_by_hand() -> None:
    # self 4 3 5 4, supervisor 3 3 4 2: MSR 1, MSC 2, MSE 1/3 -> ICC = (2/3) / (13/6) = 4/13.
    got = icc_a1(np.column_stack([[4, 3, 5, 4], [3, 3, 4, 2]]))
    assert got.value == pytest.approx(4 / 13)
    assert got.low is not None and got.high is not None and got.low < 4 / 13 < got.high
    assert got.low < 0 < 0.9 < got.high  # four pairs: the interval covers almost everything


def test_icc_degenerate_tables_give_a_reason_not_a_number() -> None:
    assert icc_a1([[3, 3]] * 5).reason == NO_VARIANCE
    # Raters that mirror each other (3,4 then 4,3): each attempt averages 3.5, so the attempts do
    # not differ. The scores do (this used to be reported as "every attempt got the same scores").
    mirrored = icc_a1([[3, 4], [4, 3]] * 8)
    assert mirrored.value is None and mirrored.reason == NO_TARGET_SPREAD
    assert icc_a1([[4, 3]]).value is None and icc_a1([[4, 3]]).n == 1


def test_perfect_agreement_is_one_with_a_closed_interval() -> None:
    got = icc_a1([[1, 1], [2, 2], [3, 3], [5, 5]])
    assert (got.value, got.low, got.high) == (pytest.approx(1.0), 1.0, 1.0)


def test_icc_ak_and_interval_match_shrout_and_fleiss() -> None:
    # Published ICC(2,4) = .62: (11.24 - 1.02) / (11.24 + (32.49 - 1.02) / 6) = 10.22 / 16.49.
    got = icc_ak(SHROUT_FLEISS)
    assert got.value == pytest.approx(0.6201, abs=1e-3) and got.n == 6 and got.reason == ""
    # McGraw & Wong's average-measures bounds, written out from the paper (table 7, case 2A):
    # lower = n(MSR - F1 MSE) / (F1 (MSC - MSE) + n MSR), upper = n(F2 MSR - MSE) / (MSC - MSE + n F2 MSR)
    msr, msc, mse = mean_squares(np.array(SHROUT_FLEISS, dtype=float))
    n, k, rho = 6, 4, icc_a1(SHROUT_FLEISS).value
    assert rho is not None
    a = k * rho / (n * (1 - rho))
    b = 1 + k * rho * (n - 1) / (n * (1 - rho))
    v = (a * msc + b * mse) ** 2 / ((a * msc) ** 2 / (k - 1) + (b * mse) ** 2 / ((n - 1) * (k - 1)))
    f1, f2 = f_quantile(0.975, n - 1, v), f_quantile(0.975, v, n - 1)
    assert got.low == pytest.approx(n * (msr - f1 * mse) / (f1 * (msc - mse) + n * msr))
    assert got.high == pytest.approx(n * (f2 * msr - mse) / (msc - mse + n * f2 * msr))
    assert got.low == pytest.approx(0.07, abs=0.005)  # psych::ICC prints .071 to .93
    assert got.high == pytest.approx(0.93, abs=0.005)


def test_icc_ak_of_two_raters_worked_by_hand() -> None:
    # self 4 3 5 4, supervisor 3 3 4 2: MSR 1, MSC 2, MSE 1/3 -> (2/3) / (1 + (5/3) / 4) = 8/17.
    got = icc_ak(np.column_stack([[4, 3, 5, 4], [3, 3, 4, 2]]))
    assert got.value == pytest.approx(8 / 17)
    assert got.low is not None and got.high is not None and got.low < 8 / 17 < got.high


def test_icc_ak_lower_bound_runs_to_minus_infinity_with_few_rows() -> None:
    # Three rows, two raters: ICC(A,1)'s lower bound falls below -1/(k-1) = -1, where Spearman-Brown
    # has no finite value; the average-measures bound is then unbounded below, never a wrong positive.
    single, average = icc_a1([[3, 3], [4, 5], [5, 4]]), icc_ak([[3, 3], [4, 5], [5, 4]])
    assert single.low is not None and single.low < -1
    assert average.low == -math.inf and average.value is not None and average.high is not None
    assert average.value < average.high <= 1


def test_icc_ak_says_why_when_there_is_nothing_to_agree_on() -> None:
    assert icc_ak([[3, 3], [3, 3]]).reason == NO_VARIANCE
    assert icc_ak([[3, 4]]).value is None
