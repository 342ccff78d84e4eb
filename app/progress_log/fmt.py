"""Shared wording and number formats, so Markdown, PDF, CSV and text say the same thing."""

from __future__ import annotations

from datetime import date, datetime

from app.progress_log.wording import (
    CALIBRATION_HEADER,
    DASH,
    agreement_cell,
    bias_text,
    change,
    difference_cell,
    mean,
    one_decimal,
    short_facet,
    within_cell,
)
from app.progress_log.wording import value_text as measured
from practice_db.progress.records import MIN_BIAS_PAIRS, MIN_ICC_PAIRS, FacetCalibration, GoalState, Period
from practice_db.vocabulary import DIFFICULTY_LABELS, FACET_LABELS, PRESENTATION_LABELS

# mean, change, measured and DASH are the Progress page's own formats, so screen and log agree.
__all__ = ["DASH", "change", "mean", "measured"]


STATE_LABELS: dict[GoalState, str] = {
    "not_started": "Not started",
    "met": "Met so far",
    "on_track": "On track",
    "behind": "Behind",
    "ended_met": "Ended: met",
    "ended_missed": "Ended: missed",
}

NOTE_LABELS = {"corrective": "Corrective point", "went_well": "Went well", "comment": "Comment"}


def day(value: date | datetime) -> str:
    return f"{value.day} {value:%b %Y}"


def period_text(period: Period) -> str:
    last = period.end.toordinal() - 1
    weeks = period.days / 7
    span = f"{weeks:g} weeks" if weeks == int(weeks) else f"{period.days} days"
    return f"{day(period.start)} to {day(date.fromordinal(last))} ({span})"


def facet(key: str) -> str:
    return FACET_LABELS.get(key, key)


def presentation(key: str) -> str:
    return PRESENTATION_LABELS.get(key, key)


def difficulty(key: str | int) -> str:
    return DIFFICULTY_LABELS.get(int(key), str(key))


def offset(ms: int | None) -> str:
    if ms is None:
        return ""
    seconds = ms // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


def target(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value:.0f}%"
    if unit == "points":
        return one_decimal(value)
    if unit == "sessions a week":
        return f"{value:g} a week"
    if unit == "good challenges":
        return f"{value:g} good"
    return f"{value:g}"


# The calibration table's cells, as on the Progress page.
difference = difference_cell
within = within_cell
agreement = agreement_cell


def bias_sentence(c: FacetCalibration) -> str | None:
    """'You rate your empathy 0.6 higher than your supervisor does (95% interval 0.2 to 1.0,
    n = 12).' None from fewer than MIN_BIAS_PAIRS pairs: one attempt says nothing about a habit."""
    if c.mean_difference is None or c.n < MIN_BIAS_PAIRS:
        return None
    return bias_text(c, own=True, name="")


def trend(c: FacetCalibration) -> str:
    """Points per week (two decimals: a rate, where a tenth a week would be a big change)."""
    if c.slope_per_week is None:
        return DASH
    return f"{c.slope_per_week:+.2f} a week"


TREND_NOTE = f" Trend is how the difference moved per week, also from {MIN_ICC_PAIRS} pairs."
CALIBRATION_COLUMNS = ("Facet", "Pairs", *CALIBRATION_HEADER[2:], "Trend")


def calibration_table(items: tuple[FacetCalibration, ...]) -> list[list[str]]:
    return [[short_facet(c.facet), str(c.n), difference(c), within(c), agreement(c), trend(c)] for c in items]
