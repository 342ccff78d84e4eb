"""What the window's bundle menus call: lists for the send dialogs, and each export and import.

Every call may be slow, so the UI decides which worker runs it (ui/bundles/flow.py). The bundle
code itself (jsonschema, zip checks) is imported inside each method: the window builds its menus
at start-up, and that code is only needed once a bundle is sent or opened. Errors are
`BundleError` (a plain sentence for the user) and `BundleCancelled` when the user stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from app.bundles.file_format import SUFFIX
from app.paths import DataPaths

if TYPE_CHECKING:
    from app.bundles.identity import Identities
    from practice_db.store import PracticeStore

Progress = Callable[[int, int], None]  # (done, total), called from the worker thread
Cancel = Callable[[], bool]
Kind = Literal["review", "feedback"]
REVIEWABLE = ("complete", "recovered")  # what a review bundle accepts (practice_db.transfer.queries)
EVER = datetime(1970, 1, 1, tzinfo=UTC)


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


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class BundleWorkflow:
    suffix = SUFFIX

    def __init__(self, paths: DataPaths) -> None:
        self.paths = paths

    def suggested_name(self, kind: Kind, person: str) -> str:
        from app.bundles.export import suggested_name  # lazy: see the module docstring

        return suggested_name(kind, person)

    def sendable_attempts(self, store: PracticeStore, trainee_id: int) -> list[SendableAttempt]:
        attempts = [a for a in store.attempts.for_profile(trainee_id) if a.status in REVIEWABLE]
        if not attempts:
            return []
        titles = {c.id: c.title for c in store.clips.list(include_hidden=True)}
        unreviewed = {a.id for a in store.transfer.unreviewed_since(trainee_id, EVER)}
        return [
            SendableAttempt(
                attempt_id=a.id,
                clip_title=titles.get(a.clip_id, "(exercise removed)"),
                started_at=a.started_at,
                duration_ms=a.duration_ms,
                reviewed=a.id not in unreviewed,
                has_recording=bool(a.recording_path)
                and (self.paths.home / (a.recording_path or "")).is_file(),
            )
            for a in attempts
        ]

    def send_choices(self, store: PracticeStore, trainee_id: int) -> tuple[list[SendableAttempt], int]:
        """The attempts the send dialog lists, and how many assessment sittings can go along."""
        sittings = len(store.assessment_transfer.snapshot(trainee_id, trainee_id).assessments)
        return self.sendable_attempts(store, trainee_id), sittings

    def trainees_with_feedback(self, store: PracticeStore, supervisor_id: int) -> list[TraineeChoice]:
        by_trainee: dict[int, TraineeChoice] = {}
        for item in store.feedback.reviewed(supervisor_id=supervisor_id, limit=100_000):
            if item.trainee_id == supervisor_id:
                continue
            seen = by_trainee.get(item.trainee_id)
            if seen is None:  # newest first, so the first item is the latest
                by_trainee[item.trainee_id] = TraineeChoice(
                    item.trainee_id, item.trainee_name, 1, item.started_at
                )
            else:
                by_trainee[item.trainee_id] = TraineeChoice(
                    seen.profile_id, seen.name, seen.rated_attempts + 1, seen.latest_attempt
                )
        # a rater's assessment ratings go back in the same bundle: those clinicians are listed too
        for pid, (name, takes, latest) in store.assessment_transfer.rated_trainees(supervisor_id).items():
            seen = by_trainee.get(pid)
            by_trainee[pid] = (
                TraineeChoice(pid, name, takes, latest)
                if seen is None
                else TraineeChoice(
                    pid, seen.name, seen.rated_attempts + takes, max(seen.latest_attempt, latest)
                )
            )
        return sorted(by_trainee.values(), key=lambda t: t.name.casefold())

    def estimate(
        self,
        store: PracticeStore,
        trainee_id: int,
        attempt_ids: Sequence[int],
        include_clip_media: bool,
        include_assessments: bool = True,
    ) -> int:
        from app.bundles.export import estimate_size  # lazy: see the module docstring

        return estimate_size(
            store, self.paths, trainee_id, attempt_ids, include_clip_media, include_assessments
        )

    def export_review(
        self,
        store: PracticeStore,
        trainee_id: int,
        attempt_ids: Sequence[int],
        destination: Path,
        include_clip_media: bool,
        progress: Progress,
        cancel: Cancel,
        *,
        include_assessments: bool = True,
    ) -> BundleResult:
        from app.bundles.export import export_review_bundle  # lazy: see the module docstring

        summary = export_review_bundle(
            store,
            self.paths,
            trainee_id,
            attempt_ids,
            destination,
            include_clip_media=include_clip_media,
            include_assessments=include_assessments,
            progress=progress,
            cancel=cancel,
        )
        return BundleResult(summary.message(), changed=False)

    def export_feedback(
        self,
        store: PracticeStore,
        supervisor_id: int,
        trainee_id: int,
        destination: Path,
        progress: Progress,
        cancel: Cancel,
    ) -> BundleResult:
        from app.bundles.export import export_feedback_bundle  # lazy: see the module docstring

        summary = export_feedback_bundle(
            store, supervisor_id, trainee_id, destination, progress=progress, cancel=cancel
        )
        held = f"It holds {_n(summary.ratings, 'rating')} and {_n(summary.comments, 'comment')}."
        return BundleResult(f"{summary.message()} {held}", changed=False)

    def import_review(
        self,
        store: PracticeStore,
        bundle: Path,
        progress: Progress,
        cancel: Cancel,
        identities: Identities | None = None,
    ) -> BundleResult:
        """A trainee whose name is taken here by someone else's id raises IdentityQuestion
        (app/bundles/identity.py): ask, then call again with the answer in `identities`."""
        from app.bundles.import_review import import_review_bundle  # lazy: see the module docstring

        summary = import_review_bundle(
            store, self.paths, bundle, progress=progress, cancel=cancel, identities=identities or {}
        )
        return BundleResult(summary.message(), summary.outcome.changed_anything)

    def import_feedback(
        self,
        store: PracticeStore,
        bundle: Path,
        progress: Progress,
        cancel: Cancel,
        identities: Identities | None = None,
    ) -> BundleResult:
        """As import_review: a reviewer's name clash raises IdentityQuestion first."""
        from app.bundles.import_feedback import import_feedback_bundle  # lazy: see the module docstring

        summary = import_feedback_bundle(
            store, self.paths, bundle, progress=progress, cancel=cancel, identities=identities or {}
        )
        return BundleResult(summary.message(), summary.outcome.changed_anything)
