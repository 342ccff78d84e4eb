"""Remote supervision storage: the review queue, bundle snapshots, and whole-bundle imports.

Each import is ONE transaction: it either all lands or nothing does. Rows are matched by uuid so
importing the same data twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice_db import convert, models, verdicts
from practice_db.assessment import transfer as assessment_transfer
from practice_db.clips import insert_clip
from practice_db.errors import PermissionDeniedError, ValidationError
from practice_db.profiles import MAX_NAME, add_alias, clean_name, find_by_uuid, name_taken, profile_named
from practice_db.ratings import MAX_TEXT, validate_rating
from practice_db.records import AttemptRecord, NewClip, RatingInput
from practice_db.transfer import queries as transfer_queries
from practice_db.transfer.records import (
    ClipIn,
    CommentIn,
    FeedbackImport,
    IdentityChoice,
    NameClash,
    ProfileIn,
    QueueKey,
    QueuePage,
    RatingIn,
    ReviewImport,
    ReviewQueueItem,
    TransferOutcome,
    TransferSnapshot,
)
from practice_db.vocabulary import FACET_KEYS

QUEUE_PAGE = 100  # rows per page of the review queue: a few screenfuls
Verdict = Literal["added", "updated", "unchanged", "refused", "missing"]
Identities = Mapping[str, IdentityChoice]  # incoming person's uuid -> the user's answer


class TransferRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # -- queries -------------------------------------------------------------------------------
    def awaiting_review(
        self, trainee_id: int | None = None, clip_id: int | None = None
    ) -> list[ReviewQueueItem]:
        """Finished attempts no supervisor has rated yet, newest first."""
        with self._sessions() as s:
            return transfer_queries.awaiting_review(s, trainee_id, clip_id)

    def awaiting_review_page(
        self,
        trainee_id: int | None = None,
        title: str | None = None,
        after: QueueKey | None = None,
        limit: int = QUEUE_PAGE,
    ) -> QueuePage:
        """One page of the queue, the latest to arrive here first (by id: see queries.py); pass
        the last page's `next_key` for the next one."""
        with self._sessions() as s:
            return transfer_queries.awaiting_review_page(s, trainee_id, title, after, limit)

    def awaiting_review_titles(self, trainee_id: int | None = None) -> list[str]:
        """The titles of the exercises with attempts waiting (for the exercise filter)."""
        with self._sessions() as s:
            return transfer_queries.awaiting_review_titles(s, trainee_id)

    def unreviewed_since(self, profile_id: int, since: datetime) -> list[AttemptRecord]:
        """This profile's finished attempts since `since` without a supervisor rating, newest first."""
        with self._sessions() as s:
            return transfer_queries.unreviewed_since(s, profile_id, since)

    def snapshot(self, trainee_id: int, attempt_ids: Sequence[int] | None, rater_id: int) -> TransferSnapshot:
        with self._sessions() as s:
            return transfer_queries.snapshot(s, trainee_id, attempt_ids, rater_id)

    def name_clash(self, incoming: ProfileIn, role: str) -> NameClash | None:
        """A person this computer doesn't know by any id, whose name a local profile has."""
        with self._sessions() as s:
            if _known(s, incoming, link=False) is not None:
                return None
            local = profile_named(s, clean_name(incoming.name))
            return None if local is None else NameClash(incoming, role, convert.profile(local))

    # -- imports -------------------------------------------------------------------------------
    def import_review(self, data: ReviewImport, identities: Identities | None = None) -> TransferOutcome:
        """A trainee's attempts (with clips and self-ratings) arrive on the supervisor's computer."""
        with self._sessions.begin() as s:
            trainee, created = _profile(s, data.trainee, "clinician", identities)
            out = TransferOutcome(profile_id=trainee.id, profile_name=trainee.name, profile_created=created)
            clip_ids: dict[str, int] = {}
            media: list[str] = []
            for clip in data.clips + data.assessment_clips:
                row, added, media_set = _clip(s, clip)
                if added and clip.uuid in data.assessments.assessment_only:
                    row.assessment_only = True  # written for assessment: never offered in practice
                clip_ids[clip.uuid] = row.id
                out = replace(
                    out, clips_added=out.clips_added + added, clips_matched=out.clips_matched + 1 - added
                )
                if media_set:
                    media.append(row.media_path)
            new: list[str] = []
            for att in data.attempts:
                existing = s.scalar(select(models.Attempt).where(models.Attempt.uuid == att.uuid))
                if existing is not None:
                    if existing.profile_id != trainee.id:
                        raise ValidationError(
                            "An attempt in this bundle already belongs to someone else here."
                        )
                    continue
                if att.clip_uuid not in clip_ids:
                    raise ValidationError(
                        "An attempt in this bundle refers to an exercise it does not include."
                    )
                s.add(
                    models.Attempt(
                        uuid=att.uuid,
                        profile_id=trainee.id,
                        clip_id=clip_ids[att.clip_uuid],
                        started_at=att.started_at,
                        ended_at=att.ended_at,
                        recording_path=att.recording_path,
                        duration_ms=att.duration_ms,
                        response_latency_ms=att.response_latency_ms,
                        speaking_ms=att.speaking_ms,
                        pause_count=att.pause_count,
                        pause_total_ms=att.pause_total_ms,
                        start_delay_ms=att.start_delay_ms,
                        status=att.status,
                    )
                )
                new.append(att.uuid)
            s.flush()
            out = replace(
                out,
                attempts_added=len(new),
                attempts_already_here=len(data.attempts) - len(new),
                new_attempt_uuids=tuple(new),
                new_clip_media=tuple(media),
            )
            out = _ratings_and_comments(
                s, out, data.ratings, data.comments, trainee, trainee, data.trainee.uuid
            )
            if data.assessments.empty:
                return out
            sittings = assessment_transfer.import_sittings(s, data.assessments, trainee, clip_ids)
            rated = assessment_transfer.import_ratings(
                s, data.assessments.ratings, trainee, trainee, data.trainee.uuid, sittings
            )
            return replace(out, assessment=rated)

    def import_feedback(self, data: FeedbackImport, identities: Identities | None = None) -> TransferOutcome:
        """A supervisor's ratings and comments arrive back on the trainee's computer."""
        with self._sessions.begin() as s:
            trainee = _known(s, ProfileIn(data.trainee_uuid, "", data.trainee_aliases))
            if trainee is None:
                raise ValidationError("This feedback is for someone who has no profile on this computer.")
            if data.supervisor.uuid == trainee.uuid or data.supervisor.uuid in {
                a.uuid for a in trainee.aliases
            }:
                raise ValidationError("This feedback claims to be from the person who practised.")
            supervisor, created = _profile(s, data.supervisor, "supervisor", identities)
            if supervisor.id == trainee.id:
                raise ValidationError("This feedback claims to be from the person who practised.")
            if supervisor.role != "supervisor":
                raise PermissionDeniedError(
                    f"The reviewer matches the profile {supervisor.name!r} here, which is not a supervisor."
                )
            out = TransferOutcome(
                profile_id=supervisor.id, profile_name=supervisor.name, profile_created=created
            )
            out = _ratings_and_comments(
                s, out, data.ratings, data.comments, supervisor, trainee, data.supervisor.uuid
            )
            rated = assessment_transfer.import_ratings(
                s, data.assessment_ratings, supervisor, trainee, data.supervisor.uuid
            )
            out = replace(out, assessment=rated)
            missing = out.missing_attempts + rated.missing_takes
            items = len(data.ratings) + len(data.comments) + len(data.assessment_ratings)
            if missing and missing == items:
                # nothing to attach it to: roll back rather than leave a stray reviewer profile
                raise ValidationError("This feedback is about attempts that are not on this computer.")
            return out


