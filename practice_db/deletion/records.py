"""What a deletion removed (enough to put it back) and what one would remove (for the question)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Row = dict[str, Any]  # one row's column values, as read from the table


@dataclass(frozen=True)
class DeletedRows:
    """Rows taken out by one deletion, restorable within the session (ids may change on restore:
    SQLite hands a freed id to the next new row, so rows go back with fresh ids, same uuids)."""

    attempts: tuple[Row, ...] = ()
    ratings: tuple[Row, ...] = ()
    comments: tuple[Row, ...] = ()
    clip: Row | None = None
    clip_facets: tuple[str, ...] = ()
    recording_paths: tuple[str, ...] = ()  # relative to the data folder
    clip_media_path: str | None = None  # the clip's file, when the clip row went too

    @property
    def attempt_uuids(self) -> tuple[str, ...]:
        return tuple(str(a["uuid"]) for a in self.attempts)


@dataclass(frozen=True)
class ClipUsage:
    """Who has practised a clip: asked about before deleting it."""

    clip_id: int
    title: str
    starter: bool  # comes with Practice Room: never deleted, only hidden
    hidden: bool
    mine: int  # the asking person's attempts at it
    others: int  # other people's attempts (never deleted by someone else)


@dataclass(frozen=True)
class ProfileFootprint:
    """Everything a profile owns, counted for the typed-name confirmation."""

    profile_id: int
    name: str
    is_supervisor: bool
    attempts: int
    recordings: tuple[str, ...]  # relative paths of its takes
    ratings_given_to_others: int
    comments_on_others: int
    goals: int
    goals_set_for_others: int  # kept for their owners, no longer naming who set them
    sessions: int
    assessments: int = 0  # FIS assessment sittings, with their takes and every rating of them
    assessment_recordings: tuple[str, ...] = ()
    assessment_ratings_given: int = 0  # blind ratings it gave on other people's takes

    @property
    def all_recordings(self) -> tuple[str, ...]:
        return self.recordings + self.assessment_recordings
