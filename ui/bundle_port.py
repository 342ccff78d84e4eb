"""What the bundle menus need from the remote-supervision workflow (app/bundle_port.py implements it).

Plain data, two exceptions and a Protocol, no Qt: the UI can't import app, so the shapes that cross
are here. Every call may be slow; the flow decides which worker runs it (see ui/bundle_flow.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from practice_db.store import PracticeStore


Progress = Callable[[int, int], None]  # (done, total), called from the worker thread
Cancel = Callable[[], bool]
Kind = Literal["review", "feedback"]


class BundleRefused(Exception):
    """The bundle could not be written or read. str(exc) is a plain sentence for the user."""


class BundleStopped(BundleRefused):
    """The user cancelled; nothing was written or changed."""


@dataclass(frozen=True)
class SendableAttempt:
    """One of the trainee's finished attempts, as the send dialog lists it."""

    attempt_id: int
    clip_title: str
    started_at: datetime
    duration_ms: int | None
    reviewed: bool  # a supervisor has already rated it
    has_recording: bool  # the recording is still in the data folder


@dataclass(frozen=True)
class TraineeChoice:
    """Someone the supervisor has given feedback to on this computer."""

    profile_id: int
    name: str
    rated_attempts: int
    latest_attempt: datetime  # when the newest attempt you rated was recorded


@dataclass(frozen=True)
class BundleResult:
    message: str  # what happened, in a sentence or two
    changed: bool  # an import added or updated something (lists should reload)


class BundlePort(Protocol):
    suffix: str  # ".prbundle"

    def suggested_name(self, kind: Kind, person: str) -> str: ...

    def sendable_attempts(self, store: PracticeStore, trainee_id: int) -> list[SendableAttempt]:
        """DB work (and a file check per attempt): run through ctx.tasks."""
        ...

    def trainees_with_feedback(self, store: PracticeStore, supervisor_id: int) -> list[TraineeChoice]:
        """DB work: run through ctx.tasks."""
        ...

    def estimate(
        self, store: PracticeStore, trainee_id: int, attempt_ids: Sequence[int], include_clip_media: bool
    ) -> int:
        """Bytes the review bundle would take. Reads only; raises BundleRefused."""
        ...

    def export_review(
        self,
        store: PracticeStore,
        trainee_id: int,
        attempt_ids: Sequence[int],
        destination: Path,
        include_clip_media: bool,
        progress: Progress,
        cancel: Cancel,
    ) -> BundleResult:
        """Reads the DB, then writes the file: run on a file worker. Raises BundleRefused/BundleStopped."""
        ...

    def export_feedback(
        self,
        store: PracticeStore,
        supervisor_id: int,
        trainee_id: int,
        destination: Path,
        progress: Progress,
        cancel: Cancel,
    ) -> BundleResult: ...

    def import_review(
        self, store: PracticeStore, bundle: Path, progress: Progress, cancel: Cancel
    ) -> BundleResult:
        """Checks and stages files, then ONE database transaction: run through ctx.tasks."""
        ...

    def import_feedback(
        self, store: PracticeStore, bundle: Path, progress: Progress, cancel: Cancel
    ) -> BundleResult: ...