def _ratings_and_comments(
    s: Session,
    out: TransferOutcome,
    ratings: Sequence[RatingIn],
    comments: Sequence[CommentIn],
    author: models.Profile,
    trainee: models.Profile,
    author_uuid: str,  # the author's id in the bundle: theirs here, or one linked to them
) -> TransferOutcome:
    counts: dict[str, int] = {"added": 0, "updated": 0, "unchanged": 0, "refused": 0, "missing": 0}
    for rating in ratings:
        counts[_rating(s, rating, author, trainee, author_uuid)] += 1
    c_counts: dict[str, int] = {"added": 0, "unchanged": 0, "refused": 0, "missing": 0}
    for comment in comments:
        c_counts[_comment(s, comment, author, trainee, author_uuid)] += 1
    s.flush()
    return replace(
        out,
        ratings_added=counts["added"],
        ratings_updated=counts["updated"],
        ratings_unchanged=counts["unchanged"],
        ratings_refused=counts["refused"] + c_counts["refused"],
        comments_added=c_counts["added"],
        comments_already_here=c_counts["unchanged"],
        missing_attempts=counts["missing"] + c_counts["missing"],
    )


def _known(s: Session, incoming: ProfileIn, link: bool = True) -> models.Profile | None:
    """The local profile this person already is: by their id, an id linked to them here, or an
    id the sending computer linked to them (which is then linked here too)."""
    row = find_by_uuid(s, incoming.uuid)
    if row is not None:
        return row
    for alias in incoming.aliases:
        row = find_by_uuid(s, alias)
        if row is not None:
            if link:  # later bundles without the list still find them
                add_alias(s, row, incoming.uuid)
            return row
    return None


def _profile(
    s: Session, incoming: ProfileIn, role: str, identities: Identities | None
) -> tuple[models.Profile, bool]:
    """Match by id (own or linked); else follow the user's answer about a namesake; else create,
    keeping the name distinct from local profiles."""
    row = _known(s, incoming)
    if row is not None:
        return row, False
    choice = (identities or {}).get(incoming.uuid)
    if choice is not None and choice.same_as is not None:
        row = s.get(models.Profile, choice.same_as)
        if row is None:
            raise ValidationError("The profile chosen as the same person no longer exists.")
        add_alias(s, row, incoming.uuid)
        return row, False
    wanted = choice.name if choice is not None and choice.name else incoming.name
    row = models.Profile(uuid=incoming.uuid, name=_distinct_name(s, clean_name(wanted)), role=role)
    s.add(row)
    s.flush()
    return row, True


