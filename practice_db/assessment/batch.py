"""A rater's blind batch: the takes of one or more assessments, shuffled, shown without person,
date or occasion until this rater has rated every take of the batch with all eight facets.

A batch is identified by its rater and its set of assessment ids (`BatchKey`); nothing is stored
for it (no table, no migration). The order is derived, not stored: each take sorts by
sha256(rater uuid + take uuid). So it is the same every time this rater opens the batch, differs
between raters, mixes clinicians and dates, and a batch that gains an assessment keeps the
relative order of the takes already there. Codes ("T07") are positions in that order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from practice_db import models
from practice_db.assessment.ratings import (
    RATEABLE_TAKE_STATUSES,
    check_blind_rater,
    check_rateable,
    is_complete,
)
from practice_db.assessment.records import BlindTake
from practice_db.errors import NotFoundError, PermissionDeniedError, ValidationError
from practice_db.text_fold import sort_key
from practice_db.timeutil import utcnow
from practice_db.vocabulary import FACET_KEYS

Scores = Mapping[str, int | None]


@dataclass(frozen=True)
class BatchKey:
    rater_id: int
    assessment_ids: tuple[int, ...]  # sorted, no repeats: the same set is the same batch

    @classmethod
    def of(cls, rater_id: int, assessment_ids: Iterable[int]) -> BatchKey:
        return cls(rater_id, tuple(sorted(set(assessment_ids))))


@dataclass(frozen=True)
class WaitingSet:
    """What a rater may choose from: counts only, so nothing about anyone shows before rating."""

    set_id: int
    set_name: str
    assessment_ids: tuple[int, ...]  # never shown; the batch to open
    assessments: int
    takes: int
    rated: int  # takes this rater has rated with all eight facets


@dataclass(frozen=True)
class BlindBatch:
    key: BatchKey
    takes: tuple[BlindTake, ...]  # in this rater's order
    scores: Mapping[int, Scores]  # this rater's own scores by take id (partial ones too)
    versions: Mapping[int, int] = field(default_factory=dict)  # of those ratings: saves name them

    @property
    def rated(self) -> int:
        return sum(1 for t in self.takes if is_complete(self.scores.get(t.take_id, {})))

    @property
    def done(self) -> bool:
        return self.rated == len(self.takes) > 0


@dataclass(frozen=True)
class RevealedTake:
    """One take after the batch is done: who, when, which occasion, and this rater's scores."""

    take_id: int
    code: str
    clip_title: str
    assessment_id: int
    clinician_id: int
    clinician: str
    taken_at: datetime
    occasion: str  # "baseline" or "follow_up" (records.OCCASION_LABELS)
    scores: Scores


def order_key(rater_uuid: str, take_uuid: str) -> str:
    return hashlib.sha256(f"{rater_uuid}:{take_uuid}".encode()).hexdigest()


def take_code(position: int, count: int) -> str:
    return f"T{position + 1:0{max(2, len(str(count)))}d}"


class AssessmentBatchRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def waiting(self, rater_id: int) -> list[WaitingSet]:
        """Per set, the finished assessments of others this rater has not fully rated yet."""
        with self._sessions() as s:
            check_blind_rater(s, rater_id)
            takes = (
                select(models.AssessmentTake.assessment_id, func.count().label("n"))
                .where(models.AssessmentTake.status.in_(RATEABLE_TAKE_STATUSES))
                .group_by(models.AssessmentTake.assessment_id)
                .subquery()
            )
            rated = self._complete_counts(s, rater_id)
            rows = s.execute(
                select(models.Assessment.id, models.Assessment.set_id, models.AssessmentSet.name, takes.c.n)
                .join(models.AssessmentSet, models.AssessmentSet.id == models.Assessment.set_id)
                .join(takes, takes.c.assessment_id == models.Assessment.id)
                .where(
                    models.Assessment.status != "in_progress",
                    models.Assessment.profile_id != rater_id,
                )
                .order_by(models.Assessment.set_id, models.Assessment.id)
            ).all()
        groups: dict[int, tuple[str, list[int], int, int]] = {}
        for assessment_id, set_id, name, count in rows:
            done = rated.get(assessment_id, 0)
            if done >= count:
                continue  # fully rated by this rater: no longer waiting
            _, ids, total, rated_so_far = groups.get(set_id, (name, [], 0, 0))
            groups[set_id] = (name, [*ids, assessment_id], total + count, rated_so_far + done)
        # Set names in the folded order used everywhere (text_fold), not the server's collation
        ordered = sorted(groups.items(), key=lambda g: (sort_key(g[1][0]), g[0]))
        return [
            WaitingSet(set_id, name, tuple(ids), len(ids), total, done)
            for set_id, (name, ids, total, done) in ordered
        ]

    def open(self, key: BatchKey) -> BlindBatch:
        """The batch as this rater sees it before it is done: codes, clips, recordings, own scores."""
        with self._sessions() as s:
            rows, rater_uuid = self._rows(s, key)
            ordered = sorted(rows, key=lambda r: order_key(rater_uuid, r.take_uuid))
            takes = tuple(
                BlindTake(
                    take_id=r.take_id,
                    code=take_code(i, len(ordered)),
                    clip_id=r.clip_id,
                    clip_title=r.title,
                    statement=r.statement,
                    recording_path=r.recording_path,
                    duration_ms=r.duration_ms,
                )
                for i, r in enumerate(ordered)
            )
            scores = self._scores(s, key.rater_id, [t.take_id for t in takes])
            versions = self._versions(s, key.rater_id, [t.take_id for t in takes])
        return BlindBatch(key, takes, scores, versions)

    def reveal(self, key: BatchKey) -> tuple[RevealedTake, ...]:
        """Who and when, per take; refused until every take has all eight facets from this rater.
        Revealing locks this rater's scores of the batch (blind ratings stay blind)."""
        with self._sessions.begin() as s:
            rows, rater_uuid = self._rows(s, key)
            ordered = sorted(rows, key=lambda r: order_key(rater_uuid, r.take_uuid))
            scores = self._scores(s, key.rater_id, [r.take_id for r in ordered])
            missing = sum(1 for r in ordered if not is_complete(scores.get(r.take_id, {})))
            if missing or not ordered:
                raise PermissionDeniedError(
                    f"Names and dates stay hidden until every take is rated ({missing} still to rate)."
                )
            s.execute(
                update(models.AssessmentRating)
                .where(
                    models.AssessmentRating.rater_profile_id == key.rater_id,
                    models.AssessmentRating.take_id.in_([r.take_id for r in ordered]),
                    models.AssessmentRating.revealed_at.is_(None),
                )
                .values(revealed_at=utcnow())
            )
            return tuple(
                RevealedTake(
                    take_id=r.take_id,
                    code=take_code(i, len(ordered)),
                    clip_title=r.title,
                    assessment_id=r.assessment_id,
                    clinician_id=r.profile_id,
                    clinician=r.name,
                    taken_at=r.started_at,
                    occasion=r.occasion,
                    scores=scores[r.take_id],
                )
                for i, r in enumerate(ordered)
            )

    # -- queries ---------------------------------------------------------------------------
    @staticmethod
    def _rows(s: Session, key: BatchKey) -> tuple[list[_Row], str]:
        rater = check_blind_rater(s, key.rater_id)
        if not key.assessment_ids:
            raise ValidationError("Choose at least one assessment to rate.")
        assessments = s.scalars(
            select(models.Assessment).where(models.Assessment.id.in_(key.assessment_ids))
        ).all()
        if len(assessments) != len(key.assessment_ids):
            raise NotFoundError("One of those assessments no longer exists.")
        for assessment in assessments:
            check_rateable(assessment, key.rater_id)
        result = s.execute(
            select(
                models.AssessmentTake.id,
                models.AssessmentTake.uuid,
                models.AssessmentTake.assessment_id,
                models.AssessmentTake.clip_id,
                models.AssessmentTake.recording_path,
                models.AssessmentTake.duration_ms,
                models.Clip.title,
                models.Clip.statement,
                models.Assessment.profile_id,
                models.Profile.name,
                models.Assessment.started_at,
                models.Assessment.occasion,
            )
            .join(models.Clip, models.Clip.id == models.AssessmentTake.clip_id)
            .join(models.Assessment, models.Assessment.id == models.AssessmentTake.assessment_id)
            .join(models.Profile, models.Profile.id == models.Assessment.profile_id)
            .where(
                models.AssessmentTake.assessment_id.in_(key.assessment_ids),
                models.AssessmentTake.status.in_(RATEABLE_TAKE_STATUSES),
            )
        )
        return [_Row(*tuple(r)) for r in result], rater.uuid

    @staticmethod
    def _scores(s: Session, rater_id: int, take_ids: list[int]) -> dict[int, Scores]:
        if not take_ids:
            return {}
        columns = [getattr(models.AssessmentRating, k) for k in FACET_KEYS]
        rows = s.execute(
            select(models.AssessmentRating.take_id, *columns).where(
                models.AssessmentRating.rater_profile_id == rater_id,
                models.AssessmentRating.rater_role == "rater",
                models.AssessmentRating.take_id.in_(take_ids),
            )
        )
        return {r[0]: dict(zip(FACET_KEYS, r[1:], strict=True)) for r in rows}

    @staticmethod
    def _versions(s: Session, rater_id: int, take_ids: list[int]) -> dict[int, int]:
        if not take_ids:
            return {}
        r = models.AssessmentRating
        rows = s.execute(
            select(r.take_id, r.version).where(
                r.rater_profile_id == rater_id, r.rater_role == "rater", r.take_id.in_(take_ids)
            )
        )
        return {int(t): int(v) for t, v in rows}

    @staticmethod
    def _complete_counts(s: Session, rater_id: int) -> dict[int, int]:
        """Per assessment, how many takes this rater has rated with all eight facets."""
        rating = models.AssessmentRating
        complete = [getattr(rating, k).is_not(None) for k in FACET_KEYS]
        rows = s.execute(
            select(models.AssessmentTake.assessment_id, func.count())
            .join(rating, rating.take_id == models.AssessmentTake.id)
            .where(
                rating.rater_profile_id == rater_id,
                rating.rater_role == "rater",
                models.AssessmentTake.status.in_(RATEABLE_TAKE_STATUSES),
                *complete,
            )
            .group_by(models.AssessmentTake.assessment_id)
        )
        return {a: n for a, n in rows}


@dataclass(frozen=True)
class _Row:
    take_id: int
    take_uuid: str
    assessment_id: int
    clip_id: int
    recording_path: str | None
    duration_ms: int | None
    title: str
    statement: str
    profile_id: int
    name: str
    started_at: datetime
    occasion: str
