"""Write bundles: a trainee's attempts for review, or a supervisor's feedback on them.

The file is written next to its destination as `<name>.part` and renamed only when complete, so a
cancelled or failed export never leaves a half-written bundle behind.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import __version__
from app.bundles import assessment_export, audio, codec
from app.bundles.encoding import TakeEncoder, Tally
from app.bundles.errors import BundleCancelled, BundleError
from app.bundles.file_format import FORMAT, FORMAT_VERSION, MANIFEST_NAME, SUFFIX
from app.bundles.manifest import KIND_FEEDBACK, KIND_REVIEW
from app.bundles.safe_zip import CHUNK
from app.file_sizes import format_size
from app.paths import DataPaths
from app.private_files import create_private
from practice_db.errors import StorageError
from practice_db.timeutil import utcnow
from practice_db.transfer.records import TransferSnapshot

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
RECORDING_SUFFIXES = (".wav", ".flac", ".ogg")
MEMBER_OVERHEAD = 120  # local + central headers per member, plus the name twice (estimate only)


@dataclass(frozen=True)
class BundlePlan:
    """What a bundle will hold; `estimate_size` and the writers share it."""

    manifest: dict[str, Any]
    files: tuple[tuple[str, Path], ...]  # (member name, source file)
    skipped_attempt_ids: tuple[int, ...]  # chosen, but the recording is not on this computer
    # Members written compressed from their WAV source: (member, codec, upper bound of its bytes).
    # Any other member is copied as it is.
    encoded: tuple[tuple[str, audio.Codec, int], ...] = ()

    @property
    def manifest_bytes(self) -> bytes:
        return json.dumps(self.manifest, ensure_ascii=False, indent=1).encode("utf-8")

    def codec(self, member: str) -> audio.Codec | None:
        return next((c for m, c, _ in self.encoded if m == member), None)

    def member_size(self, member: str, source: Path) -> int:
        """Exact for a file stored as it is; an upper bound for a take compressed on the way."""
        bound = next((b for m, _, b in self.encoded if m == member), None)
        return source.stat().st_size if bound is None else bound

    def size(self) -> int:
        """Bytes the bundle will take: an upper bound (takes are compressed while it is written)."""
        names = [MANIFEST_NAME] + [member for member, _ in self.files]
        overhead = sum(MEMBER_OVERHEAD + 2 * len(n.encode()) for n in names) + 22
        try:
            files = sum(self.member_size(member, src) for member, src in self.files)
        except OSError as exc:
            raise BundleError(f"A file to send could not be read ({exc.strerror or 'unreadable'}).") from exc
        return len(self.manifest_bytes) + files + overhead


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    size: int
    attempts: int
    ratings: int
    comments: int
    skipped_attempt_ids: tuple[int, ...]
    assessments: int = 0  # sittings in a review bundle
    assessment_ratings: int = 0  # a rater's ratings in a feedback bundle

    def message(self) -> str:
        text = f"Saved {self.path.name} ({format_size(self.size)})."
        if self.assessments:
            text += f" It includes {self.assessments} assessment{'s' if self.assessments > 1 else ''}."
        if self.assessment_ratings:
            n = self.assessment_ratings
            text += f" It includes {n} assessment rating{'s' if n > 1 else ''}."
        if self.skipped_attempt_ids:
            n = len(self.skipped_attempt_ids)
            were = "were" if n > 1 else "was"
            text += (
                f" {n} attempt{'s' if n > 1 else ''} had no playable recording on this computer and "
                f"{were} left out."
            )
        return text


def suggested_name(kind: str, person: str, day: date | None = None) -> str:
    """A file name for the save dialog, e.g. practice-room-review-Dana-Lee-2024-05-01.prbundle."""
    safe = re.sub(r"[^A-Za-z0-9]+", "-", person).strip("-")[:40] or "profile"
    return f"practice-room-{kind}-{safe}-{(day or date.today()).isoformat()}{SUFFIX}"


def _snapshot(
    store: PracticeStore, trainee_id: int, ids: Sequence[int] | None, rater: int
) -> TransferSnapshot:
    try:
        return store.transfer.snapshot(trainee_id, ids, rater)
    except StorageError as exc:
        raise BundleError(str(exc)) from exc


def _header(kind: str, snap: TransferSnapshot) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kind": kind,
        "created_at": codec.stamp(utcnow()),
        "app_version": __version__,
        "trainee": codec.person(snap.trainee),
    }


def plan_review(
    store: PracticeStore,
    paths: DataPaths,
    trainee_id: int,
    attempt_ids: Sequence[int],
    include_clip_media: bool,
    include_assessments: bool = True,
) -> BundlePlan:
    snap = _snapshot(store, trainee_id, attempt_ids, trainee_id)
    part = assessment_export.AssessmentPart()
    if include_assessments:
        listed = {c.uuid for c in snap.clips if any(a.clip_id == c.id for a in snap.attempts)}
        part = assessment_export.review_part(store, paths, trainee_id, snap.trainee.uuid, listed)
    if not attempt_ids and not part.sittings:
        raise BundleError("Choose at least one attempt to send.")
    clips = {c.id: c for c in snap.clips}
    files: list[tuple[str, Path]] = []
    encoded: list[tuple[str, audio.Codec, int]] = []
    attempts, skipped = [], []
    for attempt in snap.attempts:
        source = paths.home / attempt.recording_path if attempt.recording_path else None
        if source is None or source.suffix.lower() not in RECORDING_SUFFIXES or not source.is_file():
            skipped.append(attempt.id)
            continue
        shape = audio.shape_of(source)
        if shape is None:  # it would be refused on the other side: leave it out, say so
            skipped.append(attempt.id)
            continue
        how = audio.codec_for(shape)
        member = f"recordings/{attempt.uuid}{audio.SUFFIX[how]}"
        files.append((member, source))
        encoded.append((member, how, audio.estimate_bytes(shape, how, source.stat().st_size)))
        attempts.append(codec.attempt_entry(attempt, clips[attempt.clip_id].uuid, member))
    if not attempts and not part.sittings:
        raise BundleError(
            "None of the chosen attempts has its recording on this computer, so there is nothing to send."
        )
    kept = {a.id for a in snap.attempts} - set(skipped)
    clip_entries: list[dict[str, Any]] = []
    for clip_id in sorted({a.clip_id for a in snap.attempts if a.id in kept}):
        clip, media_member = clips[clip_id], None
        media = paths.home / clip.media_path if clip.media_path else None
        if include_clip_media and media is not None and media.is_file():
            suffix = media.suffix.lower()
            if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix):
                media_member = f"clips/{clip.uuid}{suffix}"
                files.append((media_member, media))
        clip_entries.append(codec.clip_entry(clip, media_member))
    me = snap.trainee.uuid
    manifest = _header(KIND_REVIEW, snap) | {
        "includes_clip_media": include_clip_media,
        "clips": clip_entries,
        "attempts": attempts,
        "ratings": [
            codec.rating_entry(r, snap.attempt_uuid(r.attempt_id), me)
            for r in snap.ratings
            if r.attempt_id in kept
        ],
        "comments": [
            codec.comment_entry(c, snap.attempt_uuid(c.attempt_id), me)
            for c in snap.comments
            if c.attempt_id in kept
        ],
    }
    manifest |= part.sections  # optional sections: only when there are sittings to send
    files += part.files
    encoded += part.encoded
    return BundlePlan(manifest, tuple(files), tuple(skipped), tuple(encoded))


def estimate_size(
    store: PracticeStore,
    paths: DataPaths,
    trainee_id: int,
    attempt_ids: Sequence[int],
    include_clip_media: bool = False,
    include_assessments: bool = True,
) -> int:
    """Bytes a review bundle of these attempts would take (to show before writing)."""
    return plan_review(store, paths, trainee_id, attempt_ids, include_clip_media, include_assessments).size()


def export_review_bundle(
    store: PracticeStore,
    paths: DataPaths,
    trainee_id: int,
    attempt_ids: Sequence[int],
    destination: Path,
    *,
    include_clip_media: bool = False,
    include_assessments: bool = True,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ExportSummary:
    plan = plan_review(store, paths, trainee_id, attempt_ids, include_clip_media, include_assessments)
    return _write(plan, destination, progress, cancel)


def plan_feedback(
    store: PracticeStore, supervisor_id: int, trainee_id: int, attempt_ids: Sequence[int] | None = None
) -> BundlePlan:
    snap = _snapshot(store, trainee_id, attempt_ids, supervisor_id)
    supervisor = snap.profiles.get(supervisor_id)
    if supervisor is None or not supervisor.is_supervisor or supervisor_id == trainee_id:
        raise BundleError("Only a supervisor profile can send feedback on someone else's attempts.")
    ratings = [r for r in snap.ratings if r.rater_role == "supervisor"]
    rated = assessment_export.feedback_ratings(store, supervisor_id, supervisor.uuid, trainee_id)
    if not ratings and not snap.comments and not rated:
        raise BundleError(
            f"There is no feedback from {supervisor.name} on {snap.trainee.name}'s attempts to send yet."
        )
    manifest = _header(KIND_FEEDBACK, snap) | {
        "supervisor": codec.person(supervisor),
        "clips": [],
        "attempts": [],
        "ratings": [codec.rating_entry(r, snap.attempt_uuid(r.attempt_id), supervisor.uuid) for r in ratings],
        "comments": [
            codec.comment_entry(c, snap.attempt_uuid(c.attempt_id), supervisor.uuid) for c in snap.comments
        ],
    }
    if rated:  # optional section: a rater's assessment ratings go back to the trainee
        manifest["assessment_ratings"] = rated
    return BundlePlan(manifest, (), ())


def export_feedback_bundle(
    store: PracticeStore,
    supervisor_id: int,
    trainee_id: int,
    destination: Path,
    *,
    attempt_ids: Sequence[int] | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ExportSummary:
    """The supervisor's ratings and comments on this trainee's attempts (all, or the chosen ones)."""
    return _write(plan_feedback(store, supervisor_id, trainee_id, attempt_ids), destination, progress, cancel)


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=utcnow().timetuple()[:6])
    info.external_attr = 0o600 << 16  # a plain file, private to whoever unpacks it
    return info


def _write(
    plan: BundlePlan, destination: Path, progress: Progress | None, cancel: Cancel | None
) -> ExportSummary:
    part = destination.with_name(destination.name + ".part")
    manifest = plan.manifest_bytes
    tally = Tally(plan.size(), progress)
    try:
        jobs = [(m, src, c, plan.member_size(m, src)) for m, src in plan.files if (c := plan.codec(m))]
        with (
            create_private(part) as raw,  # it holds their voice
            zipfile.ZipFile(raw, "w") as zf,
            TakeEncoder(jobs, tally, cancel) as encoder,  # takes compress ahead, on a few threads
        ):
            info = _member(MANIFEST_NAME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, manifest)
            tally.set(MANIFEST_NAME, len(manifest))
            for name, source in plan.files:
                info = _member(name)  # stored: compressed audio and video don't shrink further
                if plan.codec(name) is not None:
                    zf.writestr(info, encoder.result(name))
                    continue
                big, done = source.stat().st_size >= 1 << 31, 0
                with source.open("rb") as fh, zf.open(info, "w", force_zip64=big) as out:
                    while chunk := fh.read(CHUNK):
                        if cancel is not None and cancel():
                            raise BundleCancelled("Export cancelled; no bundle was written.")
                        out.write(chunk)
                        done += len(chunk)
                        tally.set(name, done)
        with part.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(part, destination)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise BundleError(f"The bundle could not be written ({exc.strerror or 'write error'}).") from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    if progress is not None:
        progress(tally.total, tally.total)
    m = plan.manifest
    return ExportSummary(
        destination,
        destination.stat().st_size,
        len(m["attempts"]),
        len(m["ratings"]),
        len(m["comments"]),
        plan.skipped_attempt_ids,
        len(m.get("assessments", ())),
        len(m.get("assessment_ratings", ())) if m["kind"] == KIND_FEEDBACK else 0,
    )
