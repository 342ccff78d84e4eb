"""Frozen records of the FIS assessment, the only shapes that leave this package.

A rater's view of a take (`BlindTake`) carries no person, date or occasion: those are revealed
only once that rater has rated every take of their batch (see the batch module).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final

OCCASIONS: Final[tuple[str, ...]] = ("baseline", "follow_up")
OCCASION_LABELS: Final[dict[str, str]] = {"baseline": "Baseline", "follow_up": "Follow-up"}
ASSESSMENT_STATUSES: Final[tuple[str, ...]] = ("in_progress", "complete", "incomplete")
MIN_SET_CLIPS, MAX_SET_CLIPS = 8, 18  # FIS versions use 13 to 18 clips; a short form still works


@dataclass(frozen=True)
class AssessmentSetRecord:
    id: int
    uuid: str
    name: str
    builtin: bool
    clip_ids: tuple[int, ...]  # in the order they are taken


@dataclass(frozen=True)
class AssessmentRecord:
    id: int
    uuid: str
    profile_id: int
    set_id: int
    occasion: str
    status: str
    started_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class AssessmentTakeRecord:
    id: int
    uuid: str
    assessment_id: int
    clip_id: int
    position: int
    recording_path: str | None
    started_at: datetime
    ended_at: datetime | None
    duration_ms: int | None
    response_latency_ms: int | None
    speaking_ms: int | None
    pause_count: int | None
    pause_total_ms: int | None
    status: str


@dataclass(frozen=True)
class AssessmentRatingRecord:
    id: int
    uuid: str
    take_id: int
    rater_profile_id: int
    rater_role: str  # "rater" (blind) or "self" (the clinician, afterwards)
    scores: Mapping[str, int | None]
    created_at: datetime
    updated_at: datetime
    version: int = 1  # bumped by every save; a save names the version it started from


@dataclass(frozen=True)
class BlindTake:
    """What a rater sees of a take before their batch is done: a code, the clip and the recording."""

    take_id: int
    code: str  # e.g. "T07": stable within the batch, says nothing about who or when
    clip_id: int
    clip_title: str
    statement: str
    recording_path: str | None
    duration_ms: int | None
