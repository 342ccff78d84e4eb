"""Progress queries for one profile and one period: what was practised and how it was rated.

Sums, means and counts are aggregated in SQL; only per-attempt series (at most a few rows per
attempt of the period) come back to Python, where weeks in the user's time zone are easy and
portable. Every query filters attempts through ix_attempts_profile_started and reaches ratings
and comments through their attempt_id indexes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any, Literal, cast

import numpy as np
from sqlalchemy import and_, case, distinct, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from practice_db import models
from practice_db.bulk import gc_paused
from practice_db.progress_calibration import calibration_for
from practice_db.progress_records import (
    AttemptRatingRow,
    BreakdownRow,
    ClipPractised,
    FacetAverage,
    FacetCalibration,
    FacetSeries,
    NoteKind,
    Period,
    RaterRole,
    RatingPoint,
    SupervisorNote,
    TimingPoint,
    VolumeTotals,
    WeeklyMean,
    WeekVolume,
)
from practice_db.progress_rows import attempt_rating_rows
from practice_db.progress_sql import attempts_in, count_sessions, minutes, rating_mean
from practice_db.vocabulary import FACET_KEYS

A, R, C = models.Attempt, models.Rating, models.Clip
_ROLES: tuple[RaterRole, RaterRole] = ("self", "supervisor")  # weekly groups: 2 * week + role
VolumeRow = tuple[datetime, int | None, int | None]  # started_at, session_id, minutes' source ms


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
        """Like facet_series but weekly means only (no per-rating points): what a chart needs.

        Sums per (week, role) as the rows stream by, so a year of a busy trainee's ratings never
        becomes tens of thousands of point objects.
        """
        query = (
            select(A.started_at, R.rater_role, *(getattr(R, k) for k in FACET_KEYS))
            .join(R, R.attempt_id == A.id)
            .where(attempts_in(profile_id, period.start_utc, period.end_utc))
        )
        sums: dict[tuple[date, str], list[int]] = {}
        weeks: dict[datetime, date] = {}
        with self._sessions() as s:
            for at, role, *values in s.execute(query):
                week = weeks.get(at)
                if week is None:
                    week = weeks[at] = period.week_start(at)
                acc = sums.get((week, role))
                if acc is None:
                    acc = sums[(week, role)] = [0] * (2 * len(FACET_KEYS))
                for i, value in enumerate(values):
                    if value is not None:
                        acc[2 * i] += value
                        acc[2 * i + 1] += 1
        out = []
        for i, key in enumerate(FACET_KEYS):
            weekly = tuple(
                WeeklyMean(week, cast(RaterRole, role), acc[2 * i] / acc[2 * i + 1], acc[2 * i + 1])
                for (week, role), acc in sorted(sums.items())
                if acc[2 * i + 1]
            )
            out.append(FacetSeries(key, (), weekly))
        return out

    def facet_averages(self, profile_id: int, period: Period) -> list[FacetAverage]:
        """Per facet and rater role, the period's mean and the previous equal period's mean."""
        now, before = self._role_means(profile_id, period), self._role_means(profile_id, period.previous())
        out = []
        for key in FACET_KEYS:
            own, sup = now.get(("self", key), (None, 0)), now.get(("supervisor", key), (None, 0))
            out.append(
                FacetAverage(
                    key,
                    own[0],
                    own[1],
                    sup[0],
                    sup[1],
                    before.get(("self", key), (None, 0))[0],
                    before.get(("supervisor", key), (None, 0))[0],
                )
            )
        return out

    def _role_means(self, profile_id: int, period: Period) -> dict[tuple[str, str], tuple[float | None, int]]:
        columns = []
        for key in FACET_KEYS:
            columns += [func.avg(getattr(R, key)), func.count(getattr(R, key))]
        query = (
            select(R.rater_role, *columns)
            .join(A, A.id == R.attempt_id)
            .where(attempts_in(profile_id, period.start_utc, period.end_utc))
            .group_by(R.rater_role)
        )
        out: dict[tuple[str, str], tuple[float | None, int]] = {}
        with self._sessions() as s:
            for role, *values in s.execute(query):
                for i, key in enumerate(FACET_KEYS):
                    mean, n = values[2 * i], int(values[2 * i + 1])
                    out[(role, key)] = (None if mean is None else float(mean), n)
        return out

    # -- volume and timings -----------------------------------------------------------------
    def weekly_volume(self, profile_id: int, period: Period) -> list[WeekVolume]:
        """Every week of the period (empty weeks too), counted from the period's first day."""
        by_week: dict[date, list[VolumeRow]] = defaultdict(list)
        for row in self._volume_rows(profile_id, period):
            by_week[period.week_start(row[0])].append(row)
        weeks = []
        week = period.start
        while week < period.end:
            items = by_week.get(week, [])
            sessions = count_sessions(((at, sid) for at, sid, _ in items), period.tz)
            weeks.append(WeekVolume(week, len(items), sessions, sum(minutes(ms) for _, _, ms in items)))
            week += timedelta(days=7)
        return weeks

    def volume_totals(self, profile_id: int, period: Period) -> VolumeTotals:
        rows = self._volume_rows(profile_id, period)
        return VolumeTotals(
            attempts=len(rows),
            sessions=count_sessions(((at, sid) for at, sid, _ in rows), period.tz),
            practice_days=len({period.local_date(at) for at, _, _ in rows}),
            minutes_spoken=sum(minutes(ms) for _, _, ms in rows),
        )

    def _volume_rows(self, profile_id: int, period: Period) -> list[VolumeRow]:
        query = select(A.started_at, A.session_id, func.coalesce(A.speaking_ms, A.duration_ms)).where(
            attempts_in(profile_id, period.start_utc, period.end_utc)
        )
        with self._sessions() as s:
            return [(r[0], r[1], r[2]) for r in s.execute(query)]

    def timings(self, profile_id: int, period: Period) -> list[TimingPoint]:
        query = (
            select(A.id, A.started_at, A.response_latency_ms, A.speaking_ms, A.pause_count, A.pause_total_ms)
            .where(attempts_in(profile_id, period.start_utc, period.end_utc))
            .order_by(A.started_at, A.id)
        )
        with self._sessions() as s:
            return [TimingPoint(*row) for row in s.execute(query)]

    # -- breakdowns -------------------------------------------------------------------------
    def breakdown(
        self, profile_id: int, period: Period, by: Literal["presentation", "difficulty"]
    ) -> list[BreakdownRow]:
        """Attempts, mean overall self/supervisor score and 'too hard' count per group."""
        group = C.presentation if by == "presentation" else C.difficulty
        score = rating_mean()
        query = (
            select(
                group,
                func.count(distinct(A.id)),
                func.avg(case((R.rater_role == "self", score))),
                func.avg(case((R.rater_role == "supervisor", score))),
                func.count(distinct(case((R.reaction == "too_hard", A.id)))),
            )
            .select_from(A)
            .join(C, C.id == A.clip_id)
            .outerjoin(R, R.attempt_id == A.id)
            .where(attempts_in(profile_id, period.start_utc, period.end_utc))
            .group_by(group)
            .order_by(group)
        )
        with self._sessions() as s:
            return [
                BreakdownRow(str(key), int(n), _f(own), _f(sup), int(hard or 0))
                for key, n, own, sup, hard in s.execute(query)
            ]

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
            .order_by(func.count(distinct(A.id)).desc(), C.title)
        )
        with self._sessions() as s:
            rows = list(s.execute(query))
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
        with self._sessions() as s:
            return calibration_for(s, profile_id, period)


def _f(value: object) -> float | None:
    return None if value is None else float(cast(float, value))