def _distinct_name(s: Session, name: str) -> str:
    candidate, n = name, 1
    while name_taken(s, candidate):
        n += 1
        suffix = f" ({n})"
        candidate = name[: MAX_NAME - len(suffix)] + suffix
    return candidate


def _clip(s: Session, clip: ClipIn) -> tuple[models.Clip, int, bool]:
    """(row, 1 if added else 0, whether media_path was set here). Same file wins, then same clip."""
    c = models.Clip
    row = s.scalar(select(c).where(c.content_hash == clip.content_hash))
    row = row or s.scalar(select(c).where(c.uuid == clip.uuid))
    if row is None and clip.external_id:
        row = s.scalar(select(c).where(c.external_id == clip.external_id))
    if row is not None:
        if not row.media_path and clip.media_path:  # a text-only clip gets its media after all
            row.media_path = clip.media_path
            return row, 0, True
        return row, 0, False
    new = NewClip(
        title=clip.title,
        presentation=clip.presentation,
        difficulty=clip.difficulty,
        media_path=clip.media_path,
        content_hash=clip.content_hash,
        statement=clip.statement,
        duration_ms=clip.duration_ms,
        source="bundle",
        facets=clip.facets,
        criteria=clip.criteria,
        example_response=clip.example_response,
        external_id=clip.external_id,
        content_note=clip.content_note,
    )
    row = insert_clip(s, new, uuid=clip.uuid)
    return row, 1, bool(clip.media_path)


def _attempt_of(
    s: Session, attempt_uuid: str, trainee: models.Profile
) -> models.Attempt | None | Literal[False]:
    """The trainee's attempt, None if this computer lacks it, False if it belongs to someone else."""
    row = s.scalar(select(models.Attempt).where(models.Attempt.uuid == attempt_uuid))
    if row is None:
        return None
    return row if row.profile_id == trainee.id else False


def _rating(
    s: Session, incoming: RatingIn, rater: models.Profile, trainee: models.Profile, rater_uuid: str
) -> Verdict:
    attempt = _attempt_of(s, incoming.attempt_uuid, trainee)
    if attempt is None:
        return "missing"
    role = "self" if rater.id == trainee.id else "supervisor"
    if attempt is False or incoming.rater_uuid != rater_uuid or incoming.rater_role != role:
        return "refused"
    data = RatingInput(
        scores=dict(incoming.scores),
        reaction=incoming.reaction,
        note=incoming.note,
        went_well=incoming.went_well,
        corrective_point=incoming.corrective_point,
        extra_corrective_point=incoming.extra_corrective_point,
        ask_again=incoming.ask_again,
        criteria_verdicts=incoming.criteria_verdicts,
    )
    validate_rating(data, role)
    r = models.Rating
    row = s.scalar(select(r).where(r.uuid == incoming.uuid))
    if row is not None and (row.rater_profile_id != rater.id or row.attempt_id != attempt.id):
        return "refused"  # never overwrite someone else's rating
    row = row or s.scalar(select(r).where(r.attempt_id == attempt.id, r.rater_profile_id == rater.id))
    verdict: Verdict = "updated"
    if row is None:
        row = r(uuid=incoming.uuid, attempt_id=attempt.id, rater_profile_id=rater.id, rater_role=role)
        row.created_at = incoming.created_at
        s.add(row)
        verdict = "added"
    elif incoming.updated_at <= row.updated_at:
        return "unchanged"  # an older or identical copy: the local one stands
    for key in FACET_KEYS:
        setattr(row, key, data.scores.get(key))
    row.reaction, row.note, row.went_well = data.reaction, data.note, data.went_well
    row.corrective_point, row.extra_corrective_point = data.corrective_point, data.extra_corrective_point
    row.ask_again, row.updated_at = data.ask_again, incoming.updated_at
    if data.criteria_verdicts is not None:  # an older bundle says nothing about them: keep ours
        row.criteria_verdicts = verdicts.to_json(data.criteria_verdicts)
    s.flush()
    return verdict


def _comment(
    s: Session, incoming: CommentIn, author: models.Profile, trainee: models.Profile, author_uuid: str
) -> Verdict:
    attempt = _attempt_of(s, incoming.attempt_uuid, trainee)
    if attempt is None:
        return "missing"
    if attempt is False or incoming.author_uuid != author_uuid:
        return "refused"
    if s.scalar(select(models.Comment.id).where(models.Comment.uuid == incoming.uuid)) is not None:
        return "unchanged"  # comments are never edited, so the one here is the same comment
    text = incoming.text.strip()
    if not text or len(text) > MAX_TEXT:
        raise ValidationError("A comment in this bundle is empty or too long.")
    s.add(
        models.Comment(
            uuid=incoming.uuid,
            attempt_id=attempt.id,
            author_profile_id=author.id,
            offset_ms=max(0, incoming.offset_ms),
            text=text,
            created_at=incoming.created_at,
        )
    )
    return "added"
