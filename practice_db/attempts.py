"""Attempts (one recorded reply to one clip) and the practice sessions that group them."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, sessionmaker

from practice_db import convert, models
from practice_db.errors import NotFoundError, ValidationError
from practice_db.practice_plan import AttemptOutcome
from practice_db.records import AttemptRecord, SessionEntry, SessionRecord, TakeFacts
from practice_db.scoring import overall_score
from practice_db.take_facts import apply_take_facts
from practice_db.timeutil import utcnow
from practice_db.vocabulary import ATTEMPT_STATUSES, FACET_KEYS

KEPT = ("complete", "recovered")  # attempts that count as practice
# Listed in an exercise's history but never counted: a take interrupted before any audio.
NO_REPLY = "no_reply"
NOT_PRACTICE = ("discarded", NO_REPLY)  # neither makes an exercise "practised"


class AttemptRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # -- practice sessions -------------------------------------------------
    def start_session(self, profile_id: int) -> SessionRecord:
        with self._sessions.begin() as s:
            row = models.PracticeSession(profile_id=profile_id)
            s.add(row)
            s.flush()
            return convert.session(row)

    def end_session(self, session_id: int) -> SessionRecord:
        with self._sessions.begin() as s:
            row = s.get(models.PracticeSession, session_id)
            if row is None:
                raise NotFoundError("That practice session no longer exists.")
            row.ended_at = row.ended_at or utcnow()
            s.flush()
            return convert.session(row)

    # -- attempts ----------------------------------------------------------
    def begin(
        self,
        profile_id: int,
        clip_id: int,
        session_id: int | None,
        recording_path: str,
        uuid: str | None = None,
    ) -> AttemptRecord:
        """Create the row *before* recording starts, so a crash leaves a row to recover into."""
        with self._sessions.begin() as s:
            row = models.Attempt(
                profile_id=profile_id,
                clip_id=clip_id,
                session_id=session_id,
                recording_path=recording_path,
                status="recording",
            )
            if uuid is not None:
                row.uuid = uuid
            s.add(row)
            s.flush()
            return convert.attempt(row)

    def finish(self, attempt_id: int, facts: TakeFacts, ended_at: datetime | None = None) -> AttemptRecord:
        if facts.status not in ATTEMPT_STATUSES:
            raise ValidationError(f"Unknown attempt status {facts.status!r}.")
        with self._sessions.begin() as s:
            row = self._row(s, attempt_id)
            apply_take_facts(row, facts, ended_at)
            s.flush()
            return convert.attempt(row)

    def set_status(self, attempt_id: int, status: str) -> AttemptRecord:
        if status not in ATTEMPT_STATUSES:
            raise ValidationError(f"Unknown attempt status {status!r}.")
        with self._sessions.begin() as s:
            row = self._row(s, attempt_id)
            row.status = status
            s.flush()
            return convert.attempt(row)

    def get(self, attempt_id: int) -> AttemptRecord:
        with self._sessions() as s:
            return convert.attempt(self._row(s, attempt_id))

    def by_uuid(self, uuid: str) -> AttemptRecord | None:
        with self._sessions() as s:
            row = s.scalar(select(models.Attempt).where(models.Attempt.uuid == uuid))
            return None if row is None else convert.attempt(row)

    def unfinished(self) -> list[AttemptRecord]:
        """Attempts still marked as recording: the app was closed or crashed mid-take."""
        with self._sessions() as s:
            query = select(models.Attempt).where(models.Attempt.status == "recording")
            rows = s.scalars(query.order_by(models.Attempt.started_at, models.Attempt.id))
            return [convert.attempt(r) for r in rows]

    def recovered_unrated(self, profile_id: int) -> list[AttemptRecord]:
        """Takes saved after an interruption that the person has not rated yet, newest first:
        the Rehearse page offers to rate them now."""
        rated = select(models.Rating.attempt_id).where(
            models.Rating.rater_profile_id == profile_id, models.Rating.rater_role == "self"
        )
        query = (
            select(models.Attempt)
            .where(
                models.Attempt.profile_id == profile_id,
                models.Attempt.status == "recovered",
                models.Attempt.id.not_in(rated),
            )
            .order_by(models.Attempt.started_at.desc(), models.Attempt.id.desc())
        )
        with self._sessions() as s:
            return [convert.attempt(r) for r in s.scalars(query)]

    def for_profile(self, profile_id: int, *, include_discarded: bool = False) -> list[AttemptRecord]:
        query = select(models.Attempt).where(models.Attempt.profile_id == profile_id)
        if not include_discarded:
            query = query.where(models.Attempt.status != "discarded")
        query = query.order_by(models.Attempt.started_at.desc(), models.Attempt.id.desc())
        with self._sessions() as s:
            return [convert.attempt(r) for r in s.scalars(query)]

    def for_clip(self, profile_id: int, clip_id: int) -> list[AttemptRecord]:
        query = (
            select(models.Attempt)
            .where(
                models.Attempt.profile_id == profile_id,
                models.Attempt.clip_id == clip_id,
                models.Attempt.status != "discarded",
            )
            .order_by(models.Attempt.started_at.desc(), models.Attempt.id.desc())
        )
        with self._sessions() as s:
            return [convert.attempt(r) for r in s.scalars(query)]

    def for_session(self, session_id: int) -> list[AttemptRecord]:
        query = (
            select(models.Attempt)
            .where(models.Attempt.session_id == session_id, models.Attempt.status != "discarded")
            .order_by(models.Attempt.started_at, models.Attempt.id)
        )
        with self._sessions() as s:
            return [convert.attempt(r) for r in s.scalars(query)]

    def outcomes(self, profile_id: int) -> list[AttemptOutcome]:
        """Every kept attempt of this profile for the practice planner: the clip's facts, the
        self-rating's overall score and check-in, the supervisors' overall score (their mean)
        and whether a supervisor asked for another attempt."""
        a, r, c = models.Attempt, models.Rating, models.Clip
        attempts = (
            select(a.id, a.clip_id, a.started_at, c.difficulty, c.presentation)
            .join(c, c.id == a.clip_id)
            .where(a.profile_id == profile_id, a.status.in_(KEPT))
            .order_by(a.started_at, a.id)  # oldest first on every database (PostgreSQL has no implicit order)
        )
        ratings = (
            select(r)
            .join(a, a.id == r.attempt_id)
            .where(a.profile_id == profile_id, a.status.in_(KEPT))
            .order_by(r.attempt_id, r.id)
        )
        with self._sessions() as s:
            own: dict[int, models.Rating] = {}
            supervised: dict[int, list[models.Rating]] = defaultdict(list)
            for rating in s.scalars(ratings):
                if rating.rater_profile_id == profile_id:
                    own[rating.attempt_id] = rating
                elif rating.rater_role == "supervisor":
                    supervised[rating.attempt_id].append(rating)
            result = []
            for attempt_id, clip_id, at, difficulty, presentation in s.execute(attempts):
                mine, theirs = own.get(attempt_id), supervised.get(attempt_id, [])
                totals = [t for x in theirs if (t := overall_score(_scores(x))) is not None]
                result.append(
                    AttemptOutcome(
                        clip_id=clip_id,
                        at=at,
                        self_mean=None if mine is None else overall_score(_scores(mine)),
                        reaction=None if mine is None else mine.reaction,
                        difficulty=difficulty,
                        presentation=presentation,
                        supervisor_mean=sum(totals) / len(totals) if totals else None,
                        ask_again=any(x.ask_again for x in theirs),
                    )
                )
            return result

    def session_entries(self, session_id: int) -> list[SessionEntry]:
        """The kept attempts of one session, oldest first, with clip facts and the self-rating."""
        a, r, c = models.Attempt, models.Rating, models.Clip
        query = (
            select(a, c.title, c.presentation, c.difficulty, r)
            .join(c, c.id == a.clip_id)
            .outerjoin(r, and_(r.attempt_id == a.id, r.rater_profile_id == a.profile_id))
            .where(a.session_id == session_id, a.status.in_(KEPT))
            .order_by(a.started_at, a.id)
        )
        with self._sessions() as s:
            return [
                SessionEntry(
                    attempt=convert.attempt(row),
                    clip_title=title,
                    presentation=presentation,
                    difficulty=difficulty,
                    self_rating=None if rating is None else convert.rating(rating),
                )
                for row, title, presentation, difficulty, rating in s.execute(query)
            ]

    @staticmethod
    def _row(s: Session, attempt_id: int) -> models.Attempt:
        row = s.get(models.Attempt, attempt_id)
        if row is None:
            raise NotFoundError("That attempt no longer exists.")
        return row


def _scores(rating: models.Rating) -> dict[str, int | None]:
    return {k: getattr(rating, k) for k in FACET_KEYS}
