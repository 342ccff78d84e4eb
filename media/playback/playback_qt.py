"""Thin Qt adapter over a clip player backend, plus the factory that picks the backend.

Backend hooks may run on any thread (libvlc's worker). They only emit one private signal that is
connected with a queued connection, so every public signal arrives on the GUI thread, later, in order.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from media.constants import DEFAULT_VLC_ARGS, PLAYER_BACKEND_ENV
from media.playback.player import Player, PlayerHooks

log = logging.getLogger(__name__)


class QtPlaybackController(QObject):
    started = Signal()
    ended = Signal()
    error = Signal(str)
    position_changed = Signal(int)
    duration_changed = Signal(int)
    _relay = Signal(str, object)

    def __init__(
        self,
        make_backend: Callable[[PlayerHooks], Player],
        backend_name: str,
        fallback_reason: str | None = None,
        owned_vlc_instance: Any = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.backend_name = backend_name
        self.fallback_reason = fallback_reason
        self._vlc_instance = owned_vlc_instance
        self._closed = False
        # Who started the current media: pages sharing the one player ignore each other's events.
        self.owner: object | None = None
        self._relay.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.backend: Player = make_backend(self.hooks())

    def hooks(self) -> PlayerHooks:
        """Hooks for the backend: each one only posts to the GUI thread."""
        relay = self._relay
        return PlayerHooks(
            on_started=lambda: relay.emit("started", None),
            on_ended=lambda: relay.emit("ended", None),
            on_error=lambda message: relay.emit("error", message),
            on_position=lambda ms: relay.emit("position", ms),
            on_duration=lambda ms: relay.emit("duration", ms),
        )

    @Slot(str, object)
    def _deliver(self, kind: str, value: object) -> None:
        if self._closed:
            return
        if kind == "started":
            self.started.emit()
        elif kind == "ended":
            self.ended.emit()
        elif kind == "error":
            self.error.emit(str(value))
        elif kind == "position" and isinstance(value, int):
            self.position_changed.emit(value)
        elif kind == "duration" and isinstance(value, int):
            self.duration_changed.emit(value)

    def load(self, path: str | os.PathLike[str]) -> None:
        self.backend.load(path)

    def play_clip(self, path: str | os.PathLike[str], owner: object | None = None) -> None:
        self.owner = owner
        self.backend.load(path)
        self.backend.play()

    def play(self) -> None:
        self.backend.play()

    def pause(self) -> None:
        self.backend.pause()

    def toggle_pause(self) -> None:
        self.backend.toggle_pause()

    def seek(self, ms: int) -> None:
        self.backend.seek(ms)

    def stop(self) -> None:
        self.backend.stop()

    def position_ms(self) -> int:
        return self.backend.position_ms()

    def duration_ms(self) -> int | None:
        return self.backend.duration_ms()

    def set_video_window(self, win_id: int | None) -> None:
        self.backend.set_video_window(win_id)

    def set_video_output(self, output: QObject | None) -> None:
        """Qt backend only (a QVideoWidget or QVideoSink); the libvlc backend ignores it."""
        setter = getattr(self.backend, "set_video_output", None)
        if setter is not None:
            setter(output)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.backend.close()
        if self._vlc_instance is not None:
            self._vlc_instance.release()
            self._vlc_instance = None


def create_playback(
    backend: str = "auto",
    vlc_args: Sequence[str] | None = None,
    parent: QObject | None = None,
    *,
    vlc_instance: Any = None,
) -> QtPlaybackController:
    """Build a controller on the GUI thread.

    backend: "auto" (libvlc if it works, else Qt Multimedia), "vlc" or "qt"; the environment variable
    PRACTICE_ROOM_PLAYER=vlc|qt overrides "auto". vlc_args: libvlc options (default DEFAULT_VLC_ARGS;
    tests pass HEADLESS_VLC_ARGS). vlc_instance: reuse the app's instance (then the caller releases
    it); otherwise the controller creates one and releases it in close().
    A forced "vlc" that does not work raises RuntimeError; "auto" falls back and says why.
    """
    choice = backend
    if choice == "auto":
        forced = os.environ.get(PLAYER_BACKEND_ENV, "").strip().lower()
        choice = forced if forced in ("vlc", "qt") else "auto"
    if choice not in ("auto", "vlc", "qt"):
        raise ValueError(f"unknown player backend {backend!r}")
    fallback_reason: str | None = None
    if choice in ("auto", "vlc"):
        instance, owned = vlc_instance, False
        if instance is None:
            from media.playback.libvlc_probe import open_libvlc

            instance, status = open_libvlc(DEFAULT_VLC_ARGS if vlc_args is None else vlc_args)
            owned, fallback_reason = True, status.reason
        if instance is not None:
            from media.playback.vlc_player import VlcPlayer

            return QtPlaybackController(
                lambda hooks: VlcPlayer(instance, hooks), "libvlc", None, instance if owned else None, parent
            )
        if choice == "vlc":
            raise RuntimeError(fallback_reason or "libvlc is not available")
        log.warning("libvlc unavailable, clips play through Qt Multimedia: %s", fallback_reason)
    from media.playback.qt_player import QtMediaPlayer

    return QtPlaybackController(lambda hooks: QtMediaPlayer(hooks), "qt", fallback_reason, None, parent)
