"""What the Programme table's cells say: 'last practised' in days and weeks, trend arrows and words,
and the order each column sorts in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from practice_db.programme import FacetTrend, TraineeRow
from practice_db.vocabulary import FACET_KEYS
from ui.programme.table_model import FIRST_FACET, ago, sort_value, trend_text, trend_words

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def row(trends: tuple[FacetTrend, ...], last: datetime | None = None) -> TraineeRow:
    return TraineeRow(7, "Sam", 4, 2.5, last, trends, 2, 3, 1)


def test_last_practised_words() -> None:
    assert ago(None, NOW) == "never"
    assert ago(NOW - timedelta(minutes=5), NOW) == "today"
    assert ago(NOW - timedelta(days=1), NOW) == "yesterday"
    assert ago(NOW - timedelta(days=3), NOW) == "3 days ago"
    assert ago(NOW - timedelta(days=13), NOW) == "13 days ago"
    assert ago(NOW - timedelta(days=15), NOW) == "2 weeks ago"
    assert ago(NOW - timedelta(days=100), NOW) == (NOW - timedelta(days=100)).astimezone().strftime(
        "%d %b %Y"
    )


def test_trend_cells_and_sorting() -> None:
    up, down = FacetTrend("hope", 2.0, 2.6), FacetTrend("warmth", 3.5, 3.0)
    steady, unknown = FacetTrend("empathy", 3.0, 3.1), FacetTrend("verbal_fluency", None, 3.0)
    assert (trend_text(up), trend_text(down), trend_text(steady), trend_text(unknown)) == (
        "↑ +0.6",
        "↓ −0.5",
        "→ +0.1",
        "–",
    )
    trends = tuple(FacetTrend(k, None, None) for k in FACET_KEYS)
    r = row(trends)
    assert "Warmth / acceptance / understanding: down, from 3.5 to 3.0" in trend_words(down, r)
    assert "too few complete supervisor ratings" in trend_words(unknown, r)
    # no trend sorts below any change; no attempt ever sorts below any date
    assert sort_value(r, FIRST_FACET) < -5
    assert sort_value(row(trends), 3) < sort_value(row(trends, NOW - timedelta(days=900)), 3)
