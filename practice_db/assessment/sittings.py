"""Taking the assessment: a sitting of a set by one clinician, one take per clip, and the optional
self-rating afterwards.

As with practice attempts, a take's row (status `recording`, its file name already written) exists
*before* recording starts, so start-up recovery finds the audio of a take a crash interrupted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice_db import models
from practice_db.assessment import convert
from practice_db.assessment.ratings import WHAT, reread_rating, write_rating
from practice_db.assessment.records import (
    OCCASIONS,
    AssessmentRatingRecord,
    AssessmentRecord,
    AssessmentSetRecord,
    AssessmentTakeRecord,
)
from practice_db.errors import NotFoundError, PermissionDeniedError, ValidationError
from practice_db.records import TakeFacts
from practice_db.take_facts import apply_take_facts
from practice_db.timeutil import utcnow
from practice_db.versioning import Seen, save_checked
from practice_db.vocabulary import FACET_KEYS, SCORE_MAX, SCORE_MIN

TAKE_STATUSES = ("recording", "complete", "recovered", "no_reply")
ENDINGS = ("complete", "incomplete")


@dataclass(frozen=True)
class Sitting:
    """One assessment with its takes in the order they were taken."""

    assessment: AssessmentRecord
    takes: tuple[AssessmentTakeRecord, ...]


class SittingRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # -- sets (read only here; building and installing them is sets.py's job) ---
    def sets(self) -> list[AssessmentSetRecord]:
        """Every set that has clips, the built-in one first."""
        with self._sessions() as s:
            rows = s.scalars(
                select(models.AssessmentSet).order_by(
                    models.AssessmentSet.builtin.desc(), models.AssessmentSet.id
                )
            ).all()
            found = [convert.assessment_set(r, _clip_ids(s, r.id)) for r in rows]
            return [r for r in found if r.clip_ids]

    def set_of(self, set_id: int) -> AssessmentSetRecord:
        with self._sessions() as s:
            row = s.get(models.AssessmentSet, set_id)
            if row is None:
                raise NotFoundError("That assessment set no longer exists.")
            return convert.assessment_set(row, _clip_ids(s, row.id))

    # -- sittings ------------------------------------------------------------
    def default_occasion(self, profile_id: int) -> str:
        """Baseline until the person has a complete assessment, follow-up after that."""
        with self._sessions() as s:
            done = s.scalar(
                select(models.Assessment.id).where(
                    models.Assessment.profile_id == profile_id, models.Assessment.status == "complete"
                )
            )
            return "baseline" if done is None else "follow_up"

    def start(self, profile_id: int, set_id: int, occasion: str | None = None) -> AssessmentRecord:
        if occasion is not None and occasion not in OCCASIONS:
            raise ValidationError(f"Unknown occasion {occasion!r}.")
        chosen = occasion or self.default_occasion(profile_id)
        with self._sessions.begin() as s:
            if s.get(models.Profile, profile_id) is None:
                raise NotFoundError("That profile no longer exists.")
            if not _clip_ids(s, set_id):
                raise ValidationError("That assessment set has no clips.")
            row = models.Assessment(
                profile_id=profile_id, set_id=set_id, occasion=chosen, status="in_progress"
            )
            s.add(row)
            s.flush()
            return convert.assessment(row)

    def end(self, assessment_id: int, status: str) -> AssessmentRecord:
        """`complete` after the last take, `incomplete` when stopped (Esc) or closed midway."""
        if status not in ENDINGS:
            raise ValidationError(f"An assessment ends complete or incomplete, not {status!r}.")
        with self._sessions.begin() as s:
            row = _assessment(s, assessment_id)
            row.status = status
            row.ended_at = row.ended_at or utcnow()
            s.flush()
            return convert.assessment(row)

    def end_open_sittings(self) -> int:
        """At start-up: sittings still `in_progress` were cut off (crash, power cut); they become
        incomplete, their takes kept. Returns how many."""
        with self._sessions.begin() as s:
            query = select(models.Assessment).where(models.Assessment.status == "in_progress")
            rows = s.scalars(query.order_by(models.Assessment.id)).all()
            for row in rows:
                row.status = "incomplete"
                row.ended_at = row.ended_at or utcnow()
            return len(rows)

    def get(self, assessment_id: int) -> AssessmentRecord:
        with self._sessions() as s:
            return convert.assessment(_assessment(s, assessment_id))

    def for_profile(self, profile_id: int) -> list[Sitting]:
        """A person's sittings, oldest first, each with its takes."""
        with self._sessions() as s:
            rows = s.scalars(
                select(models.Assessment)
                .where(models.Assessment.profile_id == profile_id)
                .order_by(models.Assessment.started_at, models.Assessment.id)
            ).all()
            takes: dict[int, list[AssessmentTakeRecord]] = {r.id: [] for r in rows}
            if rows:
                for t in s.scalars(
                    select(models.AssessmentTake)
                    .where(models.AssessmentTake.assessment_id.in_(list(takes)))
                    .order_by(models.AssessmentTake.position)
                ):
                    takes[t.assessment_id].append(convert.take(t))
            return [Sitting(convert.assessment(r), tuple(takes[r.id])) for r in rows]

    # -- takes ---------------------------------------------------------------
    def begin_take(
        self, assessment_id: int, position: int, recording_path: str, uuid: str | None = None
    ) -> AssessmentTakeRecord:
        """The row for the take at `position` of the set, written before recording starts."""
        with self._sessions.begin() as s:
            sitting = _assessment(s, assessment_id)
            if sitting.status != "in_progress":
                raise ValidationError("This assessment has ended: no more takes can be added.")
            clip_id = s.scalar(
                select(models.AssessmentSetClip.clip_id).where(
                    models.AssessmentSetClip.set_id == sitting.set_id,
                    models.AssessmentSetClip.position == position,
                )
            )
            if clip_id is None:
                raise NotFoundError("The assessment set has no clip at that place.")
            row = models.AssessmentTake(
                assessment_id=assessment_id,
                clip_id=clip_id,
                position=position,
                recording_path=recording_path,
                status="recording",
            )
            if uuid is not None:
                row.uuid = uuid
            s.add(row)
            s.flush()
            return convert.take(row)

    def finish_take(
        self, take_id: int, facts: TakeFacts, ended_at: datetime | None = None
    ) -> AssessmentTakeRecord:
        if facts.status not in TAKE_STATUSES:
            raise ValidationError(f"Unknown take status {facts.status!r}.")
        with self._sessions.begin() as s:
            row = _take(s, take_id)
            apply_take_facts(row, facts, ended_at)
            s.flush()
            return convert.take(row)

    def set_take_status(self, take_id: int, status: str) -> AssessmentTakeRecord:
        if status not in TAKE_STATUSES:
            raise ValidationError(f"Unknown take status {status!r}.")
        with self._sessions.begin() as s:
            row = _take(s, take_id)
            row.status = status
            row.ended_at = row.ended_at or utcnow()
            s.flush()
            return convert.take(row)

    def takes(self, assessment_id: int) -> list[AssessmentTakeRecord]:
        with self._sessions() as s:
            rows = s.scalars(
                select(models.AssessmentTake)
                .where(models.AssessmentTake.assessment_id == assessment_id)
                .order_by(models.AssessmentTake.position)
            )
            return [convert.take(r) for r in rows]

    def take_by_uuid(self, uuid: str) -> AssessmentTakeRecord | None:
        with self._sessions() as s:
            row = s.scalar(select(models.AssessmentTake).where(models.AssessmentTake.uuid == uuid))
            return None if row is None else convert.take(row)

    def unfinished_takes(self) -> list[AssessmentTakeRecord]:
        """Takes still marked as recording: the app was closed or crashed mid-take."""
        with self._sessions() as s:
            query = select(models.AssessmentTake).where(models.AssessmentTake.status == "recording")
            rows = s.scalars(query.order_by(models.AssessmentTake.id))
            return [convert.take(r) for r in rows]

    # -- the clinician's own rating, afterwards ------------------------------
    def save_self_rating(
        self,
        take_id: int,
        profile_id: int,
        scores: Mapping[str, int | None],
        expected_version: int | None = None,
    ) -> AssessmentRatingRecord:
        """The clinician rates their own take once the sitting has ended (never during it).
        `expected_version`: as in `ratings.save` (NEW_ROW when there was no rating yet)."""
        unknown = set(scores) - set(FACET_KEYS)
        if unknown:
            raise ValidationError(f"Unknown facet(s): {', '.join(sorted(unknown))}.")
        for key, value in scores.items():
            if value is not None and not SCORE_MIN <= value <= SCORE_MAX:
                raise ValidationError(f"{key} must be between {SCORE_MIN} and {SCORE_MAX}.")

        def write(s: Session, seen: Seen) -> AssessmentRatingRecord:
            take = _take(s, take_id)
            sitting = _assessment(s, take.assessment_id)
            if sitting.profile_id != profile_id:
                raise PermissionDeniedError("Only the person who took the assessment rates it as themselves.")
            if sitting.status == "in_progress":
                raise ValidationError("Rate yourself once the assessment has ended.")
            return write_rating(s, seen, take_id, profile_id, "self", scores, expected_version)

        return save_checked(self._sessions, write, partial(reread_rating, take_id, profile_id), WHAT)

    def self_ratings(self, assessment_id: int, profile_id: int) -> list[AssessmentRatingRecord]:
        with self._sessions() as s:
            rows = s.scalars(
                select(models.AssessmentRating)
                .join(models.AssessmentTake, models.AssessmentTake.id == models.AssessmentRating.take_id)
                .where(
                    models.AssessmentTake.assessment_id == assessment_id,
                    models.AssessmentRating.rater_profile_id == profile_id,
                    models.AssessmentRating.rater_role == "self",
                )
                .order_by(models.AssessmentTake.position)
            )
            return [convert.rating(r) for r in rows]


def _clip_ids(s: Session, set_id: int) -> tuple[int, ...]:
    return tuple(
        s.scalars(
            select(models.AssessmentSetClip.clip_id)
            .where(models.AssessmentSetClip.set_id == set_id)
            .order_by(models.AssessmentSetClip.position)
        )
    )


def _assessment(s: Session, assessment_id: int) -> models.Assessment:
    row = s.get(models.Assessment, assessment_id)
    if row is None:
        raise NotFoundError("That assessment no longer exists.")
    return row


def _take(s: Session, take_id: int) -> models.AssessmentTake:
    row = s.get(models.AssessmentTake, take_id)
    if row is None:
        raise NotFoundError("That assessment take no longer exists.")
    return row
