"""The microphone check's audio, kept off the GUI thread: a Recorder opened on the check's own
worker (a stalled driver never holds up the database worker), its level through QtRecorder's
timer, and a short test take that is checked for sound and played back on that worker too."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from media.recording.recorder import Recorder, TakeResult
from media.recording.recorder_qt import QtRecorder
from media.recording.sound_check import PlaybackUnavailableError, peak_of, play_file
from ui.common.tasks import TaskRunner

log = logging.getLogger(__name__)


def _open(device: int) -> Recorder:
    recorder = Recorder(device)
    recorder.arm()  # raises MicrophoneError with the driver's words; the dialog says it plainly
    return recorder


def _check_and_play(path: Path) -> tuple[float, str | None]:
    """The test take's loudest moment, and why it could not be played (None: it was)."""
    peak = peak_of(path)
    try:
        play_file(path)
    except PlaybackUnavailableError as exc:
        log.info("Microphone test not played back: %s", exc.__cause__ or exc)
        return peak, str(exc)
    return peak, None


class MicrophoneMonitor(QObject):
    """Signals: opened(), failed(), level_changed(float 0..1), test_recorded(TakeResult),
    test_checked(peak, playback problem or None)."""

    opened = Signal()
    failed = Signal()
    level_changed = Signal(float)
    test_recorded = Signal(object)
    test_checked = Signal(float, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = TaskRunner("microphone-check", self)
        self.recorder: QtRecorder | None = None
        self._token = 0  # an open that finishes after a newer request is closed at once
        self._opened_here: list[Recorder] = []  # worker only: close() releases every one of them

    def open(self, device: int) -> None:
        self._release()
        self._token += 1
        token = self._token
        self.worker.submit(
            self._open_on_worker,
            device,
            on_done=lambda r: self._opened(token, r),
            on_error=lambda e: self._failed(token, e),
        )

    def _open_on_worker(self, device: int) -> Recorder:
        recorder = _open(device)
        self._opened_here.append(recorder)
        return recorder

    def _close_all_on_worker(self) -> None:
        # Also an open that was still under way when the dialog closed: its stream must not
        # outlive the dialog (an open stream at PortAudio's shutdown can hang the process).
        for recorder in self._opened_here:
            recorder.close()
        self._opened_here.clear()

    def _opened(self, token: int, recorder: Recorder) -> None:
        if token != self._token:
            self.worker.submit(recorder.close)
            return
        self.recorder = QtRecorder(recorder, self)
        self.recorder.level_changed.connect(self.level_changed)
        self.recorder.take_finished.connect(self._take_finished)
        self.recorder.arm()  # already open: this starts the level timer
        self.opened.emit()

    def _failed(self, token: int, exc: BaseException) -> None:
        log.info("Microphone check could not open the microphone: %s", exc)
        if token == self._token:
            self.failed.emit()

    def record_test(self, path: Path, seconds: float) -> bool:
        """Record `seconds` into path; test_recorded follows when it is done."""
        return self.recorder is not None and self.recorder.start_take(path, seconds)

    def _take_finished(self, take: TakeResult) -> None:
        self._release()  # one take per arm: the microphone is free for playback
        self.test_recorded.emit(take)
        token = self._token
        self.worker.submit(
            _check_and_play,
            take.path,
            on_done=lambda r: self.test_checked.emit(*r) if token == self._token else None,
        )

    def _release(self) -> None:
        if self.recorder is not None:
            self.recorder.level_changed.disconnect(self.level_changed)
            qt_recorder, self.recorder = self.recorder, None
            qt_recorder.stop_polling()
            self.worker.submit(qt_recorder.recorder.close)  # joins the writer thread: not on the GUI

    def close(self, cleanup: Callable[[], object] | None = None, wait: bool = False) -> None:
        """Release the microphone, then run `cleanup` (delete the private test take), on the
        worker; wait=True (the app is quitting) returns once that is done."""
        self._token += 1
        self._release()
        self.worker.submit(self._close_all_on_worker)
        if cleanup is not None:
            self.worker.submit(cleanup)
        self.worker.shutdown(wait=wait)  # what was submitted still runs
