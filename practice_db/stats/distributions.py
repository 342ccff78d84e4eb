"""Student t and F distribution functions and quantiles, written out (no scipy in the app).

Both rest on the regularized incomplete beta function I_x(a, b), evaluated with the continued
fraction of Numerical Recipes (modified Lentz method); quantiles are found by bisection, which is
slow by numerical standards (~60 evaluations) but cannot fail to converge, and a figure needs a
handful of them. Degrees of freedom may be fractional (the ICC interval uses Satterthwaite's).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

_EPS = 1e-15
_TINY = 1e-300
_MAX_TERMS = 500


def _beta_fraction(x: float, a: float, b: float) -> float:
    """The continued fraction of I_x(a, b), good for x < (a + 1) / (a + b + 2)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _MAX_TERMS + 1):
        m2 = 2 * m
        for aa in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + aa / c
            c = c if abs(c) > _TINY else _TINY
            step = d * c
            h *= step
        if abs(step - 1.0) < _EPS:
            break
    return h


def incomplete_beta(x: float, a: float, b: float) -> float:
    """The regularized incomplete beta function I_x(a, b) for a, b > 0."""
    if a <= 0 or b <= 0:
        raise ValueError("a and b must be positive")
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(x, a, b) / a
    return 1.0 - front * _beta_fraction(1.0 - x, b, a) / b  # the symmetry converges faster here


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with `df` degrees of freedom."""
    tail = 0.5 * incomplete_beta(df / (df + t * t), df / 2.0, 0.5)
    return 1.0 - tail if t > 0 else tail


def f_cdf(f: float, df1: float, df2: float) -> float:
    """P(F <= f) for the F distribution with (df1, df2) degrees of freedom."""
    if f <= 0:
        return 0.0
    return incomplete_beta(df1 * f / (df1 * f + df2), df1 / 2.0, df2 / 2.0)


def _bisect(func: Callable[[float], float], low: float, high: float) -> float:
    """The root of an increasing function between low and high: regula falsi with the Illinois
    change (the bracket always holds the root, as bisection's does, but it closes in a handful of
    steps instead of about forty; each step costs an incomplete beta, which is the time here)."""
    f_low, f_high = func(low), func(high)
    if f_low >= 0:
        return low
    if f_high <= 0:
        return high
    side = 0
    for _ in range(200):
        mid = (low * f_high - high * f_low) / (f_high - f_low)
        if not low < mid < high:  # rounding at the ends: halve instead
            mid = (low + high) / 2.0
        f_mid = func(mid)
        if f_mid < 0:
            low, f_low = mid, f_mid
            if side == -1:
                f_high /= 2.0  # the same end kept twice: pull the line towards the other
            side = -1
        else:
            high, f_high = mid, f_mid
            if side == 1:
                f_low /= 2.0
            side = 1
        if high - low <= 1e-12 * max(1.0, abs(mid)) or f_mid == 0.0:
            return mid
    return (low + high) / 2.0


def _upper_bound(cdf: Callable[[float], float], p: float) -> float:
    """A point where the (increasing) cdf has passed p: doubled from 1 until it has."""
    high = 1.0
    while cdf(high) < p and high < 1e12:
        high *= 2.0
    return high


@lru_cache(maxsize=512)  # the same few (p, n - 1) come back for every facet and page load
def t_quantile(p: float, df: float) -> float:
    """The t value below which a share p of the distribution lies (0 < p < 1)."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must lie strictly between 0 and 1")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    if p == 0.5:
        return 0.0

    def cdf(t: float) -> float:
        return t_cdf(t, df)

    return _bisect(lambda t: cdf(t) - p, 0.0, _upper_bound(cdf, p))


def f_quantile(p: float, df1: float, df2: float) -> float:
    """The F value below which a share p of the distribution lies (0 < p < 1)."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must lie strictly between 0 and 1")

    def cdf(f: float) -> float:
        return f_cdf(f, df1, df2)

    return _bisect(lambda f: cdf(f) - p, 0.0, _upper_bound(cdf, p))
