"""Agreement between two raters with honest uncertainty: bias with its interval, ICC(A,1) with
its interval, and the share of pairs within one point. Pure functions on numbers.

* Bias: the mean of the paired differences with a Student t interval (mean ± t · sd / √n).
* ICC(A,1): McGraw & Wong (1996), two-way model, absolute agreement, single rater (Shrout &
  Fleiss's ICC(2,1)), from the two-way ANOVA mean squares of an n x k table (n targets, k raters):
      ICC = (MSR - MSE) / (MSR + (k - 1) MSE + k/n (MSC - MSE))
  and its interval (McGraw & Wong table 7, case 2A), with Satterthwaite's degrees of freedom v:
      a = kρ / (n(1 - ρ)),  b = 1 + kρ(n - 1) / (n(1 - ρ))
      v = (a MSC + b MSE)² / ((a MSC)² / (k - 1) + (b MSE)² / ((n - 1)(k - 1)))
      lower = n(MSR - F1 MSE) / (F1 (k MSC + (kn - k - n) MSE) + n MSR),  F1 = F(1 - α/2; n - 1, v)
      upper = n(F2 MSR - MSE) / (k MSC + (kn - k - n) MSE + n F2 MSR),    F2 = F(1 - α/2; v, n - 1)
  Checked against Shrout & Fleiss's (1979) example: ICC(2,1) = .29, interval .019 to .76.
* ICC(A,k): the same model for the mean of the k raters (Shrout & Fleiss's ICC(2,k)):
      ICC = (MSR - MSE) / (MSR + (MSC - MSE) / n)
  and its interval (McGraw & Wong table 7, case 2A, average measures), with the same v and F's:
      lower = n(MSR - F1 MSE) / (F1 (MSC - MSE) + n MSR)
      upper = n(F2 MSR - MSE) / (MSC - MSE + n F2 MSR)
  which is the Spearman-Brown step-up k·r / (1 + (k - 1)·r) of the single-rater bounds.
  Shrout & Fleiss's example: ICC(2,4) = .62 (interval about .07 to .93).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from practice_db.stats.distributions import f_quantile, t_quantile

LEVEL = 0.95
Values = Sequence[float] | np.ndarray


@dataclass(frozen=True)
class Estimate:
    """A figure with its 95% interval (None when it cannot be computed from these numbers)."""

    value: float
    low: float | None
    high: float | None
    n: int


@dataclass(frozen=True)
class IccResult:
    """ICC(A,1) or ICC(A,k) with its interval, or value None and the reason it cannot be computed."""

    value: float | None
    low: float | None
    high: float | None
    n: int
    reason: str = ""


def mean_difference_ci(differences: Values, level: float = LEVEL) -> Estimate | None:
    """The mean difference with its Student t interval; no interval from a single pair."""
    d = np.asarray(differences, dtype=float)
    n = len(d)
    if n == 0:
        return None
    mean = float(d.mean())
    if n < 2:
        return Estimate(mean, None, None, n)
    half = t_quantile(1 - (1 - level) / 2, n - 1) * float(d.std(ddof=1)) / math.sqrt(n)
    return Estimate(mean, mean - half, mean + half, n)


def share_within(own: Values, other: Values, points: float = 1.0) -> float | None:
    """The share of pairs whose scores differ by at most `points` (None without pairs)."""
    a, b = np.asarray(own, dtype=float), np.asarray(other, dtype=float)
    if len(a) != len(b):
        raise ValueError("scores must be paired")
    if len(a) == 0:
        return None
    return float(np.mean(np.abs(a - b) <= points + 1e-9))


NO_VARIANCE = "Every score is the same, so there is no spread to agree on."
NO_TARGET_SPREAD = (
    "The rated attempts do not differ from one another on average, so agreement cannot be measured."
)


def mean_squares(table: np.ndarray) -> tuple[float, float, float]:
    """(MSR, MSC, MSE) of the two-way ANOVA without replication on an n x k table."""
    n, k = table.shape
    grand = table.mean()
    ss_rows = k * float(np.sum((table.mean(axis=1) - grand) ** 2))
    ss_cols = n * float(np.sum((table.mean(axis=0) - grand) ** 2))
    ss_total = float(np.sum((table - grand) ** 2))
    ss_error = max(ss_total - ss_rows - ss_cols, 0.0)  # clamp float noise
    return ss_rows / (n - 1), ss_cols / (k - 1), ss_error / ((n - 1) * (k - 1))


def icc_a1(table: np.ndarray | Sequence[Sequence[float]], level: float = LEVEL) -> IccResult:
    """ICC(A,1) of an n x k table (rows: rated things; columns: raters), with its interval.

    Needs at least two rows and two raters. When the rows do not differ (MSR = 0: every score
    equal, or raters that mirror each other so that each row has the same mean) there is nothing
    to agree on and the result says why instead of giving a number.
    """
    checked = _checked_table(table)
    if isinstance(checked, IccResult):
        return checked
    rho, msr, msc, mse, n, k = checked
    low, high = _icc_interval(rho, msr, msc, mse, n, k, level)
    return IccResult(float(rho), low, high, n)


def icc_ak(table: np.ndarray | Sequence[Sequence[float]], level: float = LEVEL) -> IccResult:
    """ICC(A,k) of an n x k table: how far the mean of these k raters agrees with the mean of k
    others like them (absolute agreement). Same needs and reasons as `icc_a1`."""
    checked = _checked_table(table)
    if isinstance(checked, IccResult):
        return checked
    rho, msr, msc, mse, n, k = checked
    value = (msr - mse) / (msr + (msc - mse) / n)
    low, high = _icc_interval(rho, msr, msc, mse, n, k, level)
    # McGraw & Wong's average-measures bounds equal the single-rater bounds stepped up by
    # Spearman-Brown; written that way so one interval routine serves both.
    return IccResult(float(value), _step_up(low, k), _step_up(high, k), n)


def _step_up(r: float | None, k: int) -> float | None:
    """Spearman-Brown; a single-rater bound at or below -1/(k-1) (possible with few rows) has no
    finite average-measures counterpart: the bound is then minus infinity (the formula's limit)."""
    if r is None:
        return None
    if 1 + (k - 1) * r <= 1e-12:
        return -math.inf
    return float(k * r / (1 + (k - 1) * r))


def _checked_table(
    table: np.ndarray | Sequence[Sequence[float]],
) -> IccResult | tuple[float, float, float, float, int, int]:
    """(ICC(A,1), MSR, MSC, MSE, n, k), or an IccResult saying why there is no figure."""
    x = np.asarray(table, dtype=float)
    if x.ndim != 2 or x.shape[1] < 2:
        raise ValueError("need a table with one column per rater")
    n, k = x.shape
    if n < 2:
        return IccResult(None, None, None, n, "Needs at least two rated attempts.")
    msr, msc, mse = mean_squares(x)
    if math.isclose(float(np.ptp(x)), 0.0):
        return IccResult(None, None, None, n, NO_VARIANCE)
    if math.isclose(msr, 0.0, abs_tol=1e-12):
        return IccResult(None, None, None, n, NO_TARGET_SPREAD)
    rho = (msr - mse) / (msr + (k - 1) * mse + k / n * (msc - mse))
    return rho, msr, msc, mse, n, k


def _icc_interval(
    rho: float, msr: float, msc: float, mse: float, n: int, k: int, level: float
) -> tuple[float | None, float | None]:
    if rho >= 1.0 or math.isclose(mse, 0.0, abs_tol=1e-12):
        return (1.0, 1.0) if math.isclose(rho, 1.0) else (None, None)  # perfect agreement
    a = k * rho / (n * (1 - rho))
    b = 1 + k * rho * (n - 1) / (n * (1 - rho))
    denominator = (a * msc) ** 2 / (k - 1) + (b * mse) ** 2 / ((n - 1) * (k - 1))
    if denominator <= 0:
        return None, None
    v = (a * msc + b * mse) ** 2 / denominator
    if not v > 0:
        return None, None
    p = 1 - (1 - level) / 2
    f1 = f_quantile(p, n - 1, v)
    f2 = f_quantile(p, v, n - 1)
    extra = (k * n - k - n) * mse
    low = n * (msr - f1 * mse) / (f1 * (k * msc + extra) + n * msr)
    high = n * (f2 * msr - mse) / (k * msc + extra + n * f2 * msr)
    return float(low), float(high)
