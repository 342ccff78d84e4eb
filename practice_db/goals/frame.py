"""Goal figures from a period's rows already read (practice_db/progress/frame.py), not from SQL.

The Progress page reads a period's attempts and ratings once; a goal whose own window lies inside
that period is measured from those rows, the same way practice_db/goals/measures.py's queries do
(tests/practice_db/goals/test_goal_frame.py compares the two). Any other goal is handed to the queries.
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np

from practice_db.goals.measures import GoalMeasures
from practice_db.progress.frame import PeriodRows
from practice_db.progress.records import Period
from practice_db.progress.sql import count_sessions, count_sessions_on
from practice_db.vocabulary import FACET_KEYS

ROLE_CODES = {"self": 0, "supervisor": 1}  # as in progress_frame.Ratings.role


class FrameMeasures:
    def __init__(self, rows: PeriodRows, fallback: GoalMeasures) -> None:
        self._rows = rows
        self._fallback = fallback
        self._at = [row[1] for row in rows.attempts]  # in started_at order, so a window is a slice

    def _slice(self, owner: int, window: Period) -> tuple[int, int] | None:
        """The window's attempts as [lo, hi) of the rows, or None when the rows do not cover it."""
        period = self._rows.period
        start, end = window.start_utc, window.end_utc
        if owner != self._rows.profile_id or start < period.start_utc or end > period.end_utc:
            return None
        return bisect_left(self._at, start), bisect_left(self._at, end)

    def _scores(self, lo: int, hi: int, facet: str, rater: str) -> np.ndarray:
        """Per attempt with a score from `rater`: the mean of those raters' scores, by attempt id
        (the order SQLite groups them in, so the sums add up in the same order)."""
        r = self._rows.ratings
        pick = (r.attempt >= lo) & (r.attempt < hi) & (r.role == ROLE_CODES[rater])
        scores = r.scores[pick]
        if facet in FACET_KEYS:
            value = scores[:, FACET_KEYS.index(facet)]
        else:  # the overall score: the mean of all eight (NaN for a partial rating, see frame.py)
            value = scores.mean(axis=1) if len(scores) else np.zeros(0)
        place = r.attempt[pick] - lo
        ok = ~np.isnan(value)
        total = np.bincount(place[ok], value[ok], hi - lo)
        n = np.bincount(place[ok], minlength=hi - lo)
        has = np.flatnonzero(n)
        ids = np.array([self._rows.attempts[lo + i][0] for i in has.tolist()], dtype=np.intp)
        return (total[has] / n[has])[np.argsort(ids, kind="stable")]

    def share(self, owner: int, window: Period, facet: str, rater: str, threshold: int) -> tuple[int, int]:
        span = self._slice(owner, window)
        if span is None:
            return self._fallback.share(owner, window, facet, rater, threshold)
        scores = self._scores(*span, facet, rater)
        return len(scores), int((scores >= threshold).sum())

    def mean(self, owner: int, window: Period, facet: str, rater: str) -> tuple[int, float | None]:
        span = self._slice(owner, window)
        if span is None:
            return self._fallback.mean(owner, window, facet, rater)
        scores = self._scores(*span, facet, rater).tolist()
        return len(scores), sum(scores) / len(scores) if scores else None

    def sessions(self, owner: int, window: Period) -> int:
        span = self._slice(owner, window)
        if span is None:
            return self._fallback.sessions(owner, window)
        lo, hi = span
        rows = self._rows.attempts[lo:hi]
        if window.tz != self._rows.period.tz:  # the rows' local dates are in another zone
            return count_sessions(((row[1], row[2]) for row in rows), window.tz)
        return count_sessions_on(zip(self._rows.days[lo:hi], (row[2] for row in rows), strict=True))

    def challenges(self, owner: int, window: Period, presentation: object, level: int) -> int:
        span = self._slice(owner, window)
        if span is None:
            return self._fallback.challenges(owner, window, presentation, level)
        lo, hi = span
        attempts, r = self._rows.attempts, self._rows.ratings
        # A reaction that is given and not 'too hard' is 'a good challenge' or 'too easy'.
        pick = (r.attempt >= lo) & (r.attempt < hi) & (r.role == ROLE_CODES["self"]) & r.reacted & ~r.too_hard
        count = 0
        for i in np.flatnonzero(pick).tolist():
            clip = attempts[int(r.attempt[i])]
            if clip[9] >= level and (not presentation or clip[8] == presentation):
                count += 1
        return count
