"""A WAV writer that survives crashes: audio goes to `<final>.partial` with libsndfile's automatic
header update on (so a killed process leaves a file that soundfile *and* Python's `wave` read),
is fsynced about once a second, and is renamed to the final name only when the take is complete.
On a write error the file is closed and kept: whatever reached the disk is the user's work."""

from __future__ import annotations

import errno
import os
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np
import soundfile

from media.recording.audio_constants import CHANNELS, DISK_FULL_FREE_BYTES, FLUSH_INTERVAL_S, PARTIAL_SUFFIX

_SFC_SET_UPDATE_HEADER_AUTO = 0x1061  # libsndfile: rewrite the header after every write


class WriteError(OSError):
    """Writing the recording failed; the partial file was closed and kept."""


class DiskFullError(WriteError):
    """The disk filled up; the partial file holds everything recorded until then."""


def partial_path_for(final_path: Path) -> Path:
    return final_path.with_name(final_path.name + PARTIAL_SUFFIX)


PRIVATE_FILE = 0o600  # a recording of someone's voice: readable by them only


def create_private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 (failing if it exists) before libsndfile opens it for
    writing: it truncates an existing file and keeps its mode. Not via umask, which is process-wide."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    os.close(fd)
    try:
        os.chmod(path, PRIVATE_FILE)  # O_CREAT's mode is still masked by the umask
    except OSError:  # e.g. FAT: no permissions there
        pass


def fsync_directory(folder: Path) -> None:
    """Make a create or rename in `folder` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _disk_is_full(folder: Path, exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    try:
        return shutil.disk_usage(folder).free < DISK_FULL_FREE_BYTES
    except OSError:
        return False


class WavWriter:
    """Write PCM_16 WAV blocks to `<final_path>.partial`; `finish()` renames it to `final_path`.

    Not thread-safe: one thread (the recorder's writer thread) owns it.
    """

    def __init__(
        self,
        final_path: Path,
        samplerate: int,
        channels: int = CHANNELS,
        flush_interval_s: float = FLUSH_INTERVAL_S,
    ) -> None:
        self.final_path = Path(final_path)
        self.partial_path = partial_path_for(self.final_path)
        self.samplerate = samplerate
        self.frames = 0
        self._flush_interval_s = flush_interval_s
        # Never overwrite a reply, finished or not.
        for existing in (self.final_path, self.partial_path):
            if existing.exists():
                raise FileExistsError(
                    errno.EEXIST, "A recording with this name already exists", str(existing)
                )
        self.final_path.parent.mkdir(parents=True, exist_ok=True)
        create_private_file(self.partial_path)
        self._file: Any = soundfile.SoundFile(
            str(self.partial_path),
            "w",
            samplerate=samplerate,
            channels=channels,
            format="WAV",
            subtype="PCM_16",
        )
        soundfile._snd.sf_command(self._file._file, _SFC_SET_UPDATE_HEADER_AUTO, soundfile._ffi.NULL, 1)
        fsync_directory(self.final_path.parent)
        self._last_flush = time.monotonic()
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def write(self, block: np.ndarray) -> None:
        """Append int16 (or float) frames. Raises DiskFullError / WriteError after closing the file."""
        try:
            self._file.write(block)
            self.frames += len(block)
            now = time.monotonic()
            if now - self._last_flush >= self._flush_interval_s:
                self._file.flush()  # sf_write_sync: fsync of the file
                self._last_flush = now
        except (soundfile.LibsndfileError, OSError) as exc:
            self.abandon()
            self.frames = self._frames_on_disk()
            if _disk_is_full(self.final_path.parent, exc):
                raise DiskFullError(
                    errno.ENOSPC,
                    "The disk is full, so recording stopped. Everything up to that moment was kept. "
                    "Free some space and try again.",
                    str(self.partial_path),
                ) from exc
            raise WriteError(
                errno.EIO,
                f"Recording stopped because the file could not be written ({exc}). "
                "Everything up to that moment was kept.",
                str(self.partial_path),
            ) from exc

    def _frames_on_disk(self) -> int:
        # After a failed write part of the block may have landed; the (auto-updated) header says.
        try:
            return int(soundfile.info(str(self.partial_path)).frames)
        except Exception:  # noqa: BLE001 - header unreadable: keep our own count
            return self.frames

    def abandon(self) -> Path:
        """Close and keep the partial file (error paths). close() itself does not raise."""
        if not self._closed:
            self._closed = True
            try:
                self._file.close()
            except Exception:  # noqa: BLE001 - an error path: closing must not raise
                pass
        return self.partial_path

    def finish(self) -> Path:
        """Close, fsync, and atomically rename the partial file to the final name."""
        if self._closed:
            raise WriteError(errno.EBADF, "The recording file was already closed.", str(self.partial_path))
        try:
            self._file.flush()
        except Exception:  # noqa: BLE001 - best effort: the file is closed and kept anyway
            pass
        self.abandon()
        os.replace(self.partial_path, self.final_path)
        fsync_directory(self.final_path.parent)
        return self.final_path

    def discard(self) -> None:
        """Close and delete the partial file (only when the user asked to throw the take away)."""
        self.abandon()
        self.partial_path.unlink(missing_ok=True)
