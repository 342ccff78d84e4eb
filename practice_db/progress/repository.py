"""Progress queries for one profile and one period: what was practised and how it was rated.

The period's figures (volume, timings, weekly means, averages, breakdowns, calibration) are
computed in Python from one lean read of its attempts and ratings (practice_db/progress/frame.py);
`dashboard` gives them all from a single read. Lists for exports (clips, notes, spreadsheet rows)
are aggregated in SQL. Every query filters attempts through ix_attempts_profile_started and reaches
ratings and comments through their attempt_id indexes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Literal, cast

import numpy as np
from sqlalchemy import and_, case, distinct, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from practice_db import models
from practice_db.bulk import gc_paused
from practice_db.engine import one_snapshot
from practice_db.goals.frame import FrameMeasures
from practice_db.goals.measures import SqlMeasures
from practice_db.goals.repository import measure_goals
from practice_db.progress import criteria, frame
from practice_db.progress.records import (
    AttemptRatingRow,
    BreakdownRow,
    ClipPractised,
    FacetAverage,
    FacetCalibration,
    FacetSeries,
    GoalStatus,
    NoteKind,
    Period,
    ProgressDashboard,
    RaterRole,
    RatingPoint,
    SupervisorNote,
    TimingPoint,
    VolumeTotals,
    WeeklyMean,
    WeekVolume,
)
from practice_db.progress.rows import attempt_rating_rows
from practice_db.progress.sql import attempts_in
from practice_db.text_fold import sort_key
from practice_db.vocabulary import FACET_KEYS

A, R, C = models.Attempt, models.Rating, models.Clip
_ROLES: tuple[RaterRole, RaterRole] = ("self", "supervisor")  # weekly groups: 2 * week + role


class ProgressRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # -- ratings over time -------------------------------------------------------------------
    def facet_series(self, profile_id: int, period: Period) -> list[FacetSeries]:
        """Per facet: one point per rating (self and supervisor apart) and weekly means."""
        query = (
            select(A.id, A.started_at, R.rater_role, *(getattr(R, k) for k in FACET_KEYS))
            .join(R, R.attempt_id == A.id)
            .where(attempts_in(profile_id, period.start_utc, period.end_utc))
            .order_by(A.started_at, A.id, R.id)
        )
        with self._sessions() as s, gc_paused():
            return self._series(s.execute(query).all(), period)

    @staticmethod
    def _series(rows: Sequence[Sequence[Any]], period: Period) -> list[FacetSeries]:
        # A year of one trainee is ~6,000 ratings, ~50,000 points: a rating's week is worked out
        # once for its eight facets, and the weekly sums are done by numpy, not point by point.
        # A partial rating ("n of 8") is in no chart (practice_db/scoring.py).
        rows = [row for row in rows if all(v is not None for v in row[3:])]
        weeks = [period.week_start(row[1]) for row in rows]
        slots = sorted(set(weeks))
        index = {w: i for i, w in enumerate(slots)}
        roles = [row[2] == "supervisor" for row in rows]
        group = np.array([2 * index[w] + sup for w, sup in zip(weeks, roles, strict=True)], dtype=np.intp)
        scores = np.array([row[3:] for row in rows], dtype=float).reshape(len(rows), len(FACET_KEYS))
        out = []
        for i, key in enumerate(FACET_KEYS):
            col = 3 + i
            points = tuple(RatingPoint(r[0], r[1], r[2], r[col]) for r in rows if r[col] is not None)
            given = ~np.isnan(scores[:, i])
            n = np.bincount(group[given], minlength=2 * len(slots))
            total = np.bincount(group[given], weights=scores[given, i], minlength=2 * len(slots))
            weekly = tuple(
                WeeklyMean(slots[g // 2], _ROLES[g % 2], float(total[g]) / int(n[g]), int(n[g]))
                for g in np.flatnonzero(n)
            )
            out.append(FacetSeries(key, points, weekly))
        return out

    def facet_weekly(self, profile_id: int, period: Period) -> list[FacetSeries]:
        """Like facet_series but weekly means only (no per-rating points): what a chart needs."""
        return frame.facet_weekly(self._rows(profile_id, period))

    def facet_averages(self, profile_id: int, period: Period) -> list[FacetAverage]:
        """Per facet and rater role, the period's mean and the previous equal period's mean."""
        with self._sessions() as s:
            one_snapshot(s)
            now = frame.fetch_ratings(s, profile_id, period)
            before = frame.fetch_ratings(s, profile_id, period.previous())
        return frame.facet_averages(frame.role_means(now), frame.role_means(before))

    # -- volume and timings -----------------------------------------------------------------
    def weekly_volume(self, profile_id: int, period: Period) -> list[WeekVolume]:
        """Every week of the period (empty weeks too), counted from the period's first day."""
        return frame.weekly_volume(self._rows(profile_id, period, ratings=False))

    def volume_totals(self, profile_id: int, period: Period) -> VolumeTotals:
        return frame.volume_totals(self._rows(profile_id, period, ratings=False))

    def timings(self, profile_id: int, period: Period) -> list[TimingPoint]:
        return frame.timings(self._rows(profile_id, period, ratings=False))

    # -- breakdowns -------------------------------------------------------------------------
    def breakdown(
        self, profile_id: int, period: Period, by: Literal["presentation", "difficulty"]
    ) -> list[BreakdownRow]:
        """Attempts, mean overall self/supervisor score and 'too hard' count per group."""
        return frame.breakdown(self._rows(profile_id, period), by)

    def clips_practised(self, profile_id: int, period: Period) -> list[ClipPractised]:
        query = (
            select(
                C.id,
                C.uuid,
                C.title,
                C.presentation,
                C.difficulty,
                func.count(distinct(A.id)),
                func.max(A.started_at),
                func.count(distinct(case((R.reaction == "too_hard", A.id)))),
            )
            .select_from(A)
            .join(C, C.id == A.clip_id)
            .outerjoin(R, and_(R.attempt_id == A.id, R.rater_role == "self"))
            .where(attempts_in(profile_id, period.start_utc, period.end_utc))
            .group_by(C.id, C.uuid, C.title, C.presentation, C.difficulty)
        )
        with self._sessions() as s:
            rows = list(s.execute(query))
        # Titles in the folded order used everywhere (text_fold): SQL's ORDER BY title follows the
        # server's collation, which differs between SQLite and a PostgreSQL server.
        rows.sort(key=lambda r: (-int(r[5]), sort_key(r[2]), r[0]))
        return [ClipPractised(*r[:6], r[6], int(r[7] or 0)) for r in rows]

    # -- supervisor feedback ----------------------------------------------------------------
    def supervisor_notes(self, profile_id: int, period: Period) -> list[SupervisorNote]:
        """Corrective points, 'went well' lines and comments others left on this trainee's attempts."""
        author = models.Profile
        window = attempts_in(profile_id, period.start_utc, period.end_utc)
        rating_rows = (
            select(
                A.id,
                A.uuid,
                A.started_at,
                C.title,
                author.name,
                R.corrective_point,
                R.extra_corrective_point,
                R.went_well,
            )
            .select_from(R)
            .join(A, A.id == R.attempt_id)
            .join(C, C.id == A.clip_id)
            .join(author, author.id == R.rater_profile_id)
            .where(
                window,
                R.rater_role == "supervisor",
                or_(R.corrective_point != "", R.extra_corrective_point != "", R.went_well != ""),
            )
            .order_by(A.started_at, A.id, R.id)  # the sort below is stable: two raters stay in order
        )
        comment_rows = (
            select(
                A.id,
                A.uuid,
                A.started_at,
                C.title,
                author.name,
                models.Comment.text,
                models.Comment.offset_ms,
            )
            .select_from(models.Comment)
            .join(A, A.id == models.Comment.attempt_id)
            .join(C, C.id == A.clip_id)
            .join(author, author.id == models.Comment.author_profile_id)
            .where(window, models.Comment.author_profile_id != A.profile_id)
            .order_by(A.started_at, A.id, models.Comment.offset_ms, models.Comment.id)
        )
        notes: list[SupervisorNote] = []
        with self._sessions() as s:
            for aid, uuid, at, title, name, point, extra, well in s.execute(rating_rows):
                for kind, text in (("corrective", point), ("corrective", extra), ("went_well", well)):
                    if text.strip():
                        notes.append(
                            SupervisorNote(cast(NoteKind, kind), aid, uuid, at, title, name, text.strip())
                        )
            for aid, uuid, at, title, name, text, offset in s.execute(comment_rows):
                notes.append(SupervisorNote("comment", aid, uuid, at, title, name, text, offset))
        order = {"corrective": 0, "went_well": 1, "comment": 2}
        return sorted(notes, key=lambda n: (n.attempt_at, n.attempt_id, order[n.kind], n.offset_ms or 0))

    def rating_rows(self, profile_id: int, period: Period) -> list[AttemptRatingRow]:
        """Attempt x rater rows for a spreadsheet; unrated attempts appear once, rater left blank."""
        with self._sessions() as s, gc_paused():
            return attempt_rating_rows(s, profile_id, period)

    # -- calibration ------------------------------------------------------------------------
    def calibration(self, profile_id: int, period: Period) -> list[FacetCalibration]:
        return frame.calibration(self._rows(profile_id, period))

    # -- everything the Progress page shows -------------------------------------------------
    def dashboard(
        self, profile_id: int, period: Period, goals_as_of: date | None = None
    ) -> ProgressDashboard:
        """Every figure above for one period, from one read of its attempts and ratings; with
        `goals_as_of`, also the profile's goals measured as of that day (from the same rows when a
        goal's dates lie inside the period, by their own queries otherwise)."""
        with self._sessions() as s, gc_paused():
            one_snapshot(s)  # this period, the previous one and the goals from the same moment
            rows = frame.fetch(s, profile_id, period)
            before = frame.role_means(frame.fetch_ratings(s, profile_id, period.previous()))
            goals: tuple[GoalStatus, ...] = ()
            if goals_as_of is not None:
                measures = FrameMeasures(rows, SqlMeasures(s))
                goals = tuple(measure_goals(s, profile_id, goals_as_of, period.tz, measures))
            return ProgressDashboard(
                totals=frame.volume_totals(rows),
                weeks=tuple(frame.weekly_volume(rows)),
                averages=tuple(frame.facet_averages(frame.role_means(rows.ratings), before)),
                series=tuple(frame.facet_weekly(rows)),
                timings=tuple(frame.timings(rows)),
                by_presentation=tuple(frame.breakdown(rows, "presentation")),
                by_difficulty=tuple(frame.breakdown(rows, "difficulty")),
                calibration=tuple(frame.calibration(rows)),
                goals=goals,
            )

    # -- criteria (practice_db/progress/criteria.py) -----------------------------------------
    def criteria_tallies(self, profile_id: int, period: Period) -> list[criteria.CriterionTally]:
        """Per exercise and criterion: met / partly / not met, by self and by supervisors."""
        with self._sessions() as s:
            return criteria.criteria_tallies(s, profile_id, period)

    def verdicts_per_rating(self, profile_id: int, period: Period) -> list[criteria.RatingVerdicts]:
        with self._sessions() as s:
            return criteria.verdicts_per_rating(s, profile_id, period)

    def _rows(self, profile_id: int, period: Period, ratings: bool = True) -> frame.PeriodRows:
        with self._sessions() as s, gc_paused():
            one_snapshot(s)  # attempts and their ratings are two queries
            return frame.fetch(s, profile_id, period, ratings)
