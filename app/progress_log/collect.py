"""Collect everything a progress log shows into one plain, frozen report (run on a worker thread)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, TypeVar

from practice_db.assessment.results_records import PersonResults
from practice_db.progress.criteria import CriterionTally, RatingVerdicts
from practice_db.progress.records import (
    AttemptRatingRow,
    BreakdownRow,
    ClipPractised,
    FacetAverage,
    FacetCalibration,
    FacetSeries,
    GoalStatus,
    Period,
    SupervisorNote,
    VolumeTotals,
    WeekVolume,
)
from practice_db.records import ProfileRecord

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

# (steps done, steps in all, what is happening now) - for a progress bar; may be called often.
ProgressCallback = Callable[[int, int, str], None]

T = TypeVar("T")

PRIVACY_LINE = (
    "Privacy: this log holds practice ratings, notes and goals only. It contains no recordings "
    "and should contain no client-identifying details; check the notes before sharing it."
)


@dataclass(frozen=True)
class ProgressReport:
    profile: ProfileRecord
    period: Period
    generated_on: date
    goals_as_of: date
    totals: VolumeTotals
    weeks: tuple[WeekVolume, ...]
    facets: tuple[FacetAverage, ...]
    series: tuple[FacetSeries, ...]
    by_presentation: tuple[BreakdownRow, ...]
    by_difficulty: tuple[BreakdownRow, ...]
    goals: tuple[GoalStatus, ...]
    notes: tuple[SupervisorNote, ...]
    clips: tuple[ClipPractised, ...]
    calibration: tuple[FacetCalibration, ...]
    rows: tuple[AttemptRatingRow, ...]
    criteria: tuple[CriterionTally, ...] = ()  # app/progress_log/criteria_section.py
    criteria_per_rating: tuple[RatingVerdicts, ...] = ()
    assessment: PersonResults | None = None  # app/progress_log/assessment_section.py (all sittings)


def collect_report(
    store: PracticeStore,
    profile_id: int,
    period: Period,
    today: date,
    progress: ProgressCallback | None = None,
) -> ProgressReport:
    """Query the store once per part; goals are measured as of the period's end or today if sooner."""
    q = store.progress
    total, done = 14, 0

    def step(what: str, fetch: Callable[[], T]) -> T:
        nonlocal done
        if progress is not None:
            progress(done, total, what)
        done += 1
        return fetch()

    as_of = min(today, period.end - timedelta(days=1))
    return ProgressReport(
        profile=store.profiles.get(profile_id),
        period=period,
        generated_on=today,
        goals_as_of=as_of,
        totals=step("Counting practice", lambda: q.volume_totals(profile_id, period)),
        weeks=step("Counting weeks", lambda: tuple(q.weekly_volume(profile_id, period))),
        facets=step("Averaging facets", lambda: tuple(q.facet_averages(profile_id, period))),
        series=step("Reading ratings over time", lambda: tuple(q.facet_series(profile_id, period))),
        by_presentation=step(
            "Grouping by presentation", lambda: tuple(q.breakdown(profile_id, period, "presentation"))
        ),
        by_difficulty=step(
            "Grouping by difficulty", lambda: tuple(q.breakdown(profile_id, period, "difficulty"))
        ),
        notes=step("Reading supervisor feedback", lambda: tuple(q.supervisor_notes(profile_id, period))),
        clips=step("Listing clips", lambda: tuple(q.clips_practised(profile_id, period))),
        calibration=step("Comparing self and supervisor", lambda: tuple(q.calibration(profile_id, period))),
        rows=step("Reading attempts", lambda: tuple(q.rating_rows(profile_id, period))),
        goals=step("Measuring goals", lambda: _goals(store, profile_id, period, as_of)),
        criteria=step("Counting criteria met", lambda: tuple(q.criteria_tallies(profile_id, period))),
        criteria_per_rating=step(
            "Reading criteria verdicts", lambda: tuple(q.verdicts_per_rating(profile_id, period))
        ),
        assessment=step("Reading FIS assessments", lambda: store.assessment_results.person(profile_id)),
    )


def _goals(store: PracticeStore, profile_id: int, period: Period, as_of: date) -> tuple[GoalStatus, ...]:
    """Goals whose dates overlap the period."""
    return tuple(
        g
        for g in store.goals.statuses(profile_id, as_of, period.tz)
        if g.goal.starts_on < period.end and g.goal.ends_on >= period.start
    )
