"""Frozen shapes of progress analysis, calibration and goals (kept apart from records.py).

Dates the user sees (periods, goal dates, weeks) are calendar dates in one time zone (`tz`);
the database stores UTC instants, so a Period knows how to turn its dates into UTC bounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal, NamedTuple

RaterRole = Literal["self", "supervisor"]
GoalKind = Literal["facet_share", "practice_frequency", "challenge_level", "mean_score"]
NoteKind = Literal["corrective", "went_well", "comment"]
GoalState = Literal["not_started", "met", "on_track", "behind", "ended_met", "ended_missed"]


@dataclass(frozen=True)
class Period:
    """Calendar dates [start, end): `end` is the first day *not* included."""

    start: date
    end: date
    tz: tzinfo = UTC

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def start_utc(self) -> datetime:
        return datetime.combine(self.start, time(), self.tz).astimezone(UTC)

    @property
    def end_utc(self) -> datetime:
        return datetime.combine(self.end, time(), self.tz).astimezone(UTC)

    def previous(self) -> Period:
        """The period of equal length just before this one (for 'change since')."""
        return Period(self.start - timedelta(days=self.days), self.start, self.tz)

    def local_date(self, instant: datetime) -> date:
        return instant.astimezone(self.tz).date()

    def week_start(self, instant: datetime) -> date:
        """Weeks are counted from the period's first day, so a period's weeks are all whole."""
        return self.week_of(self.local_date(instant))

    def week_of(self, day: date) -> date:
        """The start of the week (counted from the period's first day) holding this local date."""
        offset = (day - self.start).days
        return self.start + timedelta(days=7 * (offset // 7))


# -- progress -----------------------------------------------------------------------------------
class RatingPoint(NamedTuple):
    """Immutable like the rest; a named tuple because a year of one trainee's ratings is ~50,000
    points and a tuple is built about four times faster than a frozen dataclass."""

    attempt_id: int
    at: datetime
    rater_role: RaterRole
    score: int


@dataclass(frozen=True)
class WeeklyMean:
    week_start: date
    rater_role: RaterRole
    mean: float
    n: int


@dataclass(frozen=True)
class FacetSeries:
    facet: str
    points: tuple[RatingPoint, ...]
    weekly: tuple[WeeklyMean, ...]


@dataclass(frozen=True)
class WeekVolume:
    week_start: date
    attempts: int
    sessions: int
    minutes_spoken: float


@dataclass(frozen=True)
class TimingPoint:
    attempt_id: int
    at: datetime
    response_latency_ms: int | None
    speaking_ms: int | None
    pause_count: int | None
    pause_total_ms: int | None


@dataclass(frozen=True)
class BreakdownRow:
    """One presentation or one difficulty level; means are of each rating's facet mean."""

    key: str
    attempts: int
    self_mean: float | None
    supervisor_mean: float | None
    too_hard: int


@dataclass(frozen=True)
class FacetAverage:
    facet: str
    self_mean: float | None
    self_n: int
    supervisor_mean: float | None
    supervisor_n: int
    previous_self_mean: float | None
    previous_supervisor_mean: float | None

    @property
    def self_change(self) -> float | None:
        return _change(self.self_mean, self.previous_self_mean)

    @property
    def supervisor_change(self) -> float | None:
        return _change(self.supervisor_mean, self.previous_supervisor_mean)


def _change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


@dataclass(frozen=True)
class ProgressDashboard:
    """Every progress figure of one period, computed from one read of its rows."""

    totals: VolumeTotals
    weeks: tuple[WeekVolume, ...]
    averages: tuple[FacetAverage, ...]
    series: tuple[FacetSeries, ...]
    timings: tuple[TimingPoint, ...]
    by_presentation: tuple[BreakdownRow, ...]
    by_difficulty: tuple[BreakdownRow, ...]
    calibration: tuple[FacetCalibration, ...]
    goals: tuple[GoalStatus, ...] = ()  # only when asked for (ProgressRepository.dashboard)


@dataclass(frozen=True)
class SupervisorNote:
    """A corrective point, 'went well' line or time-stamped comment a supervisor left."""

    kind: NoteKind
    attempt_id: int
    attempt_uuid: str
    attempt_at: datetime
    clip_title: str
    author_name: str
    text: str
    offset_ms: int | None = None


@dataclass(frozen=True)
class ClipPractised:
    clip_id: int
    clip_uuid: str
    title: str
    presentation: str
    difficulty: int
    attempts: int
    last_at: datetime
    too_hard: int


@dataclass(frozen=True)
class VolumeTotals:
    attempts: int
    sessions: int
    practice_days: int
    minutes_spoken: float


@dataclass(frozen=True)
class AttemptRatingRow:
    """One attempt as one rater scored it (rater fields empty for an attempt nobody rated)."""

    attempt_id: int
    attempt_uuid: str
    started_at: datetime
    clip_title: str
    presentation: str
    difficulty: int
    rater_role: str  # "self", "supervisor" or "" (not rated)
    rater_name: str
    scores: Mapping[str, int | None]
    reaction: str | None
    response_latency_ms: int | None
    speaking_ms: int | None
    pause_count: int | None
    pause_total_ms: int | None
    duration_ms: int | None


# -- calibration --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Agreement:
    """ICC(A,1) with its 95% interval, or None with a plain reason why it is not given."""

    value: float | None
    n: int
    reason: str = ""
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class BiasWeek:
    week_start: date
    mean_difference: float
    n: int


MIN_BIAS_PAIRS = 3  # below this, the self-minus-supervisor difference is not put into a sentence
MIN_ICC_PAIRS = 15  # below this, no ICC and no trend (practice_db/progress/calibration.py)
TOTAL = "total"  # FacetCalibration.facet of the total score (the mean of all eight facets)


@dataclass(frozen=True)
class FacetCalibration:
    """Self against supervisor on one facet, or on the total (facet TOTAL). Pairs come from
    complete ratings only (all eight facets on both sides): see practice_db/scoring.py."""

    facet: str
    n: int  # attempts rated by both the trainee and a supervisor
    mean_difference: float | None  # self minus supervisor; positive = trainee rates higher
    agreement: Agreement  # an ICC only from MIN_ICC_PAIRS pairs (practice_db/progress/calibration.py)
    trend: tuple[BiasWeek, ...]
    slope_per_week: float | None  # change of the mean difference per week (least squares)
    difference_low: float | None = None  # the 95% interval of mean_difference (from two pairs)
    difference_high: float | None = None
    within_one: float | None = None  # the share of pairs at most one point apart


# -- goals --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewGoal:
    owner_profile_id: int
    set_by_profile_id: int
    kind: GoalKind
    params: Mapping[str, object]
    starts_on: date
    ends_on: date  # inclusive: "by 30 June" includes 30 June
    note: str = ""


@dataclass(frozen=True)
class GoalRecord:
    id: int
    uuid: str
    owner_profile_id: int
    set_by_profile_id: int | None
    kind: GoalKind
    params: Mapping[str, object]
    starts_on: date
    ends_on: date
    note: str
    created_at: datetime
    updated_at: datetime
    version: int = 1  # bumped by every save; a save names the version it started from


@dataclass(frozen=True)
class GoalStatus:
    goal: GoalRecord
    description: str  # the goal in one plain sentence
    state: GoalState
    measured: float | None  # in `unit`; None when there is nothing to measure yet
    target: float
    unit: str  # "%", "sessions a week", "good challenges", "points"
    detail: str  # what was measured, in plain words
    n: int = 0  # attempts (or sessions) the measurement rests on
    extra: Mapping[str, float] = field(default_factory=dict)
