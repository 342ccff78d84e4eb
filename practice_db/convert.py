"""ORM row → frozen record conversions (kept in one place so fields stay in step)."""

from __future__ import annotations

from practice_db import models, verdicts
from practice_db.records import (
    AttemptRecord,
    ClipRecord,
    CommentRecord,
    ProfileRecord,
    RatingRecord,
    SessionRecord,
)
from practice_db.vocabulary import FACET_KEYS


def profile(row: models.Profile) -> ProfileRecord:
    return ProfileRecord(
        row.id,
        row.uuid,
        row.name,
        row.role,
        row.created_at,
        protected=row.password_hash is not None,
        aliases=tuple(a.uuid for a in row.aliases),
    )


def clip(row: models.Clip, facets: tuple[str, ...]) -> ClipRecord:
    return ClipRecord(
        id=row.id,
        uuid=row.uuid,
        external_id=row.external_id,
        title=row.title,
        presentation=row.presentation,
        difficulty=row.difficulty,
        statement=row.statement,
        media_path=row.media_path,
        duration_ms=row.duration_ms,
        content_hash=row.content_hash,
        source=row.source,
        facets=tuple(sorted(facets, key=FACET_KEYS.index)),
        criteria=tuple(row.criteria or ()),
        example_response=row.example_response,
        created_at=row.created_at,
        content_note=(row.content_note or "").strip() or None,
        assessment_only=bool(row.assessment_only),
        version=row.version,
        owner_profile_id=row.owner_profile_id,
    )


def attempt(row: models.Attempt) -> AttemptRecord:
    return AttemptRecord(
        id=row.id,
        uuid=row.uuid,
        profile_id=row.profile_id,
        clip_id=row.clip_id,
        session_id=row.session_id,
        started_at=row.started_at,
        ended_at=row.ended_at,
        recording_path=row.recording_path,
        duration_ms=row.duration_ms,
        response_latency_ms=row.response_latency_ms,
        speaking_ms=row.speaking_ms,
        pause_count=row.pause_count,
        pause_total_ms=row.pause_total_ms,
        start_delay_ms=row.start_delay_ms,
        status=row.status,
    )


def rating(row: models.Rating) -> RatingRecord:
    return RatingRecord(
        id=row.id,
        uuid=row.uuid,
        attempt_id=row.attempt_id,
        rater_profile_id=row.rater_profile_id,
        rater_role=row.rater_role,
        scores={k: getattr(row, k) for k in FACET_KEYS},
        reaction=row.reaction,
        note=row.note,
        went_well=row.went_well,
        corrective_point=row.corrective_point,
        extra_corrective_point=row.extra_corrective_point,
        ask_again=row.ask_again,
        created_at=row.created_at,
        updated_at=row.updated_at,
        criteria_verdicts=verdicts.from_json(row.criteria_verdicts),
        version=row.version,
    )


def comment(row: models.Comment) -> CommentRecord:
    return CommentRecord(
        row.id, row.uuid, row.attempt_id, row.author_profile_id, row.offset_ms, row.text, row.created_at
    )


def session(row: models.PracticeSession) -> SessionRecord:
    return SessionRecord(row.id, row.uuid, row.profile_id, row.started_at, row.ended_at)
