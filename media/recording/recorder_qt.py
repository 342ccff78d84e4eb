"""Thin Qt adapter over the Qt-free Recorder: a GUI-thread timer drains the level and notices a
take that ended by itself (time up, microphone lost, disk full), and turns both into signals.
No audio or file work happens here; the recorder's own threads do it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from media.recording.audio_constants import LEVEL_POLL_INTERVAL_MS
from media.recording.recorder import MicrophoneError, Recorder, RecorderError, TakeResult


class QtRecorder(QObject):
    """Signals: level_changed(float 0..1), take_finished(TakeResult), take_failed(str message).

    take_finished fires exactly once per take, whether stop() ended it or it ended by itself.
    """

    level_changed = Signal(float)
    take_finished = Signal(object)
    take_failed = Signal(str)

    def __init__(self, recorder: Recorder, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.recorder = recorder
        self._timer = QTimer(self)
        self._timer.setInterval(LEVEL_POLL_INTERVAL_MS)
        self._timer.timeout.connect(self._poll)

    def arm(self) -> bool:
        """Warm the microphone (shows levels before the take). False + take_failed on failure."""
        try:
            self.recorder.arm()
        except (RecorderError, MicrophoneError) as exc:
            self.take_failed.emit(str(exc))
            return False
        self._timer.start()
        return True

    def start_take(self, final_path: Path, max_seconds: float, clip_ended_at: float | None = None) -> bool:
        try:
            self.recorder.start_take(final_path, max_seconds, clip_ended_at)
        except (RecorderError, MicrophoneError, OSError) as exc:
            self.take_failed.emit(str(exc))
            return False
        self._timer.start()
        return True

    def stop(self) -> TakeResult | None:
        """Stop the take; take_finished carries the result (also returned). None if none ran."""
        if not self.recorder.is_recording and self.recorder.poll_finished() is None:
            self._timer.stop()
            return None
        try:
            result = self.recorder.stop()
        except RecorderError as exc:
            self.take_failed.emit(str(exc))
            return None
        self._timer.stop()
        self.take_finished.emit(result)
        return result

    def discard(self) -> None:
        self._timer.stop()
        self.recorder.discard()

    def close(self) -> None:
        self._timer.stop()
        self.recorder.close()

    def stop_polling(self) -> None:
        """No more signals; the caller then closes the recorder (off the GUI thread if it likes)."""
        self._timer.stop()

    def _poll(self) -> None:
        level = self.recorder.poll_level()
        if level is not None:
            self.level_changed.emit(level)
        result = self.recorder.poll_finished()
        if result is not None:
            self._timer.stop()
            self.take_finished.emit(result)
