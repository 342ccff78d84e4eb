"""Shared wording and number formats, so Markdown, PDF, CSV and text say the same thing."""

from __future__ import annotations

from datetime import date, datetime

from app.progress_log.wording import DASH, bias_text, change, mean
from app.progress_log.wording import value_text as measured
from practice_db.progress.records import FacetCalibration, GoalState, Period
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
        return f"{value:.2f}"
    if unit == "sessions a week":
        return f"{value:g} a week"
    if unit == "good challenges":
        return f"{value:g} good"
    return f"{value:g}"


def agreement(c: FacetCalibration) -> str:
    return DASH if c.agreement.value is None else f"{c.agreement.value:.2f}"


def bias_sentence(c: FacetCalibration) -> str | None:
    """'You rate your empathy 0.80 higher than your supervisor does (12 attempts).' (None without pairs)."""
    if c.mean_difference is None:
        return None
    return f"{bias_text(c, own=True, name='').rstrip('.')} ({c.n} attempts)."


def trend(c: FacetCalibration) -> str:
    if c.slope_per_week is None:
        return DASH
    return f"{c.slope_per_week:+.2f} a week"
