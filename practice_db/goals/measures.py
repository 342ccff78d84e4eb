"""What a goal's status is measured from: four small figures over the goal's own window.

`SqlMeasures` asks SQLite for each (four small queries). The Progress page has usually just read
the same attempts and ratings for its period, so practice_db/goals/frame.py can give the same
figures from those rows when a goal's window lies inside that period.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import Subquery, case, func, select
from sqlalchemy.orm import Session

from practice_db import models
from practice_db.progress.records import Period
from practice_db.progress.sql import attempts_in, count_sessions, facet_or_mean

WITHIN_REACH = ("good_challenge", "too_easy")  # check-ins a challenge-level goal counts


class GoalMeasures(Protocol):
    def share(self, owner: int, window: Period, facet: str, rater: str, threshold: int) -> tuple[int, int]:
        """Attempts with a score from `rater` on `facet`, and how many scored `threshold` or more
        (an attempt's score is the mean of its raters' scores)."""
        ...

    def mean(self, owner: int, window: Period, facet: str, rater: str) -> tuple[int, float | None]:
        """Attempts with a score from `rater` on `facet` ('all': the overall score), and their mean."""
        ...

    def sessions(self, owner: int, window: Period) -> int: ...

    def challenges(self, owner: int, window: Period, presentation: object, level: int) -> int:
        """Attempts at clips of `level` or harder (of `presentation`, if set) whose self check-in
        was 'a good challenge' or 'too easy'. 'Too hard' is never counted, for or against."""
        ...


class SqlMeasures:
    def __init__(self, session: Session) -> None:
        self._s = session

    def _per_attempt(self, owner: int, window: Period, facet: str, rater: str) -> Subquery:
        r, a = models.Rating, models.Attempt
        return (
            select(func.avg(facet_or_mean(facet)).label("score"))
            .join(a, a.id == r.attempt_id)
            .where(attempts_in(owner, window.start_utc, window.end_utc), r.rater_role == rater)
            .group_by(r.attempt_id)
            .subquery()
        )

    def share(self, owner: int, window: Period, facet: str, rater: str, threshold: int) -> tuple[int, int]:
        per_attempt = self._per_attempt(owner, window, facet, rater)
        score = per_attempt.c.score
        hits = func.sum(case((score >= threshold, 1), else_=0))
        # Attempts whose ratings gave no score are left out.
        n, hit = self._s.execute(select(func.count(), hits).where(score.is_not(None))).one()
        return int(n or 0), int(hit or 0)

    def mean(self, owner: int, window: Period, facet: str, rater: str) -> tuple[int, float | None]:
        per_attempt = self._per_attempt(owner, window, facet, rater)
        score = per_attempt.c.score
        n, mean = self._s.execute(select(func.count(), func.avg(score)).where(score.is_not(None))).one()
        return int(n or 0), None if mean is None else float(mean)

    def sessions(self, owner: int, window: Period) -> int:
        a = models.Attempt
        rows = self._s.execute(
            select(a.started_at, a.session_id).where(attempts_in(owner, window.start_utc, window.end_utc))
        ).all()
        return count_sessions(((r[0], r[1]) for r in rows), window.tz)

    def challenges(self, owner: int, window: Period, presentation: object, level: int) -> int:
        r, a, c = models.Rating, models.Attempt, models.Clip
        query = (
            select(func.count())
            .select_from(r)
            .join(a, a.id == r.attempt_id)
            .join(c, c.id == a.clip_id)
            .where(
                attempts_in(owner, window.start_utc, window.end_utc),
                r.rater_role == "self",
                r.reaction.in_(WITHIN_REACH),
                c.difficulty >= level,
            )
        )
        if presentation:
            query = query.where(c.presentation == presentation)
        return int(self._s.scalar(query) or 0)
