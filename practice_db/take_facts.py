"""One rule for what a finished take writes onto its row, for practice attempts and assessment
takes alike, so their timing fields cannot drift apart."""

from __future__ import annotations

from datetime import datetime

from practice_db import models
from practice_db.records import TakeFacts
from practice_db.timeutil import utcnow

# measured by the recorder and speech timing; both kinds of take store them
TIMING_FIELDS = ("duration_ms", "response_latency_ms", "speaking_ms", "pause_count", "pause_total_ms")


def apply_take_facts(
    row: models.Attempt | models.AssessmentTake, facts: TakeFacts, ended_at: datetime | None
) -> None:
    row.ended_at = ended_at or row.ended_at or utcnow()
    row.recording_path = facts.recording_path
    row.status = facts.status
    for field in TIMING_FIELDS:
        setattr(row, field, getattr(facts, field))
    if isinstance(row, models.Attempt):  # an assessment clip has no "start when ready" delay
        row.start_delay_ms = facts.start_delay_ms
