"""Frozen dataclasses: the only shapes that leave the storage layer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

# Saves name the version they started from (practice_db/versioning.py); here too, so the UI can
# use them without importing SQLAlchemy.
NEW_ROW = 0  # the version a form "started from" when the row did not exist yet


class Versioned(Protocol):
    @property
    def version(self) -> int: ...


@dataclass(frozen=True)
class ProfileRecord:
    id: int
    uuid: str
    name: str
    role: str
    created_at: datetime
    protected: bool = False  # a password is asked before the profile is used
    aliases: tuple[str, ...] = ()  # the same person's ids on other computers (bundles carry them)

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


@dataclass(frozen=True)
class NewClip:
    title: str
    presentation: str
    difficulty: int
    media_path: str
    content_hash: str
    statement: str = ""
    duration_ms: int | None = None
    source: str = "imported"
    facets: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()
    example_response: str | None = None
    external_id: str | None = None
    content_note: str | None = None  # heavy themes, named before the clip plays (None: nothing to note)
    assessment_only: bool = False  # an FIS assessment clip: never offered in practice
    owner_profile_id: int | None = None  # who added an own clip (a clinic server lets them change it)


@dataclass(frozen=True)
class ClipRecord:
    id: int
    uuid: str
    external_id: str | None
    title: str
    presentation: str
    difficulty: int
    statement: str
    media_path: str
    duration_ms: int | None
    content_hash: str
    source: str
    facets: tuple[str, ...]
    criteria: tuple[str, ...]
    example_response: str | None
    created_at: datetime
    content_note: str | None = None  # what the clip touches on (e.g. bereavement), shown before it plays
    assessment_only: bool = False  # an FIS assessment clip: kept out of practice, Library and packs
    version: int = 1  # bumped by every save; a save names the version it started from
    owner_profile_id: int | None = None  # who added an own clip (clinic mode files it under them)


@dataclass(frozen=True)
class ClipFilter:
    presentation: str | None = None
    difficulty: int | None = None
    facet: str | None = None
    text: str | None = None
    not_practised_by: int | None = None  # profile id
    struggled_by: int | None = None  # profile id: "too hard" or a low self-rating
    without_content_note: bool = False  # the "Hide clips with content notes" setting


@dataclass(frozen=True)
class AttemptRecord:
    id: int
    uuid: str
    profile_id: int
    clip_id: int
    session_id: int | None
    started_at: datetime
    ended_at: datetime | None
    recording_path: str | None
    duration_ms: int | None
    response_latency_ms: int | None
    speaking_ms: int | None
    pause_count: int | None
    pause_total_ms: int | None
    start_delay_ms: int | None
    status: str

    @property
    def no_speech(self) -> bool:
        """Timed, and no voice was heard: speaking 0 with no latency (pauses are None then too,
        never 0: a silent take has no pauses to count). All None means not timed at all."""
        return self.speaking_ms == 0 and self.response_latency_ms is None


@dataclass(frozen=True)
class TakeFacts:
    """What the recorder and speech timing learned about a finished take."""

    recording_path: str
    duration_ms: int
    status: str = "complete"
    response_latency_ms: int | None = None
    speaking_ms: int | None = None
    pause_count: int | None = None
    pause_total_ms: int | None = None
    start_delay_ms: int | None = None


@dataclass(frozen=True)
class CriterionVerdict:
    """One criterion of the exercise, in its own words, and whether the reply met it."""

    criterion: str
    verdict: str  # "met" | "partly" | "not_met" (vocabulary.VERDICTS)


@dataclass(frozen=True)
class RatingInput:
    scores: Mapping[str, int | None] = field(default_factory=dict)
    reaction: str | None = None
    note: str = ""
    went_well: str = ""
    corrective_point: str = ""
    extra_corrective_point: str = ""
    ask_again: bool = False
    # None leaves the verdicts already saved as they are (a form that doesn't show the criteria);
    # a tuple, even an empty one, replaces them.
    criteria_verdicts: tuple[CriterionVerdict, ...] | None = None


@dataclass(frozen=True)
class RatingRecord:
    id: int
    uuid: str
    attempt_id: int
    rater_profile_id: int
    rater_role: str
    scores: Mapping[str, int | None]
    reaction: str | None
    note: str
    went_well: str
    corrective_point: str
    extra_corrective_point: str
    ask_again: bool
    created_at: datetime
    updated_at: datetime
    criteria_verdicts: tuple[CriterionVerdict, ...] = ()
    version: int = 1  # bumped by every save; a save names the version it started from

    def verdict_for(self, criterion: str) -> str | None:
        return next((v.verdict for v in self.criteria_verdicts if v.criterion == criterion), None)


@dataclass(frozen=True)
class CommentRecord:
    id: int
    uuid: str
    attempt_id: int
    author_profile_id: int
    offset_ms: int
    text: str
    created_at: datetime


@dataclass(frozen=True)
class SessionRecord:
    id: int
    uuid: str
    profile_id: int
    started_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class SessionEntry:
    """One attempt of a practice session, with what the summary shows beside it."""

    attempt: AttemptRecord
    clip_title: str
    presentation: str
    difficulty: int
    self_rating: RatingRecord | None


@dataclass(frozen=True)
class FeedbackItem:
    """One attempt in a review list: who, which exercise, when, and the ratings so far.

    `self_mean` and `supervisor_mean` are overall scores (the mean of all eight facets), None for a
    partial rating; `self_rated` / `supervisor_rated` count the facets given ("3 of 8"). For a
    supervisor who has not yet rated all eight, the self-rating is left out (`self_hidden`)."""

    attempt_id: int
    trainee_id: int
    trainee_name: str
    clip_id: int
    clip_title: str
    started_at: datetime
    duration_ms: int | None
    self_mean: float | None
    supervisor_mean: float | None
    supervisor_name: str | None
    self_reaction: str | None = None
    status: str = "complete"  # "no_reply": listed in history only, with no reply to rate
    self_rated: int = 0
    supervisor_rated: int = 0
    self_hidden: bool = False


@dataclass(frozen=True)
class ReviewDetail:
    """Everything the review screen shows about one attempt, as one viewer may see it.

    The clip carries the exercise's criteria and example reply. Blind review: for anyone but the
    trainee whose own rating of this attempt is not yet complete, `ratings` holds only that viewer's
    rating (no self scores, self note or other supervisor's scores) and `self_hidden` is True; the
    trainee's check-in ("how did it feel") is always given, as it is a safety signal."""

    attempt: AttemptRecord
    clip: ClipRecord
    trainee: ProfileRecord
    ratings: tuple[RatingRecord, ...]
    comments: tuple[CommentRecord, ...]
    names: Mapping[int, str]  # profile id -> name, for raters and comment authors
    check_in: str | None = None  # the trainee's "how did it feel" (REACTIONS key), if given
    self_hidden: bool = False

    def rating_by(self, profile_id: int) -> RatingRecord | None:
        return next((r for r in self.ratings if r.rater_profile_id == profile_id), None)

    def self_rating(self) -> RatingRecord | None:
        return next((r for r in self.ratings if r.rater_role == "self"), None)

    def supervisor_ratings(self) -> tuple[RatingRecord, ...]:
        return tuple(r for r in self.ratings if r.rater_role == "supervisor")
