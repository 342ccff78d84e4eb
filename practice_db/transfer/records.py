"""Frozen shapes for moving attempts and feedback between computers (bundles) and the review queue.

Everything here is keyed by uuid: ids are local to one database, uuids are the same everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from practice_db.assessment.transfer import AssessmentOutcome, AssessmentRatingIn, AssessmentsIn
from practice_db.records import (
    AttemptRecord,
    ClipRecord,
    CommentRecord,
    CriterionVerdict,
    ProfileRecord,
    RatingRecord,
)

# -- queries ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewQueueItem:
    """One attempt waiting for a supervisor: what the review queue lists."""

    attempt_id: int
    attempt_uuid: str
    trainee_id: int
    trainee_name: str
    clip_id: int
    clip_title: str
    started_at: datetime
    duration_ms: int | None
    status: str


@dataclass(frozen=True)
class QueueKey:
    """Where a page of the review queue ended: the next page starts after this attempt."""

    attempt_id: int


@dataclass(frozen=True)
class QueuePage:
    items: tuple[ReviewQueueItem, ...]
    next_key: QueueKey | None  # None: this was the last page


@dataclass(frozen=True)
class TransferSnapshot:
    """Everything a bundle needs about some attempts, read in one consistent session."""

    trainee: ProfileRecord
    attempts: tuple[AttemptRecord, ...]
    clips: tuple[ClipRecord, ...]
    ratings: tuple[RatingRecord, ...]
    comments: tuple[CommentRecord, ...]
    profiles: Mapping[int, ProfileRecord]  # raters and authors by local id

    def attempt_uuid(self, attempt_id: int) -> str:
        return next(a.uuid for a in self.attempts if a.id == attempt_id)


# -- incoming data (from a bundle) -----------------------------------------------------------------


@dataclass(frozen=True)
class ProfileIn:
    uuid: str
    name: str
    aliases: tuple[str, ...] = ()  # the ids the sending computer linked to this person (optional field)


@dataclass(frozen=True)
class IdentityChoice:
    """The user's answer about a person whose name is taken here by someone with another id:
    `same_as` a local profile (its id gets linked), or someone else kept apart under `name`."""

    same_as: int | None = None
    name: str | None = None


@dataclass(frozen=True)
class NameClash:
    """A person in a bundle, unknown here by id, whose name a local profile already has."""

    incoming: ProfileIn
    role: str  # what the person would be here: "clinician" (a trainee) or "supervisor"
    local: ProfileRecord  # the namesake on this computer


@dataclass(frozen=True)
class ClipIn:
    uuid: str
    content_hash: str
    title: str
    presentation: str
    difficulty: int
    statement: str
    media_path: str  # "" = the clip's media was not sent: text-only exercise
    duration_ms: int | None = None
    external_id: str | None = None
    facets: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()
    example_response: str | None = None
    content_note: str | None = None


@dataclass(frozen=True)
class AttemptIn:
    uuid: str
    clip_uuid: str
    started_at: datetime
    ended_at: datetime | None
    recording_path: str
    status: str
    duration_ms: int | None = None
    response_latency_ms: int | None = None
    speaking_ms: int | None = None
    pause_count: int | None = None
    pause_total_ms: int | None = None
    start_delay_ms: int | None = None


@dataclass(frozen=True)
class RatingIn:
    uuid: str
    attempt_uuid: str
    rater_uuid: str
    rater_role: str
    created_at: datetime
    updated_at: datetime
    scores: Mapping[str, int | None] = field(default_factory=dict)
    reaction: str | None = None
    note: str = ""
    went_well: str = ""
    corrective_point: str = ""
    extra_corrective_point: str = ""
    ask_again: bool = False
    criteria_verdicts: tuple[CriterionVerdict, ...] | None = None  # None: a bundle from before 1.1


@dataclass(frozen=True)
class CommentIn:
    uuid: str
    attempt_uuid: str
    author_uuid: str
    offset_ms: int
    text: str
    created_at: datetime


@dataclass(frozen=True)
class ReviewImport:
    """A trainee's attempts arriving on a supervisor's computer."""

    trainee: ProfileIn
    clips: tuple[ClipIn, ...]
    attempts: tuple[AttemptIn, ...]
    ratings: tuple[RatingIn, ...] = ()  # the trainee's self-ratings
    comments: tuple[CommentIn, ...] = ()  # the trainee's own notes on their recordings
    assessment_clips: tuple[ClipIn, ...] = ()  # the sets' clips not already in `clips`
    assessments: AssessmentsIn = AssessmentsIn()  # sittings, takes and self-ratings (optional)


@dataclass(frozen=True)
class FeedbackImport:
    """A supervisor's ratings and comments arriving back on the trainee's computer."""

    supervisor: ProfileIn
    trainee_uuid: str
    ratings: tuple[RatingIn, ...]
    comments: tuple[CommentIn, ...]
    trainee_aliases: tuple[str, ...] = ()  # the trainee's other ids as the supervisor's computer knows them
    assessment_ratings: tuple[AssessmentRatingIn, ...] = ()  # a rater's ratings of assessment takes


@dataclass(frozen=True)
class TransferOutcome:
    """What an import changed. `new_attempt_uuids`/`new_clip_media` tell the caller which staged
    files to move into place once the transaction has committed."""

    profile_id: int
    profile_name: str
    profile_created: bool = False
    clips_added: int = 0
    clips_matched: int = 0
    attempts_added: int = 0
    attempts_already_here: int = 0
    ratings_added: int = 0
    ratings_updated: int = 0
    ratings_unchanged: int = 0
    ratings_refused: int = 0  # would have overwritten someone else's rating
    comments_added: int = 0
    comments_already_here: int = 0
    missing_attempts: int = 0  # feedback about attempts this computer does not have
    new_attempt_uuids: tuple[str, ...] = ()
    new_clip_media: tuple[str, ...] = ()  # media_path values that were written and need their file
    assessment: AssessmentOutcome = AssessmentOutcome()  # what the assessment sections changed

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.profile_created
            or self.clips_added
            or self.attempts_added
            or self.ratings_added
            or self.ratings_updated
            or self.comments_added
            or self.new_clip_media
            or self.assessment.changed
        )
