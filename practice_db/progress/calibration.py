"""How well a trainee's self-ratings agree with their supervisor's: bias, agreement, trend.

What is reported, and from how many pairs (practice_db/stats/agreement.py does the arithmetic):

* The lead figure is the mean self-minus-supervisor difference with its 95% interval (Student t)
  and n, and the share of pairs within one point. Wording says "too few" below MIN_BIAS_PAIRS.
* Agreement is ICC(A,1) — McGraw & Wong's two-way, absolute-agreement, single-rater intraclass
  correlation (Shrout & Fleiss's ICC(2,1)) — with its 95% interval, and only from MIN_ICC_PAIRS
  pairs. Absolute agreement counts a systematic offset as disagreement (a consistency ICC would
  call "always one point higher" perfect, the very blind spot calibration should show). Within
  one trainee the scores span a narrow range, so the ICC is low and unstable even between trained
  raters, and from a handful of pairs its interval spans nearly -1 to 1: below 15 pairs it is not
  shown at all. It is not compared with published rater-agreement figures, which come from
  many trainees' replies and do not apply within one.
* The weekly trend of the difference is a least-squares slope, also only from MIN_ICC_PAIRS pairs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from practice_db.progress.records import MIN_BIAS_PAIRS, MIN_ICC_PAIRS, Agreement
from practice_db.stats.agreement import icc_a1

__all__ = ["MIN_BIAS_PAIRS", "MIN_ICC_PAIRS", "agreement", "mean_difference", "slope_per_week"]
Values = Sequence[float] | np.ndarray  # lists from callers and tests, arrays from progress_frame


def too_few_for_agreement(n: int) -> str:
    return f"Too few pairs to judge agreement ({n} of the {MIN_ICC_PAIRS} needed)."


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


def agreement(own: Values, supervisor: Values) -> Agreement:
    """ICC(A,1) with its interval from MIN_ICC_PAIRS pairs; below that, a plain 'too few'."""
    x = _pairs(own, supervisor)
    n = len(x)
    if n < MIN_ICC_PAIRS:
        return Agreement(None, n, too_few_for_agreement(n))
    got = icc_a1(x)
    return Agreement(got.value, n, got.reason, got.low, got.high)


def slope_per_week(days: Values, differences: Values) -> float | None:
    """Least-squares trend of the self-minus-supervisor difference, in points per week.

    Negative while the trainee rates higher than the supervisor means the gap is closing.
    `days` are (fractional) days since the period began. Needs MIN_ICC_PAIRS pairs on at least
    two different days.
    """
    if len(days) < MIN_ICC_PAIRS or len(np.unique(np.floor(np.asarray(days, dtype=float)))) < 2:
        return None
    slope, _intercept = np.polyfit(np.asarray(days, dtype=float) / 7.0, np.asarray(differences, float), 1)
    return float(slope)
