"""How well a trainee's self-ratings agree with their supervisor's: bias, agreement, trend.

Agreement statistic: ICC(A,1) — McGraw & Wong's two-way, absolute-agreement, single-rater
intraclass correlation (Shrout & Fleiss call it ICC(2,1)). Why this one:

* It is the statistic FIS research reports for rater agreement (single-rater ICC about .70), so a
  trainee's figure can be read against that published yardstick.
* *Absolute* agreement counts a systematic offset as disagreement. Self-ratings are known to run
  high; a consistency ICC (or Pearson's r) would call "always one point higher" perfect agreement,
  which is exactly the blind spot calibration is meant to show.
* Facet scores are 1-5 ratings whose means (the published 3.2 ± 0.4) are treated as interval data
  throughout the field. Quadratic-weighted kappa is nearly the same number for two raters
  (Fleiss & Cohen 1973) but needs a full 5x5 contingency table and misbehaves when a rater never
  uses some scores, which is the rule with a handful of attempts.

With n attempts (rows) rated by k = 2 raters (columns), from the two-way ANOVA mean squares:
    MSR = SS_rows / (n - 1), MSC = SS_cols / (k - 1), MSE = SS_error / ((n - 1)(k - 1))
    ICC(A,1) = (MSR - MSE) / (MSR + (k - 1) MSE + k/n (MSC - MSE))
It can be negative (agreement worse than chance); the value is reported as is.

Degenerate cases return None with a reason instead of a misleading number: fewer than two paired
attempts, or no spread between attempts (every attempt averaged the same, so there is nothing to
agree about beyond the offset that `mean_difference` already reports).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from practice_db.progress.records import Agreement

MIN_PAIRS = 2
Values = Sequence[float] | np.ndarray  # lists from callers and tests, arrays from progress_frame
TOO_FEW = "Needs at least two attempts rated by both you and a supervisor."
NO_SPREAD = "Every attempt got the same scores, so agreement cannot be measured yet."


def _pairs(own: Values, supervisor: Values) -> np.ndarray:
    if len(own) != len(supervisor):
        raise ValueError("self and supervisor scores must be paired")
    return np.column_stack([np.asarray(own, dtype=float), np.asarray(supervisor, dtype=float)])


def mean_difference(own: Values, supervisor: Values) -> float | None:
    """Self minus supervisor, averaged: +0.6 means 'you rate yourself 0.6 higher'."""
    if len(own) == 0:
        return None
    x = _pairs(own, supervisor)
    return float(np.mean(x[:, 0] - x[:, 1]))


def icc_a1(own: Values, supervisor: Values) -> Agreement:
    x = _pairs(own, supervisor)
    n, k = x.shape
    if n < MIN_PAIRS:
        return Agreement(None, n, TOO_FEW)
    grand = x.mean()
    ss_rows = k * float(np.sum((x.mean(axis=1) - grand) ** 2))
    ss_cols = n * float(np.sum((x.mean(axis=0) - grand) ** 2))
    ss_total = float(np.sum((x - grand) ** 2))
    if np.isclose(ss_rows, 0.0):
        return Agreement(None, n, NO_SPREAD)
    ss_error = max(ss_total - ss_rows - ss_cols, 0.0)  # clamp float noise
    msr = ss_rows / (n - 1)
    msc = ss_cols / (k - 1)
    mse = ss_error / ((n - 1) * (k - 1))
    value = (msr - mse) / (msr + (k - 1) * mse + k / n * (msc - mse))
    return Agreement(float(value), n)


def slope_per_week(days: Values, differences: Values) -> float | None:
    """Least-squares trend of the self-minus-supervisor difference, in points per week.

    Negative while the trainee rates higher than the supervisor means the gap is closing.
    `days` are (fractional) days since the period began. Needs pairs on two different days.
    """
    if len(days) < MIN_PAIRS or len(np.unique(np.floor(np.asarray(days, dtype=float)))) < MIN_PAIRS:
        return None
    slope, _intercept = np.polyfit(np.asarray(days, dtype=float) / 7.0, np.asarray(differences, float), 1)
    return float(slope)
