"""The plain records of a clip import: what the user filled in, what was found, staged and done."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from media.playback.media_probe import MediaInfo
from practice_db.records import ClipRecord

Status = Literal["imported", "duplicate", "rejected", "cancelled"]


@dataclass(frozen=True)
class ClipDetails:
    """What the user filled in for one file (each file of a batch has its own)."""

    title: str
    presentation: str
    difficulty: int
    statement: str = ""
    facets: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()  # what a good reply does, one line each
    example_response: str | None = None  # one good reply, shown after the attempt
    content_note: str | None = None  # heavy themes, named before the clip plays


@dataclass(frozen=True)
class SkippedItem:
    """Something in a chosen folder that was not read, and why (plain words)."""

    path: Path
    reason: str


@dataclass(frozen=True)
class FoundFiles:
    clips: list[Path] = field(default_factory=list)  # to import (explicitly picked ones always)
    ignored: list[Path] = field(default_factory=list)  # in a folder, but not audio or video
    skipped: list[SkippedItem] = field(default_factory=list)  # not read: unreadable, not a file, archive


@dataclass(frozen=True)
class StagedClip:
    """A checked, hashed copy waiting in clips/ under a staging name for its library row."""

    source: Path
    staged_path: Path
    content_hash: str
    info: MediaInfo


@dataclass(frozen=True)
class ImportOutcome:
    source: Path
    status: Status
    message: str  # plain words for the summary
    clip: ClipRecord | None = None
