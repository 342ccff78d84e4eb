"""Is this file a playable clip? Asked of libvlc before a file enters the library (Qt-free).

Parsing alone is not enough: libvlc happily parses the header of a video whose second half is
missing (an unfinished download) and reports its full length. So after parsing we also decode a
moment at the start and a moment shortly before the end, headless (dummy audio and video output).
Measured on libvlc 3.0: for a truncated mp4/mkv the tail attempt ends at once without the clock ever
passing the requested start time, while for complete files the clock moves past it within ~0.5 s.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from media.constants import AUDIO_EXTENSIONS, HEADLESS_VLC_ARGS, VIDEO_EXTENSIONS
from media.playback.libvlc_probe import open_libvlc

# Types people meet in practice (phones, camcorders, Windows, old Macs); libvlc decodes all of them.
_MORE_AUDIO = frozenset({".aac", ".aif", ".aiff", ".wma", ".oga", ".mka"})
_MORE_VIDEO = frozenset({".3gp", ".mpg", ".mpeg", ".wmv", ".ogv", ".mts", ".m2ts", ".ts", ".flv"})
IMPORTABLE_VIDEO: frozenset[str] = VIDEO_EXTENSIONS | _MORE_VIDEO
IMPORTABLE_EXTENSIONS: frozenset[str] = AUDIO_EXTENSIONS | _MORE_AUDIO | IMPORTABLE_VIDEO
MIN_DURATION_MS = 300  # shorter than this is a click, not a client speaking
TAIL_CHECK_MIN_MS = 5000  # shorter clips are fully covered by the check at the start
TAIL_LEAD_MS = 2500  # how far before the end the second decode starts
PARSE_TIMEOUT_S = 10.0
DECODE_TIMEOUT_S = 6.0
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
        if path.is_dir():
            raise UnplayableClipError(MSG_FOLDER)
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise UnplayableClipError(MSG_MISSING) from exc
    except PermissionError as exc:
        raise UnplayableClipError(MSG_UNREADABLE) from exc
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
    """Holds one headless vlc.Instance (slow to create) for many probes; use from one thread at a time."""

    def __init__(self, instance_args: Sequence[str] = PROBE_VLC_ARGS) -> None:
        self._args = tuple(instance_args)
        self._instance: Any = None
        self._lock = threading.Lock()

    def probe(self, path: str | os.PathLike[str]) -> MediaInfo:
        """Raise UnplayableClipError unless the file holds sound or picture that decodes start to end."""
        p = Path(path)
        check_source_file(p)
        with self._lock:
            instance = self._open()
            info = self._parse(instance, p)
            if not self._decodes_from(instance, p, 0):
                raise UnplayableClipError(MSG_UNDECODABLE)
            if info.duration_ms is not None and info.duration_ms >= TAIL_CHECK_MIN_MS:
                if not self._decodes_from(instance, p, info.duration_ms - TAIL_LEAD_MS):
                    raise UnplayableClipError(MSG_CUT_SHORT)
            return info

    def close(self) -> None:
        with self._lock:
            if self._instance is not None:
                self._instance.release()
                self._instance = None

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
        if 0 <= duration < MIN_DURATION_MS:
            raise UnplayableClipError(MSG_TOO_SHORT)
        return MediaInfo(duration if duration > 0 else None, has_video, has_audio)

    @staticmethod
    def _decodes_from(instance: Any, path: Path, start_ms: int) -> bool:
        """Play headless from start_ms until the clock passes it (True) or playback gives up (False)."""
        import vlc

        media = instance.media_new_path(os.fspath(path))
        if start_ms > 0:
            media.add_option(f":start-time={start_ms / 1000:.3f}")
        player = instance.media_player_new()
        player.set_media(media)
        player.audio_set_mute(True)
        finished = threading.Event()
        passed = threading.Event()
        target = start_ms + 200  # the clock must really move, not just report the requested start

        # Runs on libvlc's event thread: only set flags here, never call back into libvlc.
        def on_time(event: Any) -> None:
            if int(event.u.new_time) >= target:
                passed.set()
                finished.set()

        def on_end(_event: Any) -> None:
            finished.set()

        events = player.event_manager()
        attached = [
            (vlc.EventType.MediaPlayerTimeChanged, on_time),
            (vlc.EventType.MediaPlayerEndReached, on_end),
            (vlc.EventType.MediaPlayerEncounteredError, on_end),
        ]
        for kind, callback in attached:
            events.event_attach(kind, callback)
        try:
            player.play()
            finished.wait(DECODE_TIMEOUT_S)
            if passed.is_set():
                return True
            if start_ms > 0 or not finished.is_set():
                return False
            # A short file can end before its clock is reported: count decoded frames instead.
            # libvlc updates these counters a little after the fact, hence the short wait.
            stats = vlc.MediaStats()
            deadline = time.monotonic() + 1.0
            while time.monotonic() < deadline:
                media.get_stats(stats)
                if int(stats.decoded_audio) + int(stats.decoded_video) > 0:
                    return True
                time.sleep(0.02)
            return False
        finally:
            for kind, _callback in attached:
                events.event_detach(kind)
            player.stop()
            player.release()
            media.release()
