"""Is this file a playable clip? Asked of libvlc before a file enters the library (Qt-free).

Parsing reads the header: the tracks, and a length that is only a guess for streams without an
index (a long low-bitrate or VBR MP3 is guessed from its first frames). Then the whole file is
decoded once, headless and unpaced (`full_decode.py`): that finds damage in the middle, a file cut
short, a picture stored as a video, and gives the length that is stored.
"""

from __future__ import annotations

import logging
import os
import stat
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from media.constants import AUDIO_EXTENSIONS, HEADLESS_VLC_ARGS, VIDEO_EXTENSIONS
from media.playback.full_decode import (
    DecodeReport,
    DecoderUnavailableError,
    FullDecoder,
    ProgressFn,
)
from media.playback.libvlc_probe import open_libvlc

log = logging.getLogger(__name__)

# Types people meet in practice (phones, camcorders, Windows, old Macs); libvlc decodes all of them.
_MORE_AUDIO = frozenset({".aac", ".aif", ".aiff", ".wma", ".oga", ".mka"})
_MORE_VIDEO = frozenset({".3gp", ".mpg", ".mpeg", ".wmv", ".ogv", ".mts", ".m2ts", ".ts", ".flv"})
IMPORTABLE_VIDEO: frozenset[str] = VIDEO_EXTENSIONS | _MORE_VIDEO
IMPORTABLE_EXTENSIONS: frozenset[str] = AUDIO_EXTENSIONS | _MORE_AUDIO | IMPORTABLE_VIDEO
# Archives people send clips in: they are not read, the user is asked to unpack them.
ARCHIVE_EXTENSIONS: frozenset[str] = frozenset(
    {".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".cab", ".iso"}
)
MIN_DURATION_MS = 300  # shorter than this is a click, not a client speaking
PARSE_TIMEOUT_S = 10.0
# Types whose header length is a guess (no index): their decoded length is never "cut short".
GUESSED_LENGTH = frozenset({".mp3", ".aac", ".ts", ".mts", ".m2ts", ".mpg", ".mpeg"})
CUT_SHORT_MS = 1000  # decoded this much (and 10 %) shorter than the index says: the file is cut
PROBE_VLC_ARGS: tuple[str, ...] = (*HEADLESS_VLC_ARGS, "--quiet", "--no-video-title-show", "--no-spu")

MSG_MISSING = "The file is not there any more (it may have been moved or deleted)."
MSG_FOLDER = "This is a folder, not a file."
MSG_UNREADABLE = "The file could not be opened: you do not have permission to read it."
MSG_EMPTY = "The file is empty (0 bytes), so there is nothing to play."
MSG_TEXT = "This is a text file, not a sound or video recording (perhaps it was renamed)."
MSG_NO_TRACKS = "No sound or picture could be found in this file. It may be damaged or not really a {kind}."
MSG_UNDECODABLE = "This file is damaged or in a format this computer cannot play."
MSG_TOO_SHORT = "The recording is too short to use (under a third of a second)."
MSG_CUT_SHORT = "The file stops before its end: it looks cut short, perhaps by an unfinished download."
MSG_DAMAGED = (
    "Part of this file is damaged: its sound or picture breaks up in the middle. "
    "Please import an undamaged copy."
)
MSG_PICTURE = "This is a still picture saved as a video: it has no sound and nothing in it moves."
MSG_NOT_A_FILE = "This is not an ordinary file (it may be a pipe or a device), so it was not read."
MSG_ARCHIVE = "This is an archive ({suffix}), not a recording: unzip it first, then import what it holds."
MSG_NO_VLC = "Clips cannot be checked because this computer's media player (VLC) is not available."


def msg_unsupported(suffix: str) -> str:
    kind = f"“{suffix}” files" if suffix else "Files without a type ending"
    return f"{kind} are not audio or video recordings that Practice Room can use."


class UnplayableClipError(Exception):
    """str(exc) is a plain sentence for the user saying why the file cannot be a clip."""


@dataclass(frozen=True)
class MediaInfo:
    duration_ms: int | None
    has_video: bool
    has_audio: bool


def looks_like_text(head: bytes) -> bool:
    """True for bytes that are plainly text (notes, subtitles, a renamed .txt); media never is."""
    if not head or b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(ch.isprintable() or ch in "\r\n\t\f" for ch in text)


def check_source_file(path: Path) -> int:
    """Cheap checks before any copying; returns the size in bytes or raises UnplayableClipError."""
    try:
        info = path.stat()  # follows links: a link to a clip is a clip
    except FileNotFoundError as exc:
        raise UnplayableClipError(MSG_MISSING) from exc
    except PermissionError as exc:
        raise UnplayableClipError(MSG_UNREADABLE) from exc
    if stat.S_ISDIR(info.st_mode):
        raise UnplayableClipError(MSG_FOLDER)
    if not stat.S_ISREG(info.st_mode):  # opening a named pipe would wait for a writer forever
        raise UnplayableClipError(MSG_NOT_A_FILE)
    size = info.st_size
    if path.suffix.lower() in ARCHIVE_EXTENSIONS:
        raise UnplayableClipError(MSG_ARCHIVE.format(suffix=path.suffix.lower()))
    if path.suffix.lower() not in IMPORTABLE_EXTENSIONS:
        raise UnplayableClipError(msg_unsupported(path.suffix.lower()))
    if size == 0:
        raise UnplayableClipError(MSG_EMPTY)
    try:
        with path.open("rb") as fh:
            head = fh.read(512)
    except PermissionError as exc:
        raise UnplayableClipError(MSG_UNREADABLE) from exc
    except OSError as exc:
        raise UnplayableClipError(f"The file could not be read ({exc.strerror or exc}).") from exc
    if looks_like_text(head):
        raise UnplayableClipError(MSG_TEXT)
    return size


class MediaProber:
    """Holds headless libvlc instances (slow to create) for many probes; use from one thread at a time."""

    def __init__(self, instance_args: Sequence[str] = PROBE_VLC_ARGS) -> None:
        self._args = tuple(instance_args)
        self._instance: Any = None
        self._decoder = FullDecoder()
        self._lock = threading.Lock()

    def probe(
        self,
        path: str | os.PathLike[str],
        progress: ProgressFn | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> MediaInfo:
        """Raise UnplayableClipError unless the whole file decodes; the length returned is the decoded one.

        progress(0..1) is called from this thread or libvlc's while decoding; full_decode's
        DecodeCancelledError is raised when cancelled() turns true.
        """
        p = Path(path)
        check_source_file(p)
        with self._lock:
            guess = self._parse(self._open(), p)
            try:
                report = self._decoder.decode(
                    p, guess.duration_ms, progress, cancelled, p.suffix.lower() in GUESSED_LENGTH
                )
            except DecoderUnavailableError as exc:
                raise UnplayableClipError(f"{MSG_NO_VLC} ({exc})") from exc
            return judge(p, guess, report)

    def close(self) -> None:
        with self._lock:
            if self._instance is not None:
                self._instance.release()
                self._instance = None
            self._decoder.close()

    def _open(self) -> Any:
        if self._instance is None:
            instance, status = open_libvlc(self._args)
            if instance is None:
                raise UnplayableClipError(f"{MSG_NO_VLC} ({status.reason})")
            self._instance = instance
        return self._instance

    @staticmethod
    def _parse(instance: Any, path: Path) -> MediaInfo:
        import vlc

        media = instance.media_new_path(os.fspath(path))
        try:
            media.parse_with_options(vlc.MediaParseFlag.local, int(PARSE_TIMEOUT_S * 1000))
            deadline = time.monotonic() + PARSE_TIMEOUT_S + 1
            while media.get_parsed_status() == 0 and time.monotonic() < deadline:
                time.sleep(0.01)
            if media.get_parsed_status() != vlc.MediaParsedStatus.done:
                raise UnplayableClipError(MSG_UNDECODABLE)
            kinds = {track.type for track in media.tracks_get() or ()}
            has_video = vlc.TrackType.video in kinds
            has_audio = vlc.TrackType.audio in kinds
            if not (has_video or has_audio):
                kind = "video" if path.suffix.lower() in IMPORTABLE_VIDEO else "sound file"
                raise UnplayableClipError(MSG_NO_TRACKS.format(kind=kind))
            duration = int(media.get_duration())
        finally:
            media.release()
        # Only a guess (the decoded length decides what is too short).
        return MediaInfo(duration if duration > 0 else None, has_video, has_audio)


def judge(path: Path, guess: MediaInfo, report: DecodeReport) -> MediaInfo:
    """Turn what the whole decode found into the clip's facts, or a plain reason to refuse it."""
    if report.duration_ms <= 0 or report.stalled:
        raise UnplayableClipError(MSG_UNDECODABLE)
    indexed = path.suffix.lower() not in GUESSED_LENGTH
    expected = guess.duration_ms or 0
    missing = expected - report.duration_ms
    # A truncated file's decoder often complains too as its data runs out, and a damaged one may
    # stop early: where the decode got to decides. Far short of the header's length: cut short;
    # otherwise any complaint means damage in the middle.
    if indexed and missing > max(CUT_SHORT_MS, expected // 10):
        log.info("%s decoded %d ms of %d ms", path, report.duration_ms, expected)
        raise UnplayableClipError(MSG_CUT_SHORT)
    if report.damage is not None:
        raise UnplayableClipError(MSG_DAMAGED)
    if not report.ended:
        raise UnplayableClipError(MSG_CUT_SHORT)
    has_audio = report.audio_ms > 0
    has_video = report.video_frames > 0
    if has_video and not has_audio and (report.video_frames <= 1 or not report.moving):
        raise UnplayableClipError(MSG_PICTURE)
    if report.duration_ms < MIN_DURATION_MS:
        raise UnplayableClipError(MSG_TOO_SHORT)
    return MediaInfo(report.duration_ms, has_video, has_audio)
