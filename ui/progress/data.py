"""Everything the Progress page shows, read in one go on the DB worker (no Qt here).

The page asks for one profile and one period; `load_progress` reads the period's rows once
(`store.progress.dashboard`) plus the goals, and hands back one frozen bundle, so the widgets are
filled in a single pass on the GUI thread.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from statistics import median
from typing import TYPE_CHECKING

from app.local_time import local_zone
from practice_db.progress.criteria import CriterionTally
from practice_db.progress.records import (
    BreakdownRow,
    FacetAverage,
    FacetCalibration,
    FacetSeries,
    GoalStatus,
    Period,
    TimingPoint,
    VolumeTotals,
    WeekVolume,
)

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

# Whole weeks, so every weekly point of a chart covers seven days.
PRESETS: dict[str, tuple[str, int]] = {
    "4w": ("Last 4 weeks", 28),
    "3m": ("Last 3 months", 91),
    "12m": ("Last 12 months", 364),
}
CUSTOM = "custom"


@dataclass(frozen=True)
class WeekTiming:
    """One week's speech timings: medians, since one noisy take can be far off."""

    week_start: date
    latency_s: float | None  # time from the clip's end to the first word
    pauses: float | None  # pauses per attempt
    n: int


@dataclass(frozen=True)
class ProgressData:
    profile_id: int
    period: Period
    totals: VolumeTotals
    weeks: tuple[WeekVolume, ...]
    averages: tuple[FacetAverage, ...]
    series: tuple[FacetSeries, ...]
    timings: tuple[WeekTiming, ...]
    by_presentation: tuple[BreakdownRow, ...]
    by_difficulty: tuple[BreakdownRow, ...]
    calibration: tuple[FacetCalibration, ...]
    goals: tuple[GoalStatus, ...]
    criteria: tuple[CriterionTally, ...] = ()  # how often each criterion was met (criteria_card.py)

    @property
    def empty(self) -> bool:
        return self.totals.attempts == 0

    @property
    def week_starts(self) -> list[date]:
        return [w.week_start for w in self.weeks]


def local_tz() -> tzinfo:
    """The computer's time zone with its clock changes: practice days as the user lived them."""
    return local_zone()


def preset_period(key: str, today: date, tz: tzinfo) -> Period:
    """The last N days up to and including today."""
    days = PRESETS[key][1]
    return Period(today - timedelta(days=days - 1), today + timedelta(days=1), tz)


def custom_period(first: date, last: date, tz: tzinfo) -> Period:
    """`last` is included, as the user picked it."""
    return Period(first, last + timedelta(days=1), tz)


def weekly_timings(points: Sequence[TimingPoint], period: Period) -> tuple[WeekTiming, ...]:
    latency: dict[date, list[float]] = defaultdict(list)
    pauses: dict[date, list[float]] = defaultdict(list)
    counts: dict[date, int] = defaultdict(int)
    for p in points:
        week = period.week_start(p.at)
        counts[week] += 1
        if p.response_latency_ms is not None:
            latency[week].append(p.response_latency_ms / 1000)
        if p.pause_count is not None:
            pauses[week].append(float(p.pause_count))
    return tuple(
        WeekTiming(
            week,
            median(latency[week]) if latency[week] else None,
            median(pauses[week]) if pauses[week] else None,
            counts[week],
        )
        for week in sorted(counts)
    )


def load_progress(store: PracticeStore, profile_id: int, period: Period, today: date) -> ProgressData:
    """Runs on the DB worker. Goals are all of the profile's, measured as of today."""
    board = store.progress.dashboard(profile_id, period, goals_as_of=today)
    return ProgressData(
        profile_id=profile_id,
        period=period,
        totals=board.totals,
        weeks=board.weeks,
        averages=board.averages,
        series=board.series,
        timings=weekly_timings(board.timings, period),
        by_presentation=board.by_presentation,
        by_difficulty=board.by_difficulty,
        calibration=board.calibration,
        goals=board.goals,
        criteria=tuple(store.progress.criteria_tallies(profile_id, period)),
    )
