"""t and F quantiles written out by hand, checked against printed statistical tables."""

from __future__ import annotations

import pytest

from practice_db.stats.distributions import f_cdf, f_quantile, incomplete_beta, t_cdf, t_quantile


@pytest.mark.parametrize(
    ("p", "df", "table"),
    [
        (0.975, 1, 12.706),
        (0.975, 4, 2.776),
        (0.975, 29, 2.045),
        (0.975, 120, 1.980),
        (0.95, 10, 1.812),
        (0.995, 10, 3.169),
    ],
)
def test_t_quantiles_match_the_table(p: float, df: int, table: float) -> None:
    assert t_quantile(p, df) == pytest.approx(table, abs=0.0006)
    assert t_quantile(1 - p, df) == pytest.approx(-table, abs=0.0006)  # symmetric


@pytest.mark.parametrize(
    ("p", "df1", "df2", "table"),
    [
        (0.95, 1, 10, 4.96),
        (0.95, 5, 15, 2.90),
        (0.975, 5, 15, 3.58),
        (0.975, 15, 5, 6.43),
        (0.99, 3, 20, 4.94),
        (0.95, 2, 2, 19.00),
    ],
)
def test_f_quantiles_match_the_table(p: float, df1: int, df2: int, table: float) -> None:
    assert f_quantile(p, df1, df2) == pytest.approx(table, abs=0.006)


def test_distribution_functions_at_known_points() -> None:
    assert incomplete_beta(0.5, 2.0, 2.0) == pytest.approx(0.5)  # symmetric about 1/2
    assert incomplete_beta(0.3, 1.0, 1.0) == pytest.approx(0.3)  # the uniform distribution
    assert incomplete_beta(0.2, 2.0, 3.0) == pytest.approx(
        0.1808
    )  # binomial sum: P(at least 2 of 4 succeed) at p = .2
    assert t_cdf(0.0, 7) == pytest.approx(0.5)
    assert t_cdf(1.0, 1) == pytest.approx(0.75)  # Cauchy: 1/2 + atan(1)/pi
    assert f_cdf(1.0, 4, 4) == pytest.approx(0.5)  # equal df: the median is 1
    assert f_quantile(0.5, 3.5, 3.5) == pytest.approx(1.0)  # fractional df work too
    with pytest.raises(ValueError):
        t_quantile(1.0, 3)
