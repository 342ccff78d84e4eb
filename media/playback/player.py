"""Qt-free clip player core: the Player interface, the hooks backends report through, the plain-words
error messages, and the guard that stops us waiting forever for an `ended` that will not come."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Protocol

from media.constants import AUDIO_EXTENSIONS

MSG_MISSING = "This clip could not be played: the file is missing."
MSG_UNREADABLE = "This clip could not be played: the file could not be opened (no permission to read it)."
MSG_UNDECODABLE = (
    "This clip could not be played: the file is damaged or in a format this computer cannot decode."
)
MSG_STALLED = "This clip stopped partway through and could not be played to the end."
MSG_NO_START = "This clip could not be played: the player did not start in time."
MSG_NO_PLAYER = "This clip could not be played: this computer's media player is not available."


def _ignore(*_args: object) -> None:
    return None


@dataclass
class PlayerHooks:
    """What a backend reports. Backends may call these from any thread (libvlc: its own worker)."""

    on_started: Callable[[], None] = _ignore
    on_ended: Callable[[], None] = _ignore
    on_error: Callable[[str], None] = _ignore
    on_position: Callable[[int], None] = _ignore
    on_duration: Callable[[int], None] = _ignore


class Player(Protocol):
    def load(self, path: str | os.PathLike[str]) -> None: ...
    def play(self) -> None: ...
    def pause(self) -> None: ...
    def toggle_pause(self) -> None: ...
    def seek(self, ms: int) -> None: ...
    def stop(self) -> None: ...
    def position_ms(self) -> int: ...
    def duration_ms(self) -> int | None: ...
    def set_video_window(self, win_id: int | None) -> None: ...
    def close(self) -> None: ...


def check_clip_path(path: str | os.PathLike[str]) -> str | None:
    """Plain-words reason why `path` cannot be a clip, checked before any backend sees it."""
    p = Path(path)
    if not p.exists() or p.is_dir():
        return MSG_MISSING
    if not os.access(p, os.R_OK):
        return MSG_UNREADABLE
    if p.is_file() and p.stat().st_size == 0:
        return MSG_UNDECODABLE
    return None


def is_audio_only(path: str | os.PathLike[str]) -> bool:
    return Path(path).suffix.lower() in AUDIO_EXTENSIONS


class Verdict(Enum):
    ENDED = "ended"
    ERROR = "error"


@dataclass(frozen=True)
class GuardResult:
    verdict: Verdict
    message: str | None = None


class _Phase(Enum):
    IDLE = 0
    WAITING_START = 1
    PLAYING = 2
    PAUSED = 3


@dataclass
class EndedGuard:
    """Decides, from wall time and position alone, that a backend's end event is not coming.

    Rules (wall time counts only while playing; pauses suspend the guard):
    - no `started` within START_TIMEOUT_S of play()            -> error MSG_NO_START;
    - position not advancing for STALL_S                        -> stopped
      (START_TIMEOUT_S until it first moves: Qt with PulseAudio can sit at 0 for 2 s at start);
    - duration known and played for remaining*1.5 + 3 s        -> stopped.
    Unknown duration gets no wall-time limit (a long clip is legal); the stall rule still applies.
    "Stopped" means ended if 90 % of the clip had played, else error MSG_STALLED.
    """

    clock: Callable[[], float] = time.monotonic
    start_timeout_s: float = 10.0
    stall_s: float = 4.0
    factor: float = 1.5
    margin_s: float = 3.0
    tail_cap_s: float = 1.0
    _phase: _Phase = field(default=_Phase.IDLE, init=False)
    _since: float = field(default=0.0, init=False)
    _anchor_t: float = field(default=0.0, init=False)
    _anchor_pos: int = field(default=0, init=False)
    _last_pos: int = field(default=-1, init=False)
    _last_progress_t: float = field(default=0.0, init=False)
    _moved: bool = field(default=False, init=False)

    def arm_start(self) -> None:
        self._phase, self._since = _Phase.WAITING_START, self.clock()

    def on_playing(self, position_ms: int) -> None:
        now = self.clock()
        self._phase = _Phase.PLAYING
        self._anchor_t, self._anchor_pos = now, max(position_ms, 0)
        self._last_pos, self._last_progress_t = max(position_ms, 0), now
        self._moved = False

    def on_paused(self) -> None:
        if self._phase is not _Phase.IDLE:
            self._phase = _Phase.PAUSED

    def on_seek(self, position_ms: int) -> None:
        if self._phase is _Phase.PLAYING:
            self.on_playing(position_ms)

    def disarm(self) -> None:
        self._phase = _Phase.IDLE

    def check(self, position_ms: int, duration_ms: int | None) -> GuardResult | None:
        now = self.clock()
        if self._phase is _Phase.WAITING_START:
            if now - self._since > self.start_timeout_s:
                self.disarm()
                return GuardResult(Verdict.ERROR, MSG_NO_START)
            return None
        if self._phase is not _Phase.PLAYING:
            return None
        if position_ms != self._last_pos:
            self._last_pos, self._last_progress_t, self._moved = position_ms, now, True
        stalled = now - self._last_progress_t > (self.stall_s if self._moved else self.start_timeout_s)
        overdue = False
        if duration_ms:
            remaining_s = max(duration_ms - self._anchor_pos, 0) / 1000.0
            overdue = now - self._anchor_t > remaining_s * self.factor + self.margin_s
        if not (stalled or overdue):
            return None
        self.disarm()
        if duration_ms and position_ms >= 0.9 * duration_ms:
            return GuardResult(Verdict.ENDED)
        return GuardResult(Verdict.ERROR, MSG_STALLED)

    def tail_delay_s(self, duration_ms: int | None) -> float:
        """How long to hold back `ended` after the backend says so.

        libvlc signals the end when the last audio reaches the output, which is up to about a second
        before it is heard (seen: 0.5 s with PulseAudio, 1 s with the dummy output), so the UI would
        start recording over the client's last words. Capped, so a file whose header overstates
        its length costs at most tail_cap_s.
        """
        if not duration_ms or self._phase is not _Phase.PLAYING:
            return 0.0
        due = self._anchor_t + max(duration_ms - self._anchor_pos, 0) / 1000.0
        return min(max(due - self.clock(), 0.0), self.tail_cap_s)
