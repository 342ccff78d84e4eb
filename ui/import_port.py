"""What the Library page needs from the clip-import workflow (app/clip_import.py implements it).

Plain data and a Protocol only, no Qt: the UI can't import app, so the shapes that cross are here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from media.media_probe import MediaInfo
from practice_db.records import ClipRecord

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

Status = Literal["imported", "duplicate", "rejected", "cancelled"]


@dataclass(frozen=True)
class ClipDetails:
    """What the user filled in for one file."""

    title: str
    presentation: str
    difficulty: int
    statement: str = ""
    facets: tuple[str, ...] = ()


@dataclass(frozen=True)
class FoundFiles:
    clips: list[Path] = field(default_factory=list)  # to import (explicitly picked ones always)
    ignored: list[Path] = field(default_factory=list)  # in a folder, but not audio or video


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


class ClipImportPort(Protocol):
    def default_title(self, source: Path) -> str: ...

    def collect(self, sources: Sequence[Path]) -> FoundFiles:
        """Expand folders (file work: run off the GUI thread)."""
        ...

    def stage(self, source: Path, cancelled: Callable[[], bool]) -> StagedClip | ImportOutcome:
        """Check and copy one file (file work: run on a file worker, not the DB worker)."""
        ...

    def commit(self, store: PracticeStore, staged: StagedClip, details: ClipDetails) -> ImportOutcome:
        """Add the library row for a staged copy (DB work: run through ctx.tasks)."""
        ...

    def discard(self, staged: StagedClip) -> None: ...
