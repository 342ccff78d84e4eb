"""Clinic mode: recordings reach the server as the bundles carry them (Ogg Opus, FLAC otherwise).

A take is uploaded right after it is saved; an own clip right after it is imported (its original
bytes). An upload that fails (the server went away) loses nothing: the take stays in the data
folder and `upload_pending` sends it later: the window calls it at clinic sign-in and whenever the
server is reachable again (ui/clinic/uploads.py), on the upload thread.
In solo mode (SQLite) nothing here does anything.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.paths import DataPaths
    from practice_db.assessment.records import AssessmentTakeRecord
    from practice_db.deletion.records import DeletedRows
    from practice_db.records import AttemptRecord, ClipRecord
    from practice_db.store import PracticeStore
    from practice_db.stored_files import StoredFileRecord, TakeFileRef

log = logging.getLogger(__name__)
READ_BYTES = 1 << 20  # a clip is sent in pieces of this size, never read whole


class UploadError(Exception):
    """A recording could not be sent to the server. str(exc) is a plain sentence."""


@dataclass(frozen=True)
class UploadReport:
    uploaded: tuple[str, ...]  # keys now on the server
    failed: tuple[str, ...]  # keys still waiting (their files stay on this computer)
    missing: tuple[str, ...]  # keys whose file is not on this computer (nothing to send from here)


def clinic_mode(store: PracticeStore) -> bool:
    """Files live on the server only when the store is a clinic's PostgreSQL server."""
    return store.engine.dialect.name == "postgresql"


def attempt_key(uuid: str) -> str:
    return f"attempt:{uuid}"


def assessment_take_key(uuid: str) -> str:
    return f"assessment_take:{uuid}"


def clip_key(content_hash: str) -> str:
    return f"clip:{content_hash}"


def upload_take(store: PracticeStore, home: Path, ref: TakeFileRef) -> StoredFileRecord:
    """Compress one take as the bundles do and store it under its key; raises UploadError."""
    from app.bundles import audio  # soundfile: loaded by the first upload, not by the window
    from app.bundles.errors import BundleError

    source = home / ref.recording_path
    shape = audio.shape_of(source)
    if shape is None:
        raise UploadError(f"The recording {source.name} cannot be read, so it was not sent to the server.")
    codec = audio.codec_for(shape)
    try:
        packed = audio.encode(source, codec)
    except BundleError as exc:
        raise UploadError(f"The recording {source.name} could not be compressed for the server.") from exc
    media_type = "audio/ogg" if codec == "opus" else "audio/flac"
    name = Path(ref.recording_path).with_suffix(audio.SUFFIX[codec]).name
    view = memoryview(packed)
    pieces = (bytes(view[i : i + READ_BYTES]) for i in range(0, len(packed), READ_BYTES))
    return _put(store, ref.key, ref.kind, ref.profile_id, media_type, name, pieces)


def upload_clip(store: PracticeStore, home: Path, clip: ClipRecord) -> StoredFileRecord | None:
    """An own clip's original file under "clip:<content hash>" (once: a clip already on the
    server is not sent again). None when the clip has no file here."""
    key = clip_key(clip.content_hash)
    try:
        found = store.stored_files.info(key)
    except Exception as exc:
        raise UploadError("The clip could not reach the server; it is kept on this computer.") from exc
    if found is not None:
        return found
    source = home / clip.media_path if clip.media_path else None
    if source is None or not source.is_file():
        return None
    media_type = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
    # Filed under its owner: the clinic's server lets a person store files only as themselves
    # (a clinic clip with no owner is a supervisor's to store).
    owner = clip.owner_profile_id
    return _put(store, key, "clip", owner, media_type, source.name, _read(source))


def _read(path: Path) -> Iterator[bytes]:
    with path.open("rb") as fh:
        yield from iter(lambda: fh.read(READ_BYTES), b"")


def _put(
    store: PracticeStore,
    key: str,
    kind: str,
    profile_id: int | None,
    media_type: str,
    name: str,
    pieces: Iterator[bytes],
) -> StoredFileRecord:
    try:
        return store.stored_files.put(key, kind, profile_id, media_type, name, pieces)
    except UploadError:
        raise
    except Exception as exc:  # the server went away, a permission, a full disk there
        log.warning("Upload of %s failed: %s", key, exc)
        raise UploadError("The recording could not reach the server; it is kept on this computer.") from exc


# -- hooks: called where a take is saved or a clip imported (never raise: the take is saved) --------
def after_attempt_saved(store: PracticeStore, home: Path, attempt: AttemptRecord) -> bool:
    """Send a just-saved practice take; True if it reached the server. Solo mode: False."""
    if (
        not clinic_mode(store)
        or attempt.status not in ("complete", "recovered")
        or not attempt.recording_path
    ):
        return False
    from practice_db.stored_files import TakeFileRef

    ref = TakeFileRef("attempt", attempt.uuid, attempt.profile_id, attempt.recording_path)
    return _quietly(store, home, ref)


def after_assessment_take_saved(store: PracticeStore, home: Path, take: AssessmentTakeRecord) -> bool:
    """Send a just-saved assessment take; True if it reached the server. Solo mode: False."""
    if not clinic_mode(store) or take.status not in ("complete", "recovered") or not take.recording_path:
        return False
    ref = store.stored_files.take_ref("assessment_take", take.id)
    return ref is not None and _quietly(store, home, ref)


