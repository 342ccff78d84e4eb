"""Ratings of assessment takes: a supervisor's blind rating ('rater') or the clinician's own
afterwards ('self'). One rating per person per take (the table's unique key); partial ratings are
kept while someone works, and count as done only with all eight facets (`is_complete`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice_db import models
from practice_db.assessment import convert
from practice_db.assessment.records import AssessmentRatingRecord
from practice_db.errors import NotFoundError, PermissionDeniedError, ValidationError
from practice_db.timeutil import utcnow
from practice_db.versioning import NEW_ROW, Seen, check_expected, save_checked
from practice_db.vocabulary import FACET_KEYS, SCORE_MAX, SCORE_MIN

# Takes with a reply to hear; 'recording' is unfinished, 'no_reply' has no audio to rate.
RATEABLE_TAKE_STATUSES = ("complete", "recovered")


def is_complete(scores: Mapping[str, int | None]) -> bool:
    return all(scores.get(k) is not None for k in FACET_KEYS)


def validate_scores(scores: Mapping[str, int | None]) -> None:
    unknown = set(scores) - set(FACET_KEYS)
    if unknown:
        raise ValidationError(f"Unknown facet(s): {', '.join(sorted(unknown))}.")
    for key, value in scores.items():
        if value is not None and not SCORE_MIN <= value <= SCORE_MAX:
            raise ValidationError(f"{key} must be between {SCORE_MIN} and {SCORE_MAX}.")


def check_blind_rater(s: Session, rater_profile_id: int) -> models.Profile:
    rater = s.get(models.Profile, rater_profile_id)
    if rater is None:
        raise NotFoundError("That profile no longer exists.")
    if rater.role != "supervisor":
        raise PermissionDeniedError("Only a supervisor profile can rate assessments.")
    return rater


def check_rateable(assessment: models.Assessment, rater_profile_id: int) -> None:
    """A blind rater may rate a finished sitting of someone else."""
    if assessment.profile_id == rater_profile_id:
        raise PermissionDeniedError("Your own assessment can't be rated blind; rate yourself instead.")
    if assessment.status == "in_progress":
        raise ValidationError("This assessment is still being taken.")


def check_not_revealed(s: Session, take_id: int, rater_profile_id: int) -> None:
    """A blind score is final once the rater has seen whose take it was and when."""
    revealed = s.scalar(
        select(models.AssessmentRating.revealed_at).where(
            models.AssessmentRating.take_id == take_id,
            models.AssessmentRating.rater_profile_id == rater_profile_id,
        )
    )
    if revealed is not None:
        raise PermissionDeniedError(
            "This rating was made blind and is final: names and dates were shown after it was saved."
        )


WHAT = "this rating"


def _find(s: Session, take_id: int, profile_id: int) -> models.AssessmentRating | None:
    r = models.AssessmentRating
    return s.scalar(select(r).where(r.take_id == take_id, r.rater_profile_id == profile_id))


def reread_rating(take_id: int, profile_id: int, s: Session) -> AssessmentRatingRecord | None:
    row = _find(s, take_id, profile_id)
    return convert.rating(row) if row is not None else None


def write_rating(
    s: Session,
    seen: Seen,
    take_id: int,
    profile_id: int,
    role: str,
    scores: Mapping[str, int | None],
    expected_version: int | None,
) -> AssessmentRatingRecord:
    """Create or update one person's rating of a take, from the version they started from."""
    row = _find(s, take_id, profile_id)
    seen.version = row.version if row is not None else NEW_ROW
    check_expected(expected_version, convert.rating(row) if row is not None else None, WHAT)
    if row is None:
        row = models.AssessmentRating(take_id=take_id, rater_profile_id=profile_id, rater_role=role)
        s.add(row)
    for key in FACET_KEYS:
        if key in scores:
            setattr(row, key, scores[key])
    row.updated_at = utcnow()
    s.flush()
    return convert.rating(row)


class AssessmentRatingRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def save_blind(
        self,
        take_id: int,
        rater_profile_id: int,
        scores: Mapping[str, int | None],
        expected_version: int | None = None,
    ) -> AssessmentRatingRecord:
        """Create or update a supervisor's blind rating of a take (facets not given stay as they were).
        `expected_version`: as in `ratings.save` (NEW_ROW when there was no rating yet)."""
        validate_scores(scores)

        def write(s: Session, seen: Seen) -> AssessmentRatingRecord:
            take = self._take(s, take_id)
            assessment = s.get(models.Assessment, take.assessment_id)
            assert assessment is not None  # the foreign key cascades
            check_rateable(assessment, rater_profile_id)  # own sitting first: the clearer message
            check_blind_rater(s, rater_profile_id)
            if take.status not in RATEABLE_TAKE_STATUSES:
                raise ValidationError("This take has no reply to rate.")
            check_not_revealed(s, take_id, rater_profile_id)
            return write_rating(s, seen, take_id, rater_profile_id, "rater", scores, expected_version)

        return save_checked(self._sessions, write, partial(reread_rating, take_id, rater_profile_id), WHAT)

    def save_self(
        self,
        take_id: int,
        profile_id: int,
        scores: Mapping[str, int | None],
        expected_version: int | None = None,
    ) -> AssessmentRatingRecord:
        """The clinician's own rating of their take, afterwards (never mixed with the blind ones)."""
        validate_scores(scores)

        def write(s: Session, seen: Seen) -> AssessmentRatingRecord:
            take = self._take(s, take_id)
            assessment = s.get(models.Assessment, take.assessment_id)
            assert assessment is not None
            if assessment.profile_id != profile_id:
                raise PermissionDeniedError("Only the person who took the assessment rates it as their own.")
            return write_rating(s, seen, take_id, profile_id, "self", scores, expected_version)

        return save_checked(self._sessions, write, partial(reread_rating, take_id, profile_id), WHAT)

    def mine(self, rater_profile_id: int, take_ids: Iterable[int]) -> dict[int, AssessmentRatingRecord]:
        """This person's ratings of these takes, by take id (nobody else's)."""
        wanted = list(take_ids)
        if not wanted:
            return {}
        with self._sessions() as s:
            rows = s.scalars(
                select(models.AssessmentRating).where(
                    models.AssessmentRating.rater_profile_id == rater_profile_id,
                    models.AssessmentRating.take_id.in_(wanted),
                )
            )
            return {r.take_id: convert.rating(r) for r in rows}

    @staticmethod
    def _take(s: Session, take_id: int) -> models.AssessmentTake:
        take = s.get(models.AssessmentTake, take_id)
        if take is None:
            raise NotFoundError("That take no longer exists.")
        return take
