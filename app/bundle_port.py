"""Implements ui.bundle_port.BundlePort for one data folder by calling app/bundles.

app.bundles is imported inside each method, not at the top: the window builds this object at start-up,
and the bundle code (jsonschema, zip checks) is only needed once a bundle is sent or opened.

Turns BundleError into the UI's BundleRefused (the UI can't import app), and gathers the lists the
send dialogs show from the storage API.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from app.paths import DataPaths
from ui.bundle_port import (
    BundleRefused,
    BundleResult,
    BundleStopped,
    Cancel,
    Kind,
    Progress,
    SendableAttempt,
    TraineeChoice,
)

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

T = TypeVar("T")
REVIEWABLE = ("complete", "recovered")  # what a review bundle accepts (practice_db.transfer_queries)
EVER = datetime(1970, 1, 1, tzinfo=UTC)


def _plain(call: Callable[[], T]) -> T:
    from app import bundles  # lazy: see the module docstring

    try:
        return call()
    except bundles.BundleCancelled as exc:
        raise BundleStopped(str(exc)) from exc
    except bundles.BundleError as exc:
        raise BundleRefused(str(exc)) from exc


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class BundleWorkflow:
    suffix = ".prbundle"  # app.bundles.SUFFIX (tests/test_bundle_ui.py checks they agree)

    def __init__(self, paths: DataPaths) -> None:
        self.paths = paths

    def suggested_name(self, kind: Kind, person: str) -> str:
        from app import bundles  # lazy: see the module docstring

        return bundles.suggested_name(kind, person)

    def sendable_attempts(self, store: PracticeStore, trainee_id: int) -> list[SendableAttempt]:
        attempts = [a for a in store.attempts.for_profile(trainee_id) if a.status in REVIEWABLE]
        if not attempts:
            return []
        titles = {c.id: c.title for c in store.clips.list()}
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
        return sorted(by_trainee.values(), key=lambda t: t.name.casefold())

    def estimate(
        self, store: PracticeStore, trainee_id: int, attempt_ids: Sequence[int], include_clip_media: bool
    ) -> int:
        from app import bundles  # lazy: see the module docstring

        return _plain(
            lambda: bundles.estimate_size(store, self.paths, trainee_id, attempt_ids, include_clip_media)
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
    ) -> BundleResult:
        from app import bundles  # lazy: see the module docstring

        summary = _plain(
            lambda: bundles.export_review_bundle(
                store,
                self.paths,
                trainee_id,
                attempt_ids,
                destination,
                include_clip_media=include_clip_media,
                progress=progress,
                cancel=cancel,
            )
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
        from app import bundles  # lazy: see the module docstring

        summary = _plain(
            lambda: bundles.export_feedback_bundle(
                store, supervisor_id, trainee_id, destination, progress=progress, cancel=cancel
            )
        )
        held = f"It holds {_n(summary.ratings, 'rating')} and {_n(summary.comments, 'comment')}."
        return BundleResult(f"{summary.message()} {held}", changed=False)

    def import_review(
        self, store: PracticeStore, bundle: Path, progress: Progress, cancel: Cancel
    ) -> BundleResult:
        from app import bundles  # lazy: see the module docstring

        summary = _plain(
            lambda: bundles.import_review_bundle(store, self.paths, bundle, progress=progress, cancel=cancel)
        )
        return BundleResult(summary.message(), summary.outcome.changed_anything)

    def import_feedback(
        self, store: PracticeStore, bundle: Path, progress: Progress, cancel: Cancel
    ) -> BundleResult:
        from app import bundles  # lazy: see the module docstring

        summary = _plain(
            lambda: bundles.import_feedback_bundle(
                store, self.paths, bundle, progress=progress, cancel=cancel
            )
        )
        return BundleResult(summary.message(), summary.outcome.changed_anything)
