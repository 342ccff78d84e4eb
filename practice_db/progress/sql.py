"""SQL building blocks shared by progress queries and goal status (portable SQL only).

Which attempts count: finished ones (complete or recovered). Takes still recording and takes the
user discarded are not practice that happened, so they never enter a figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, tzinfo

from sqlalchemy import ColumnElement, Float, and_, case, cast, null
from sqlalchemy.sql.elements import ColumnElement as Col

from practice_db import models
from practice_db.vocabulary import FACET_KEYS

COUNTED_STATUSES = ("complete", "recovered")


def attempts_in(profile_id: int, start: datetime, end: datetime) -> ColumnElement[bool]:
    """Served by ix_attempts_profile_started (profile_id, started_at)."""
    a = models.Attempt
    return and_(
        a.profile_id == profile_id,
        a.started_at >= start,
        a.started_at < end,
        a.status.in_(COUNTED_STATUSES),
    )


def complete_rating() -> Col[bool]:
    """The rating gives all eight facets: only such a rating counts in a figure (a partial one is
    shown as "n of 8" on its own and kept out of totals, charts, goals and calibration)."""
    r = models.Rating
    return and_(*(getattr(r, k).is_not(None) for k in FACET_KEYS))


def rating_mean() -> Col[float]:
    """A rating's overall score: the mean of all eight facets (NULL for a partial or empty one)."""
    r = models.Rating
    total = sum((getattr(r, k) for k in FACET_KEYS), start=cast(0, Float))
    return case((complete_rating(), total / len(FACET_KEYS)), else_=null())


def facet_or_mean(facet: str) -> Col[float]:
    """One facet's score, or the overall score when facet is 'all'; NULL from a partial rating."""
    if facet in FACET_KEYS:
        return case((complete_rating(), cast(getattr(models.Rating, facet), Float)), else_=null())
    return rating_mean()


def minutes(ms: int | None) -> float:
    return (ms or 0) / 60000.0


def count_sessions(rows: Iterable[tuple[datetime, int | None]], tz: tzinfo) -> int:
    """Practice sessions: each recorded session, plus one per day of attempts made outside one."""
    sessions: set[int] = set()
    loose_days: set[object] = set()
    for started_at, session_id in rows:
        if session_id is None:
            loose_days.add(started_at.astimezone(tz).date())
        else:
            sessions.add(session_id)
    return len(sessions) + len(loose_days)


def count_sessions_on(rows: Iterable[tuple[date, int | None]]) -> int:
    """count_sessions for rows whose local date is already known (the day, the session id)."""
    sessions: set[int] = set()
    loose_days: set[date] = set()
    for day, session_id in rows:
        if session_id is None:
            loose_days.add(day)
        else:
            sessions.add(session_id)
    return len(sessions) + len(loose_days)