def after_clip_imported(store: PracticeStore, home: Path, clip: ClipRecord) -> bool:
    """Send a just-imported own clip; True if it is on the server. Solo mode: False."""
    if not clinic_mode(store):
        return False
    from app.clinic.upload_queue import UPLOADS

    try:
        sent = upload_clip(store, home, clip) is not None
    except Exception:
        log.exception("Clip %s stays on this computer until the next upload", clip.content_hash)
        UPLOADS.mark(clip_key(clip.content_hash), sent=False)
        return False
    UPLOADS.mark(clip_key(clip.content_hash), sent=True)
    return sent


def in_background(
    store: PracticeStore, hook: Callable[[PracticeStore, Path, Any], bool], home: Path, item: Any
) -> None:
    """Clinic mode: run one of the hooks above on the upload thread (app/clinic/upload_queue.py);
    solo mode: nothing, not even a thread."""
    if clinic_mode(store):
        from app.clinic.upload_queue import UPLOADS

        UPLOADS.submit(lambda: hook(store, home, item))


def _quietly(store: PracticeStore, home: Path, ref: TakeFileRef) -> bool:
    from app.clinic.upload_queue import UPLOADS

    try:
        upload_take(store, home, ref)
    except Exception:  # kept on disk; upload_pending sends it later
        log.exception("Take %s stays on this computer until the next upload", ref.key)
        UPLOADS.mark(ref.key, sent=False)
        return False
    UPLOADS.mark(ref.key, sent=True)
    return True


# -- the retry loop's side (the outbox calls these) -------------------------------------------------
def pending_uploads(store: PracticeStore, paths: DataPaths, profile_id: int) -> list[TakeFileRef]:
    """This person's takes whose file is on this computer but not (completely) on the server."""
    if not clinic_mode(store):
        return []
    refs = [
        r
        for r in store.stored_files.takes_with_recordings(profile_id)
        if (paths.home / r.recording_path).is_file()
    ]
    done = store.stored_files.complete_keys(r.key for r in refs)
    return [r for r in refs if r.key not in done]


def pending_clip_uploads(
    store: PracticeStore, paths: DataPaths, owner: int | None = None
) -> list[ClipRecord]:
    """Clips imported on this computer (their file is here) that the server does not have; with
    `owner`, only that person's own clips (the server lets a person store only their own)."""
    if not clinic_mode(store):
        return []
    clips = store.clips.list(include_hidden=True, include_assessment=True)
    own = [
        c
        for c in clips
        if c.source == "imported"
        and (owner is None or c.owner_profile_id == owner)
        and c.media_path
        and (paths.home / c.media_path).is_file()
    ]
    done = store.stored_files.complete_keys(clip_key(c.content_hash) for c in own)
    return [c for c in own if clip_key(c.content_hash) not in done]


def upload_pending(store: PracticeStore, paths: DataPaths, profile_id: int) -> UploadReport:
    """Send every pending take of this person and every pending own clip, one by one; a failure
    leaves that file pending and moves on (a server that is gone fails fast on each). Raises
    UploadError only when the server can't even be asked what is pending."""
    uploaded: list[str] = []
    failed: list[str] = []
    missing: list[str] = []
    try:
        takes = pending_uploads(store, paths, profile_id)
        clips = pending_clip_uploads(store, paths, profile_id)
    except Exception as exc:
        raise UploadError("The clinic's server could not be reached; the recordings wait here.") from exc
    for clip in clips:
        try:
            upload_clip(store, paths.home, clip)
        except UploadError:
            failed.append(clip_key(clip.content_hash))
        else:
            uploaded.append(clip_key(clip.content_hash))
    for ref in takes:
        if not (paths.home / ref.recording_path).is_file():
            missing.append(ref.key)
            continue
        try:
            upload_take(store, paths.home, ref)
        except UploadError:
            failed.append(ref.key)
        else:
            uploaded.append(ref.key)
    from app.clinic.upload_queue import UPLOADS

    for key in (*uploaded, *missing):
        UPLOADS.mark(key, sent=True)  # a missing file can't be sent from here: not counted as waiting
    for key in failed:
        UPLOADS.mark(key, sent=False)
    return UploadReport(tuple(uploaded), tuple(failed), tuple(missing))


# -- deletion made final (the trash emptied at close) ------------------------------------------------
def forget_deleted(store: PracticeStore, rows: DeletedRows) -> int:
    """Clinic mode: remove the server's copies of deleted attempts (and of a deleted own clip) once
    the deletion is final. Never raises: what stays behind goes with `forget_orphans` later."""
    if not clinic_mode(store):
        return 0
    keys = [attempt_key(u) for u in rows.attempt_uuids]
    if rows.clip is not None and rows.clip.get("content_hash"):
        keys.append(clip_key(str(rows.clip["content_hash"])))
    removed = 0
    for key in keys:
        try:
            removed += store.stored_files.delete(key)
        except Exception:
            log.exception("The server's copy of %s stays until the next sweep", key)
    return removed


def forget_orphans(store: PracticeStore, profile_id: int) -> int:
    """Clinic mode: this person's files on the server whose take no longer exists (never raises)."""
    if not clinic_mode(store):
        return 0
    try:
        return store.stored_files.remove_orphans(profile_id)
    except Exception:
        log.exception("Could not sweep the server's leftover recordings")
        return 0
