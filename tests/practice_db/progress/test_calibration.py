"""Calibration maths: ICC(A,1) against a hand-worked example and the textbook definition."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practice_db.progress.calibration import NO_SPREAD, TOO_FEW, icc_a1, mean_difference, slope_per_week


def test_icc_a1_matches_the_hand_worked_example() -> None:
    # Four attempts, trainee vs supervisor:   self 4 3 5 4   supervisor 3 3 4 2
    # Grand mean = 28 / 8 = 3.5. Attempt (row) means 3.5, 3, 4.5, 3. Rater (column) means 4 and 3.
    # SS_rows  = k * sum((row mean - 3.5)^2) = 2 * (0 + .25 + 1 + .25)      = 3   -> MSR = 3 / 3 = 1
    # SS_cols  = n * sum((col mean - 3.5)^2) = 4 * (.25 + .25)              = 2   -> MSC = 2 / 1 = 2
    # SS_total = sum((x - 3.5)^2) = .25+.25+2.25+.25 + .25+.25+.25+2.25       = 6
    # SS_error = 6 - 3 - 2 = 1                                                     -> MSE = 1 / 3
    # ICC(A,1) = (1 - 1/3) / (1 + 1/3 + 2/4 * (2 - 1/3)) = (2/3) / (13/6) = 4/13 = 0.3077
    # (The consistency ICC would be (1 - 1/3) / (1 + 1/3) = 0.5: the one-point offset costs agreement.)
    own, supervisor = [4, 3, 5, 4], [3, 3, 4, 2]
    result = icc_a1(own, supervisor)
    assert result.value == pytest.approx(4 / 13) and result.n == 4 and result.reason == ""
    assert mean_difference(own, supervisor) == pytest.approx(1.0)  # (1 + 0 + 1 + 2) / 4


def test_identical_ratings_agree_perfectly_and_an_offset_lowers_agreement() -> None:
    assert icc_a1([2, 3, 4, 5], [2, 3, 4, 5]).value == pytest.approx(1.0)
    shifted = icc_a1([3, 4, 5, 5], [2, 3, 4, 5]).value
    assert shifted is not None and 0 < shifted < 1


@pytest.mark.parametrize(
    ("own", "supervisor", "reason"),
    [
        ([], [], TOO_FEW),
        ([4], [3], TOO_FEW),
        ([3, 3, 3], [3, 3, 3], NO_SPREAD),  # no variance at all
        ([4, 3], [3, 4], NO_SPREAD),  # both attempts average 3.5: nothing to tell apart
    ],
)
def test_degenerate_cases_give_no_number_but_a_reason(
    own: list[int], supervisor: list[int], reason: str
) -> None:
    result = icc_a1(own, supervisor)
    assert result.value is None and result.reason == reason and result.n == len(own)


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
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=2, max_size=40))
def test_numpy_version_agrees_with_the_literal_formula(pairs: list[tuple[int, int]]) -> None:
    result = icc_a1([a for a, _ in pairs], [b for _, b in pairs])
    if len({a + b for a, b in pairs}) == 1:
        assert result.value is None
    else:
        assert result.value == pytest.approx(_literal_icc_a1(pairs), abs=1e-9)
        assert result.value <= 1.0 + 1e-12


def test_bias_trend_is_a_least_squares_slope_per_week() -> None:
    # Differences 1.0, 0.5, 0.0 one week apart: the gap closes by half a point a week.
    assert slope_per_week([0.0, 7.0, 14.0], [1.0, 0.5, 0.0]) == pytest.approx(-0.5)
    assert slope_per_week([3.2, 3.6], [1.0, 0.0]) is None  # same day: no trend
    assert slope_per_week([0.0], [1.0]) is None
    assert mean_difference([], []) is None
    with pytest.raises(ValueError):
        mean_difference([1, 2], [1])
    assert type(icc_a1([1, 2, 3], [1, 3, 3]).value) is float  # a plain float, not numpy's
