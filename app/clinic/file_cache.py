"""Clinic mode: a recording not on this computer is fetched from the server into a private cache.

The file is streamed chunk by chunk into a 0600 staging file in the cache folder (0700), its size
and sha256 checked against the server's record, a compressed take decoded back to a 16-bit WAV
(as a bundle's take is on import, so the player, waveform and speech timing see what they always
see), and only then renamed into place. The cache keeps at most `cap_bytes`: the files used
longest ago go first (each use touches the file's time).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import uuid4

from app.bundles import audio
from app.bundles.errors import BundleError
from app.clinic.file_sync import assessment_take_key, attempt_key, clinic_mode, clip_key
from app.clips.files import STAGING_PREFIX, STAGING_SUFFIX
from app.private_files import create_private
from practice_db.errors import NotFoundError
from practice_db.stored_files import StoredFileDamagedError

if TYPE_CHECKING:
    from app.paths import DataPaths
    from practice_db.records import AttemptRecord, ClipRecord
    from practice_db.store import PracticeStore
    from practice_db.stored_files import StoredFileRecord

log = logging.getLogger(__name__)
CACHE_CAP_BYTES = 2 * 1024**3
WAV_GROWTH = 40  # a decoded take is ~14x its Opus size (mono) to ~28x (stereo); more is refused
STAGING = ".fetching-"
STALE_STAGING_S = 3600  # older than any fetch still under way


class FetchError(Exception):
    """A recording could not be brought to this computer. str(exc) is a plain sentence."""


NOT_ON_SERVER = (
    "This recording is not on the clinic's server yet; it may still be waiting on the computer it "
    "was made on."
)
DAMAGED = "The server's copy of this recording is damaged, so it was not played."
UNREACHABLE = "The clinic's server could not be reached to fetch this recording; try again in a moment."


@dataclass(frozen=True)
class CacheStats:
    files: int
    bytes: int


class RecordingCache:
    def __init__(self, paths: DataPaths, cap_bytes: int = CACHE_CAP_BYTES) -> None:
        self.folder = paths.cache
        self.cap_bytes = cap_bytes

    def _ensure(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):  # FAT: no permissions to set
            self.folder.chmod(0o700)
        stale = time.time() - STALE_STAGING_S
        for path in self.folder.glob(f"{STAGING}*"):  # a fetch cut short by a crash
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < stale:
                    path.unlink()

    def cached(self, name: str) -> Path | None:
        """The cached file, touched as just used; None if not cached."""
        path = self.folder / name
        if not path.is_file():
            return None
        with contextlib.suppress(OSError):
            os.utime(path)
        return path

    def fetch(self, store: PracticeStore, key: str, name: str, as_wav: bool) -> Path:
        """The file of `key`, from the cache or else from the server (checked, then cached)."""
        hit = self.cached(name)
        if hit is not None:
            return hit
        try:
            found = store.stored_files.info(key)
        except Exception as exc:
            log.warning("Could not look up %s: %s", key, exc)
            raise FetchError(UNREACHABLE) from exc
        if found is None:
            raise FetchError(NOT_ON_SERVER)
        self._ensure()
        staged = download(store, found, self.folder)
        try:
            if as_wav and audio.is_compressed(found.file_name):
                wav = self.folder / f"{STAGING}{uuid4().hex}.wav"  # decode_to_wav creates it, 0600
                try:
                    audio.decode_to_wav(
                        staged, wav, found.file_name, found.size_bytes * WAV_GROWTH + (1 << 20)
                    )
                except BundleError as exc:
                    wav.unlink(missing_ok=True)
                    raise FetchError(DAMAGED) from exc
                staged.unlink(missing_ok=True)
                staged = wav
            target = self.folder / name
            os.replace(staged, target)  # atomic: a player never sees half a file
        except BaseException:
            staged.unlink(missing_ok=True)
            raise
        self.evict(keep=target)
        return target

    def stats(self) -> CacheStats:
        files = self._files()
        return CacheStats(len(files), sum(size for _, size, _ in files))

    def _files(self) -> list[tuple[Path, int, float]]:
        found: list[tuple[Path, int, float]] = []
        if not self.folder.is_dir():
            return found
        for path in self.folder.iterdir():
            if path.name.startswith(STAGING):
                continue
            try:
                st = path.stat()
            except OSError:
                continue
            found.append((path, st.st_size, st.st_mtime))
        return found

    def evict(self, keep: Path | None = None) -> list[Path]:
        """Remove the files used longest ago until the cache fits its cap; never `keep`."""
        files = sorted(self._files(), key=lambda f: f[2])
        total = sum(size for _, size, _ in files)
        removed = []
        for path, size, _ in files:
            if total <= self.cap_bytes:
                break
            if path == keep:
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
                total -= size
        return removed


def download(
    store: PracticeStore, found: StoredFileRecord, folder: Path, prefix: str = STAGING, suffix: str = ""
) -> Path:
    """Stream a stored file's chunks into a new 0600 staging file in `folder` (same disk as its
    final place, so the rename is atomic), refusing it if its size or sha256 differ."""
    ending = suffix + Path(found.file_name).suffix.lower()
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=ending, dir=folder)
    os.close(fd)
    staged = Path(name)
    digest = hashlib.sha256()
    size = 0
    try:
        with create_private(staged) as out:
            for chunk in store.stored_files.read_chunks(found.key):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except Exception as exc:
        staged.unlink(missing_ok=True)
        log.warning("Fetching %s failed: %s", found.key, exc)
        if isinstance(exc, StoredFileDamagedError | NotFoundError):
            raise FetchError(DAMAGED) from exc
        raise FetchError(UNREACHABLE) from exc
    if size != found.size_bytes or digest.hexdigest() != found.sha256:
        staged.unlink(missing_ok=True)
        log.warning("Refused %s: its bytes do not match the server's record", found.key)
        raise FetchError(DAMAGED)
    return staged


# -- what the pages call (on a worker thread) ------------------------------------------------------
def attempt_recording(store: PracticeStore, paths: DataPaths, attempt: AttemptRecord) -> Path | None:
    """Where this attempt's recording can be played: the data folder's file when it is here (and
    always in solo mode), else a checked copy fetched from the server. None: it has no recording.
    Raises FetchError with a plain sentence."""
    if not attempt.recording_path:
        return None
    local = paths.home / attempt.recording_path
    if local.is_file() or not clinic_mode(store):
        return local
    return RecordingCache(paths).fetch(store, attempt_key(attempt.uuid), f"attempt-{attempt.uuid}.wav", True)


def assessment_take_recording(
    store: PracticeStore, paths: DataPaths, take_id: int, recording_path: str | None
) -> Path | None:
    """As attempt_recording, for an assessment take known by its id (the blind rating view)."""
    if not recording_path:
        return None
    local = paths.home / recording_path
    if local.is_file() or not clinic_mode(store):
        return local
    ref = store.stored_files.take_ref("assessment_take", take_id)
    if ref is None:
        raise FetchError(NOT_ON_SERVER)
    return RecordingCache(paths).fetch(
        store, assessment_take_key(ref.uuid), f"assessment_take-{ref.uuid}.wav", True
    )


def clip_media(store: PracticeStore, paths: DataPaths, clip: ClipRecord) -> Path | None:
    """As attempt_recording, for a clip's file: fetched into the library's own place (clips are
    the library, like the starter pack, so they are not evicted) and checked against its hash."""
    if not clip.media_path:
        return None
    local = paths.home / clip.media_path
    if local.is_file() or not clinic_mode(store):
        return local
    try:
        found = store.stored_files.info(clip_key(clip.content_hash))
    except Exception as exc:
        raise FetchError(UNREACHABLE) from exc
    if found is None or found.sha256 != clip.content_hash:
        raise FetchError(NOT_ON_SERVER.replace("recording", "clip"))
    local.parent.mkdir(parents=True, exist_ok=True)
    # Named as an import's copy, so start-up's remove_stale_staging clears one a crash left.
    staged = download(store, found, local.parent, STAGING_PREFIX, STAGING_SUFFIX)
    os.replace(staged, local)
    return local


@dataclass(frozen=True)
class ClipFetchReport:
    fetched: int
    unavailable: int  # not on the server (yet), or not fetched this time


def fetch_missing_clips(
    store: PracticeStore, paths: DataPaths, clips: Sequence[ClipRecord]
) -> ClipFetchReport:
    """File worker, clinic mode: bring the library's clips added on other computers to this one,
    so they play here like any other (Rehearse, the assessment, the Library's preview)."""
    if not clinic_mode(store):
        return ClipFetchReport(0, 0)
    fetched = unavailable = 0
    for clip in clips:
        if not clip.media_path or (paths.home / clip.media_path).is_file():
            continue
        try:
            clip_media(store, paths, clip)
        except (FetchError, OSError) as exc:  # tried again at the next list load
            log.info("Clip %s not fetched: %s", clip.content_hash, exc)
            unavailable += 1
        else:
            fetched += 1
    return ClipFetchReport(fetched, unavailable)
