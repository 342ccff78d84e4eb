"""Qt Multimedia clip player (QMediaPlayer + QAudioOutput, FFmpeg backend from the wheel): the fallback
when libvlc is missing. Same interface and same ended guard as the libvlc player; hooks are called
on the GUI thread. Create it on the GUI thread."""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

from media.playback.player import (
    MSG_NO_PLAYER,
    MSG_UNDECODABLE,
    MSG_UNREADABLE,
    EndedGuard,
    PlayerHooks,
    Verdict,
    check_clip_path,
)

_Status = QMediaPlayer.MediaStatus
_PState = QMediaPlayer.PlaybackState
_Err = QMediaPlayer.Error


class QtMediaPlayer:
    def __init__(
        self,
        hooks: PlayerHooks | None = None,
        parent: QObject | None = None,
        *,
        guard: EndedGuard | None = None,
    ) -> None:
        self.hooks = hooks or PlayerHooks()
        self._player = QMediaPlayer(parent)
        self._audio = QAudioOutput(self._player)
        self._player.setAudioOutput(self._audio)
        self._guard = guard or EndedGuard()
        self._loaded = False
        self._failed = False
        self._started = False
        self._ending_due: float | None = None
        self._last_pos = -1
        self._duration: int | None = None
        self._timer = QTimer(self._player)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._tick)
        self._player.mediaStatusChanged.connect(self._on_status)
        self._player.playbackStateChanged.connect(self._on_state)
        self._player.errorOccurred.connect(self._on_error)
        self._player.durationChanged.connect(self._on_duration)
        self._player.positionChanged.connect(self._on_position)

    @property
    def available(self) -> bool:
        """False when Qt could not build its FFmpeg player; it logs "Not available" and emits nothing."""
        return bool(self._player.isAvailable())

    def load(self, path: str | os.PathLike[str]) -> None:
        self._reset()
        problem = check_clip_path(path)
        if problem is None and not self.available:
            problem = MSG_NO_PLAYER
        if problem is not None:
            self._failed = True
            QTimer.singleShot(0, self._player, lambda: self.hooks.on_error(problem))  # async, like libvlc
            return
        self._player.setSource(QUrl.fromLocalFile(os.path.abspath(os.fspath(path))))
        self._loaded = True

    def play(self) -> None:
        if not self._loaded or self._failed or self._ending_due is not None:
            return
        state = self._player.playbackState()
        if state is _PState.PlayingState:
            return
        if state is _PState.StoppedState:
            self._started = False
            self._guard.arm_start()
        else:
            self._guard.on_playing(int(self._player.position()))
        self._player.play()
        self._timer.start()

    def pause(self) -> None:
        if self._player.playbackState() is _PState.PlayingState:
            self._player.pause()
            self._guard.on_paused()

    def toggle_pause(self) -> None:
        if self._player.playbackState() is _PState.PlayingState:
            self.pause()
        else:
            self.play()

    def seek(self, ms: int) -> None:
        if self._loaded:
            self._player.setPosition(max(int(ms), 0))
            self._guard.on_seek(max(int(ms), 0))

    def stop(self) -> None:
        self._player.stop()
        self._halt()

    def position_ms(self) -> int:
        return max(int(self._player.position()), 0) if self._loaded else 0

    def duration_ms(self) -> int | None:
        return self._duration

    def set_video_window(self, win_id: int | None) -> None:
        """Qt Multimedia cannot draw into a bare native window; use set_video_output instead."""

    def set_video_output(self, output: QObject | None) -> None:
        """A QVideoWidget, QGraphicsVideoItem or QVideoSink to draw the picture into."""
        self._player.setVideoOutput(output)  # type: ignore[arg-type]  # None detaches; stubs omit it

    def close(self) -> None:
        self._halt()
        self._player.stop()
        self._player.setSource(QUrl())
        self._player.setParent(None)
        self._player.deleteLater()

    def _reset(self) -> None:
        self._player.stop()
        self._halt()
        self._loaded = self._failed = self._started = False
        self._duration = None
        self._last_pos = -1

    def _halt(self) -> None:
        self._timer.stop()
        self._guard.disarm()
        self._ending_due = None

    # --- QMediaPlayer signals (GUI thread) ---
    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status is _Status.EndOfMedia and self._loaded and not self._failed:
            self._report_started()  # a clip too short for the clock to move
            self._ending_due = time.monotonic() + self._guard.tail_delay_s(self._duration)
            self._guard.disarm()
            self._timer.start()
        elif status is _Status.InvalidMedia:
            self._fail(MSG_UNDECODABLE)

    def _on_state(self, state: QMediaPlayer.PlaybackState) -> None:
        if state is _PState.PlayingState:
            self._guard.on_playing(int(self._player.position()))

    def _on_position(self, position: int) -> None:
        # PlayingState comes before any sound (2 s before, with PulseAudio here): `started` means
        # the clip's clock has begun to move, as with libvlc.
        if position > 0 and self._loaded and not self._failed:
            self._report_started()

    def _report_started(self) -> None:
        if not self._started:
            self._started = True
            self.hooks.on_started()

    def _on_error(self, error: QMediaPlayer.Error, _detail: str) -> None:
        if error is not _Err.NoError:
            self._fail(MSG_UNREADABLE if error is _Err.AccessDeniedError else MSG_UNDECODABLE)

    def _on_duration(self, duration: int) -> None:
        if duration > 0 and duration != self._duration:
            self._duration = int(duration)
            self.hooks.on_duration(self._duration)

    def _tick(self) -> None:
        if self._ending_due is not None:
            if time.monotonic() >= self._ending_due:
                self._finish()
            return
        pos = self.position_ms()
        if pos != self._last_pos and self._started:
            self._last_pos = pos
            self.hooks.on_position(pos)
        result = self._guard.check(pos, self._duration)
        if result is None:
            return
        if result.verdict is Verdict.ENDED:
            self._player.stop()
            self._finish()
        else:
            self._fail(result.message or MSG_UNDECODABLE)

    def _finish(self) -> None:
        self._halt()
        if self._duration:
            self.hooks.on_position(self._duration)
        self.hooks.on_ended()

    def _fail(self, message: str) -> None:
        if self._failed:
            return  # errorOccurred and InvalidMedia both come for one bad file: report once
        self._failed = True
        self._player.stop()
        self._halt()
        self.hooks.on_error(message)
