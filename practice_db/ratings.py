"""Ratings and time-stamped comments, with who-may-change-what enforced here."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice_db import convert, models, verdicts
from practice_db.errors import EditConflict, NotFoundError, PermissionDeniedError, ValidationError
from practice_db.records import CommentRecord, RatingInput, RatingRecord
from practice_db.timeutil import utcnow
from practice_db.versioning import NEW_ROW, Seen, save_checked
from practice_db.vocabulary import FACET_KEYS, REACTIONS, SCORE_MAX, SCORE_MIN

MAX_TEXT = 4000


def validate_rating(data: RatingInput, rater_role: str) -> None:
    unknown = set(data.scores) - set(FACET_KEYS)
    if unknown:
        raise ValidationError(f"Unknown facet(s): {', '.join(sorted(unknown))}.")
    for key, value in data.scores.items():
        if value is not None and not SCORE_MIN <= value <= SCORE_MAX:
            raise ValidationError(f"{key} must be between {SCORE_MIN} and {SCORE_MAX}.")
    if data.reaction is not None:
        if data.reaction not in REACTIONS:
            raise ValidationError(f"Unknown reaction {data.reaction!r}.")
        if rater_role != "self":
            raise ValidationError("Only the person practising records how hard it felt.")
    for text in (data.note, data.went_well, data.corrective_point, data.extra_corrective_point):
        if len(text) > MAX_TEXT:
            raise ValidationError(f"Please keep notes under {MAX_TEXT} characters.")
    if data.criteria_verdicts is not None:
        verdicts.validate_verdicts(data.criteria_verdicts)


def rater_role_for(s: Session, attempt: models.Attempt, rater_profile_id: int) -> str:
    if attempt.profile_id == rater_profile_id:
        return "self"
    rater = s.get(models.Profile, rater_profile_id)
    if rater is None:
        raise NotFoundError("That profile no longer exists.")
    if rater.role != "supervisor":
        raise PermissionDeniedError("Only a supervisor profile can rate someone else's attempt.")
    return "supervisor"


WHAT = "this rating"


def _find(s: Session, attempt_id: int, rater_profile_id: int) -> models.Rating | None:
    r = models.Rating
    return s.scalar(select(r).where(r.attempt_id == attempt_id, r.rater_profile_id == rater_profile_id))


class RatingRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def save(
        self,
        attempt_id: int,
        rater_profile_id: int,
        data: RatingInput,
        expected_version: int | None = None,
    ) -> RatingRecord:
        """Create or update this rater's rating of the attempt (one per rater per attempt).

        `expected_version`: the version the form loaded (`versioning.NEW_ROW` if there was no
        rating yet); a rating saved elsewhere since raises EditConflict with it as it is now.
        None skips that check (the caller doesn't know). The rating returned has its new version."""

        def write(s: Session, seen: Seen) -> RatingRecord:
            attempt = s.get(models.Attempt, attempt_id)
            if attempt is None:
                raise NotFoundError("That attempt no longer exists.")
            role = rater_role_for(s, attempt, rater_profile_id)
            validate_rating(data, role)
            row = _find(s, attempt_id, rater_profile_id)
            seen.version = row.version if row is not None else NEW_ROW
            if expected_version is not None and seen.version != expected_version and row is not None:
                raise EditConflict(convert.rating(row), WHAT)
            if row is None:
                row = models.Rating(attempt_id=attempt_id, rater_profile_id=rater_profile_id, rater_role=role)
                s.add(row)
            for key in FACET_KEYS:
                if key in data.scores:
                    setattr(row, key, data.scores[key])
            row.reaction = data.reaction
            row.note = data.note
            row.went_well = data.went_well
            row.corrective_point = data.corrective_point
            row.extra_corrective_point = data.extra_corrective_point
            row.ask_again = data.ask_again
            if data.criteria_verdicts is not None:  # None: this form doesn't show the criteria
                row.criteria_verdicts = verdicts.to_json(data.criteria_verdicts)
            row.updated_at = utcnow()
            s.flush()  # UPDATE ... SET version = version + 1 WHERE id = ? AND version = ?
            return convert.rating(row)

        def reread(s: Session) -> RatingRecord | None:
            row = _find(s, attempt_id, rater_profile_id)
            return convert.rating(row) if row is not None else None

        return save_checked(self._sessions, write, reread, WHAT)

    def get(self, attempt_id: int, rater_profile_id: int) -> RatingRecord | None:
        """This rater's rating of the attempt as stored now (None if not given)."""
        with self._sessions() as s:
            row = _find(s, attempt_id, rater_profile_id)
            return convert.rating(row) if row is not None else None

    def for_attempt(self, attempt_id: int) -> list[RatingRecord]:
        with self._sessions() as s:
            rows = s.scalars(
                select(models.Rating).where(models.Rating.attempt_id == attempt_id).order_by(models.Rating.id)
            )
            return [convert.rating(r) for r in rows]

    def delete(self, rating_id: int, by_profile_id: int) -> None:
        with self._sessions.begin() as s:
            row = s.get(models.Rating, rating_id)
            if row is None:
                raise NotFoundError("That rating no longer exists.")
            if row.rater_profile_id != by_profile_id:
                raise PermissionDeniedError("A rating can only be removed by the person who gave it.")
            s.delete(row)

    # -- comments ----------------------------------------------------------
    def add_comment(
        self, attempt_id: int, author_profile_id: int, offset_ms: int, text: str
    ) -> CommentRecord:
        cleaned = text.strip()
        if not cleaned:
            raise ValidationError("A comment needs some text.")
        if len(cleaned) > MAX_TEXT:
            raise ValidationError(f"Please keep comments under {MAX_TEXT} characters.")
        with self._sessions.begin() as s:
            attempt = s.get(models.Attempt, attempt_id)
            if attempt is None:
                raise NotFoundError("That attempt no longer exists.")
            rater_role_for(s, attempt, author_profile_id)  # same rule as rating
            row = models.Comment(
                attempt_id=attempt_id,
                author_profile_id=author_profile_id,
                offset_ms=max(0, int(offset_ms)),
                text=cleaned,
            )
            s.add(row)
            s.flush()
            return convert.comment(row)

    def comments(self, attempt_id: int) -> list[CommentRecord]:
        with self._sessions() as s:
            rows = s.scalars(
                select(models.Comment)
                .where(models.Comment.attempt_id == attempt_id)
                .order_by(models.Comment.offset_ms, models.Comment.id)
            )
            return [convert.comment(r) for r in rows]

    def delete_comment(self, comment_id: int, by_profile_id: int) -> None:
        with self._sessions.begin() as s:
            row = s.get(models.Comment, comment_id)
            if row is None:
                raise NotFoundError("That comment no longer exists.")
            if row.author_profile_id != by_profile_id:
                raise PermissionDeniedError("A comment can only be removed by the person who wrote it.")
            s.delete(row)
