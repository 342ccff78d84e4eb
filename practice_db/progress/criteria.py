"""How often each exercise's criteria were met, by the trainee's own verdicts and by supervisors'.

Read for one profile and period like the other progress figures (finished attempts only, through
ix_attempts_profile_started), from the ratings that carry verdicts. Verdicts are counted per
rating: an attempt judged by the trainee and two supervisors gives one self and two supervisor
verdicts on each criterion they judged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from practice_db import models, verdicts
from practice_db.progress.records import Period
from practice_db.progress.sql import attempts_in


@dataclass(frozen=True)
class VerdictCounts:
    met: int = 0
    partly: int = 0
    not_met: int = 0

    @property
    def total(self) -> int:
        return self.met + self.partly + self.not_met

    @staticmethod
    def of(given: Iterable[str]) -> VerdictCounts:
        counts = Counter(given)
        return VerdictCounts(counts["met"], counts["partly"], counts["not_met"])


@dataclass(frozen=True)
class CriterionTally:
    """One criterion of one exercise: the verdicts given on it in the period."""

    clip_id: int
    clip_title: str
    presentation: str
    difficulty: int
    criterion: str
    self_counts: VerdictCounts
    supervisor_counts: VerdictCounts


@dataclass(frozen=True)
class RatingVerdicts:
    """One rating's verdicts counted (for the spreadsheet's attempt x rater rows)."""

    attempt_id: int
    rater_role: str
    rater_name: str
    counts: VerdictCounts


def _rows(s: Session, profile_id: int, period: Period) -> Sequence[Any]:
    a, r, c, p = models.Attempt, models.Rating, models.Clip, models.Profile
    query = (
        select(
            a.id,
            c.id,
            c.title,
            c.presentation,
            c.difficulty,
            c.criteria,
            r.rater_role,
            p.name,
            r.criteria_verdicts,
        )
        .select_from(a)
        .join(c, c.id == a.clip_id)
        .join(r, r.attempt_id == a.id)
        .join(p, p.id == r.rater_profile_id)
        .where(attempts_in(profile_id, period.start_utc, period.end_utc), r.criteria_verdicts.is_not(None))
        .order_by(a.started_at, a.id, r.id)
    )
    return s.execute(query).all()


def criteria_tallies(s: Session, profile_id: int, period: Period) -> list[CriterionTally]:
    """Exercises by title; within one, its criteria in their own order (wordings the exercise no
    longer has, from before an edit, come last)."""
    given: dict[tuple[int, str], dict[str, list[str]]] = {}
    clips: dict[int, tuple[str, str, int, tuple[str, ...]]] = {}
    for _aid, clip_id, title, presentation, difficulty, criteria, role, _name, raw in _rows(
        s, profile_id, period
    ):
        clips[clip_id] = (title, presentation, difficulty, tuple(criteria or ()))
        for v in verdicts.from_json(raw):
            by_role = given.setdefault((clip_id, v.criterion), {"self": [], "supervisor": []})
            by_role["self" if role == "self" else "supervisor"].append(v.verdict)

    def order(key: tuple[int, str]) -> tuple[str, int, int, str]:
        clip_id, criterion = key
        title, _p, _d, criteria = clips[clip_id]
        position = criteria.index(criterion) if criterion in criteria else len(criteria)
        return (title.casefold(), clip_id, position, criterion)

    out = []
    for key in sorted(given, key=order):
        title, presentation, difficulty, _criteria = clips[key[0]]
        by_role = given[key]
        out.append(
            CriterionTally(
                clip_id=key[0],
                clip_title=title,
                presentation=presentation,
                difficulty=difficulty,
                criterion=key[1],
                self_counts=VerdictCounts.of(by_role["self"]),
                supervisor_counts=VerdictCounts.of(by_role["supervisor"]),
            )
        )
    return out


def verdicts_per_rating(s: Session, profile_id: int, period: Period) -> list[RatingVerdicts]:
    return [
        RatingVerdicts(
            row[0], row[6], row[7], VerdictCounts.of(v.verdict for v in verdicts.from_json(row[8]))
        )
        for row in _rows(s, profile_id, period)
    ]
