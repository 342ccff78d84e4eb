"""libvlc clip player (python-vlc), Qt-free.

Threading: libvlc raises events on its own threads, and calling libvlc from inside one of its event
callbacks can deadlock. So callbacks only put a tuple on a queue; one worker thread per player
handles them (and any follow-up libvlc call such as stop()), ticks the ended guard every 100 ms,
and calls the hooks. Hooks therefore run on that worker thread, never on the caller's thread.
Import this module only after media.playback.libvlc_probe says libvlc works.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
import time
from collections.abc import Callable
from enum import Enum
from typing import Any

import vlc

from media.playback.player import MSG_UNDECODABLE, EndedGuard, PlayerHooks, Verdict, check_clip_path

_STOP_WORKER = "stop-worker"


# ENDING: libvlc reached the end; `ended` is held back until the tail has been heard.
_State = Enum("_State", "EMPTY LOADED STARTING PLAYING PAUSED ENDING ENDED STOPPED FAILED")


class VlcPlayer:
    """One libvlc media player on a caller-owned vlc.Instance (the instance is not released here)."""

    def __init__(
        self,
        instance: Any,
        hooks: PlayerHooks | None = None,
        *,
        tick_s: float = 0.1,
        guard: EndedGuard | None = None,
    ) -> None:
        self.hooks = hooks or PlayerHooks()
        self._instance = instance
        self._mp: Any = instance.media_player_new()
        self._media: Any = None
        self._tick_s = tick_s
        self._lock = threading.RLock()
        self._queue: queue.Queue[tuple[str, int, int | str]] = queue.Queue()
        self._gen = 0  # bumped on load/stop/close so that late events of an old clip are dropped
        self._state = _State.EMPTY
        self._started_reported = False
        self._duration: int | None = None
        self._last_pos = -1
        self._pending_seek: int | None = None
        self._ending_due = 0.0
        self._guard = guard or EndedGuard()
        self._closed = False
        self._events = events = self._mp.event_manager()
        et = vlc.EventType
        self._attached = [
            (et.MediaPlayerPlaying, "playing"),
            (et.MediaPlayerPaused, "paused"),
            (et.MediaPlayerEndReached, "end"),
            (et.MediaPlayerEncounteredError, "error"),
            (et.MediaPlayerLengthChanged, "length"),
        ]
        for event_type, kind in self._attached:
            events.event_attach(event_type, self._on_vlc_event, kind)
        self._worker = threading.Thread(target=self._run, name="vlc-player", daemon=True)
        self._worker.start()

    # --- libvlc event thread: no libvlc calls here, only a queue put ---
    def _on_vlc_event(self, event: Any, kind: str) -> None:
        value = int(event.u.new_length) if kind == "length" else 0
        self._queue.put((kind, self._gen, value))

    # --- commands (any thread except a libvlc event thread) ---
    def load(self, path: str | os.PathLike[str]) -> None:
        with self._lock:
            self._reset()
            problem = check_clip_path(path)
            if problem is not None:
                self._state = _State.FAILED
                self._queue.put(("fail", self._gen, problem))  # reported by the worker, like libvlc's
                return
            self._media = self._instance.media_new_path(os.fspath(path))
            self._mp.set_media(self._media)
            self._state = _State.LOADED

    def play(self) -> None:
        with self._lock:
            if self._state is _State.PAUSED:
                self._mp.set_pause(0)
                self._state = _State.PLAYING
                self._guard.on_playing(int(self._mp.get_time()))  # the Playing event re-anchors it
            elif self._state in (_State.LOADED, _State.ENDED, _State.STOPPED):
                self._started_reported = False
                self._state = _State.STARTING
                self._guard.arm_start()
                self._mp.play()

    def pause(self) -> None:
        with self._lock:
            if self._state is _State.PLAYING:
                self._mp.set_pause(1)
                self._state = _State.PAUSED
                self._guard.on_paused()

    def toggle_pause(self) -> None:
        with self._lock:
            if self._state is _State.PLAYING:
                self.pause()
            else:
                self.play()

    def seek(self, ms: int) -> None:
        with self._lock:
            ms = max(int(ms), 0)
            if self._state in (_State.PLAYING, _State.PAUSED):
                self._mp.set_time(ms)
                self._guard.on_seek(ms)
            elif self._state is not _State.EMPTY:
                self._pending_seek = ms  # applied once libvlc is playing

    def stop(self) -> None:
        with self._lock:
            self._mp.stop()
            self._gen += 1
            self._guard.disarm()
            if self._state not in (_State.EMPTY, _State.FAILED):
                self._state = _State.STOPPED

    def position_ms(self) -> int:
        with self._lock:
            if self._state in (_State.STARTING, _State.PLAYING, _State.PAUSED, _State.ENDING):
                return max(int(self._mp.get_time()), 0)
            return 0

    def duration_ms(self) -> int | None:
        return self._duration

    def set_video_window(self, win_id: int | None) -> None:
        with self._lock:
            if sys.platform.startswith("win"):
                self._mp.set_hwnd(win_id)
            elif sys.platform == "darwin":
                self._mp.set_nsobject(win_id)
            else:
                self._mp.set_xwindow(win_id or 0)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._reset()
            for event_type, _kind in self._attached:
                self._events.event_detach(event_type)
        self._queue.put((_STOP_WORKER, -1, 0))
        if threading.current_thread() is not self._worker:
            self._worker.join(timeout=5)
        self._mp.release()

    def _reset(self) -> None:
        self._mp.stop()  # synchronous: no events of the old clip after this returns
        self._gen += 1
        self._guard.disarm()
        self._state = _State.EMPTY
        self._started_reported = False
        self._duration = None
        self._last_pos = -1
        self._pending_seek = None
        self._media = None

    # --- worker thread ---
    def _run(self) -> None:
        while True:
            try:
                item: tuple[str, int, int | str] | None = self._queue.get(timeout=self._tick_s)
            except queue.Empty:
                item = None
            if item is not None and item[0] == _STOP_WORKER:
                return
            notes: list[Callable[[], None]] = []
            with self._lock:
                if item is not None and item[1] == self._gen:
                    self._handle(item[0], item[2], notes)
                self._tick(notes)
            for note in notes:  # outside the lock: a hook may call back into this player
                note()

    def _handle(self, kind: str, value: int | str, notes: list[Callable[[], None]]) -> None:
        h = self.hooks
        if kind == "fail":
            self._state = _State.FAILED
            notes.append(lambda: h.on_error(str(value)))
        elif kind == "length" and isinstance(value, int) and value > 0 and value != self._duration:
            self._set_duration(value, notes)
            self._maybe_started(notes)
        elif kind == "playing" and self._state in (_State.STARTING, _State.PAUSED, _State.PLAYING):
            self._state = _State.PLAYING
            if self._pending_seek is not None:
                self._mp.set_time(self._pending_seek)
                self._pending_seek = None
            self._guard.on_playing(int(self._mp.get_time()))
            self._maybe_started(notes)
        elif kind == "paused" and self._state is _State.PLAYING:
            self._state = _State.PAUSED
            self._guard.on_paused()
        elif kind == "end" and self._state in (_State.STARTING, _State.PLAYING, _State.PAUSED):
            if self._nothing_decoded():
                self._fail(MSG_UNDECODABLE, notes)  # libvlc "ends" files it cannot open at all
                return
            self._maybe_started(notes, force=True)  # a clip too short for the clock to move
            self._state = _State.ENDING
            self._ending_due = time.monotonic() + self._guard.tail_delay_s(self._duration)
            self._guard.disarm()
        elif kind == "error":
            self._fail(MSG_UNDECODABLE, notes)

    def _tick(self, notes: list[Callable[[], None]]) -> None:
        h = self.hooks
        if self._state is _State.ENDING:
            if time.monotonic() >= self._ending_due:
                self._finish(notes)
            return
        if self._state not in (_State.STARTING, _State.PLAYING):
            return
        if self._duration is None and (length := int(self._mp.get_length())) > 0:
            self._set_duration(length, notes)
        pos = max(int(self._mp.get_time()), 0)
        self._maybe_started(notes, pos)
        if pos != self._last_pos and self._state is _State.PLAYING:
            self._last_pos = pos
            notes.append(lambda: h.on_position(pos))
        result = self._guard.check(pos, self._duration)
        if result is None:
            return
        if result.verdict is Verdict.ENDED:
            self._finish(notes)
        else:
            self._fail(result.message or MSG_UNDECODABLE, notes)

    def _maybe_started(self, notes: list[Callable[[], None]], pos: int = 0, force: bool = False) -> None:
        # libvlc says Playing before it has even opened the file (a damaged one then "ends"), so
        # `started` waits for proof that it opened: a known length (or, for a stream, a moving clock).
        # libvlc's clock itself is only published every 250 ms, too coarse to wait for.
        if self._started_reported or self._state is not _State.PLAYING:
            return
        if self._duration or pos > 0 or force:
            self._started_reported = True
            notes.append(self.hooks.on_started)

    def _set_duration(self, value: int, notes: list[Callable[[], None]]) -> None:
        self._duration = value
        notes.append(lambda: self.hooks.on_duration(value))

    def _nothing_decoded(self) -> bool:
        """True only for a file libvlc never opened. A known length proves the demuxer opened it:
        libvlc refreshes its decode statistics only now and then, so a clip shorter than about half
        a second often "ends" with every sample played while the counters still read 0."""
        if self._media is None:
            return True
        if self._duration or int(self._mp.get_length()) > 0:
            return False
        stats = vlc.MediaStats()
        if not self._media.get_stats(stats):
            return False  # no statistics: do not call a played clip broken
        return int(stats.decoded_audio) + int(stats.decoded_video) == 0

    def _finish(self, notes: list[Callable[[], None]]) -> None:
        self._mp.stop()  # libvlc needs stop() before the same media can play again
        self._gen += 1
        self._state = _State.ENDED
        duration = self._duration
        if duration:
            notes.append(lambda: self.hooks.on_position(duration))
        notes.append(self.hooks.on_ended)

    def _fail(self, message: str, notes: list[Callable[[], None]]) -> None:
        self._mp.stop()
        self._gen += 1
        self._guard.disarm()
        self._state = _State.FAILED
        notes.append(lambda: self.hooks.on_error(message))
