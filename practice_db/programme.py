"""A supervisor's programme at a glance: one row per trainee with practice volume, last activity,
facet trends and the attempts waiting for review.

Whose rows: in clinic mode (the server has assignments) the trainees assigned to this supervisor;
on a solo computer (no assignments at all) every clinician with attempts, as the Review page
lists them. Four grouped queries answer every trainee at once, never one query per trainee.

Trends use supervisors' ratings only (self-ratings run higher and would mix two yardsticks), and
only complete ones: a rating with a facet left out has no total (practice_db/scoring.py) and
counts in no mean here either. The period is split in two halves; a facet's trend is the mean of
the later half minus the earlier half, shown only when each half has at least `MIN_PER_HALF`
complete ratings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import BigInteger, Float, case, cast, exists, func, select
from sqlalchemy.orm import Session, sessionmaker

from practice_db import models
from practice_db.engine import one_snapshot
from practice_db.timeutil import utcnow
from practice_db.transfer.queries import REVIEWABLE, no_supervisor_rating
from practice_db.vocabulary import FACET_KEYS

MIN_PER_HALF = 2  # complete supervisor ratings each half needs before a trend is shown
STEADY = 0.25  # a change smaller than this (on the 1-5 scale) is called steady


@dataclass(frozen=True)
class FacetTrend:
    facet: str
    earlier: float | None  # mean of the earlier half's complete supervisor ratings
    later: float | None

    @property
    def change(self) -> float | None:
        return None if self.earlier is None or self.later is None else self.later - self.earlier

    @property
    def direction(self) -> str | None:
        """'up', 'down', 'steady', or None when there are too few ratings to say."""
        change = self.change
        if change is None:
            return None
        return "up" if change >= STEADY else "down" if change <= -STEADY else "steady"


@dataclass(frozen=True)
class TraineeRow:
    profile_id: int
    name: str
    attempts: int  # finished attempts in the period
    minutes_spoken: float  # their voice in those attempts (speech timing), in minutes
    last_activity: datetime | None  # their latest take of any date, finished or not
    trends: tuple[FacetTrend, ...]  # in FACET_KEYS order
    rated_earlier: int  # complete supervisor ratings in each half of the period
    rated_later: int
    waiting_reviews: int  # finished attempts no supervisor has rated, of any date


class ProgrammeRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def overview(
        self, supervisor_profile_id: int, period_days: int = 28, now: datetime | None = None
    ) -> list[TraineeRow]:
        """One row per trainee of this supervisor, by name."""
        end = now or utcnow()
        start = end - timedelta(days=period_days)
        middle = start + (end - start) / 2
        with self._sessions() as s:
            one_snapshot(s)  # five queries, one moment: counts and trends that add up
            trainees = _trainees(s, supervisor_profile_id)
            if not trainees:
                return []
            ids = list(trainees)
            volume = _volume(s, ids, start, end)
            trends = _trends(s, ids, start, middle, end)
        rows = []
        for pid, (name, last) in trainees.items():
            attempts, speaking_ms, waiting = volume[pid]
            halves = trends.get(pid, {})
            earlier, later = halves.get(0), halves.get(1)
            rows.append(
                TraineeRow(
                    profile_id=pid,
                    name=name,
                    attempts=attempts,
                    minutes_spoken=speaking_ms / 60_000,
                    last_activity=last,
                    trends=tuple(
                        FacetTrend(key, _mean(earlier, i), _mean(later, i))
                        for i, key in enumerate(FACET_KEYS)
                    ),
                    rated_earlier=earlier[0] if earlier else 0,
                    rated_later=later[0] if later else 0,
                    waiting_reviews=waiting,
                )
            )
        return sorted(rows, key=lambda r: (r.name.casefold(), r.profile_id))


Half = tuple[int, tuple[float, ...]]  # how many complete ratings, and each facet's mean


def _mean(half: Half | None, facet: int) -> float | None:
    return half[1][facet] if half is not None and half[0] >= MIN_PER_HALF else None


def _trainees(s: Session, supervisor_id: int) -> dict[int, tuple[str, datetime | None]]:
    """This supervisor's trainees: name and when they last practised."""
    p, ca, a = models.Profile, models.ClinicAssignment, models.Attempt
    clinic = s.scalar(select(ca.supervisor_profile_id).limit(1)) is not None
    # Any take counts as practice (even one thrown away), so the newest is one step down the
    # (profile_id, started_at) index, not a read of every attempt.
    last = select(func.max(a.started_at)).where(a.profile_id == p.id).scalar_subquery()
    if clinic:
        query = (
            select(p.id, p.name, last)
            .join(ca, ca.trainee_profile_id == p.id)
            .where(ca.supervisor_profile_id == supervisor_id)
        )
    else:
        query = select(p.id, p.name, last).where(
            p.role != "supervisor", exists().where(a.profile_id == p.id, a.status.in_(REVIEWABLE))
        )
    return {pid: (name, when) for pid, name, when in s.execute(query.order_by(p.name, p.id))}


def _volume(s: Session, ids: list[int], start: datetime, end: datetime) -> dict[int, tuple[int, int, int]]:
    """Per trainee: finished attempts and speaking time in the period, and waiting reviews."""
    a = models.Attempt
    period = (
        select(a.profile_id, func.count(), func.sum(cast(func.coalesce(a.speaking_ms, 0), BigInteger)))
        .where(a.profile_id.in_(ids), a.started_at >= start, a.started_at < end, a.status.in_(REVIEWABLE))
        .group_by(a.profile_id)
    )
    # NOT EXISTS in WHERE (not inside a CASE): PostgreSQL runs it as one anti-join.
    waiting_query = (
        select(a.profile_id, func.count())
        .where(a.profile_id.in_(ids), a.status.in_(REVIEWABLE), no_supervisor_rating())
        .group_by(a.profile_id)
    )
    waiting = {pid: int(n) for pid, n in s.execute(waiting_query)}
    counts = {pid: (int(n), int(speaking or 0)) for pid, n, speaking in s.execute(period)}
    return {pid: (*counts.get(pid, (0, 0)), waiting.get(pid, 0)) for pid in ids}


def _trends(
    s: Session, ids: list[int], start: datetime, middle: datetime, end: datetime
) -> dict[int, dict[int, Half]]:
    """Per trainee and half (0 earlier, 1 later): complete supervisor ratings and facet means."""
    a, r = models.Attempt, models.Rating
    facets = [getattr(r, key) for key in FACET_KEYS]
    # The half is computed in a subquery: grouping by a CASE with a bound parameter would make
    # PostgreSQL see two different expressions (one parameter each) in SELECT and GROUP BY.
    rated = (
        select(
            a.profile_id.label("pid"),
            case((a.started_at >= middle, 1), else_=0).label("half"),
            *(cast(f, Float).label(key) for f, key in zip(facets, FACET_KEYS, strict=True)),
        )
        .join(r, r.attempt_id == a.id)
        .where(
            a.profile_id.in_(ids),
            a.status.in_(REVIEWABLE),
            a.started_at >= start,
            a.started_at < end,
            r.rater_role == "supervisor",
            *(f.is_not(None) for f in facets),  # partial ratings have no total: left out
        )
        .subquery()
    )
    query = select(
        rated.c.pid, rated.c.half, func.count(), *(func.avg(rated.c[key]) for key in FACET_KEYS)
    ).group_by(rated.c.pid, rated.c.half)
    out: dict[int, dict[int, Half]] = defaultdict(dict)
    for pid, which, count, *means in s.execute(query):
        out[pid][int(which)] = (int(count), tuple(float(m) for m in means))
    return out
