"""Assessment ORM rows → frozen records (one place, so fields stay in step)."""

from __future__ import annotations

from practice_db import models
from practice_db.assessment.records import (
    AssessmentRatingRecord,
    AssessmentRecord,
    AssessmentSetRecord,
    AssessmentTakeRecord,
)
from practice_db.vocabulary import FACET_KEYS


def assessment_set(row: models.AssessmentSet, clip_ids: tuple[int, ...]) -> AssessmentSetRecord:
    return AssessmentSetRecord(row.id, row.uuid, row.name, row.builtin, clip_ids)


def assessment(row: models.Assessment) -> AssessmentRecord:
    return AssessmentRecord(
        row.id, row.uuid, row.profile_id, row.set_id, row.occasion, row.status, row.started_at, row.ended_at
    )


def take(row: models.AssessmentTake) -> AssessmentTakeRecord:
    return AssessmentTakeRecord(
        id=row.id,
        uuid=row.uuid,
        assessment_id=row.assessment_id,
        clip_id=row.clip_id,
        position=row.position,
        recording_path=row.recording_path,
        started_at=row.started_at,
        ended_at=row.ended_at,
        duration_ms=row.duration_ms,
        response_latency_ms=row.response_latency_ms,
        speaking_ms=row.speaking_ms,
        pause_count=row.pause_count,
        pause_total_ms=row.pause_total_ms,
        status=row.status,
    )


def rating(row: models.AssessmentRating) -> AssessmentRatingRecord:
    return AssessmentRatingRecord(
        id=row.id,
        uuid=row.uuid,
        take_id=row.take_id,
        rater_profile_id=row.rater_profile_id,
        rater_role=row.rater_role,
        scores={k: getattr(row, k) for k in FACET_KEYS},
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )
