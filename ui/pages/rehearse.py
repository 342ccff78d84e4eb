"""Rehearse page: the clip plays, the reply is recorded at its end, then listened to and self-rated.

Every step is saved as it happens: the attempt row exists before recording starts, the take is
stored the moment recording ends, and each rating change is written at once.
"""

from __future__ import annotations

import logging
import time
import uuid
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from media.devices import MicrophoneError, resolve_input_device
from media.playback_qt import QtPlaybackController
from media.recorder import Recorder, RecorderError, TakeResult
from media.recorder_qt import QtRecorder
from media.speech_timing import analyze_file
from media.video_qt import VideoView
from practice_db.records import AttemptRecord, ClipRecord, ProfileRecord, RatingInput, TakeFacts
from practice_db.store import PracticeStore
from ui.context import UiContext
from ui.rating_form import RatingForm

log = logging.getLogger(__name__)
TOO_HARD_NOTE = (
    "That one felt hard, and that is normal: it is what practising at the edge feels like. "
    "Take a breath. Next time, try the same kind of moment one level easier."
)


def open_microphone(remembered: str | None) -> tuple[Recorder | None, str | None]:
    """Worker thread: find the microphone and open its stream (a second or more on some systems)."""
    choice = resolve_input_device(remembered)
    if choice.device is None:
        return None, choice.message
    recorder = Recorder(choice.device.name)
    try:
        recorder.arm()  # warm before the clip ends, so no word is cut
    except (RecorderError, MicrophoneError) as exc:
        return None, f"The microphone could not be opened: {exc}"
    return recorder, choice.message


def store_take(store: PracticeStore, home: Path, attempt_id: int, take: TakeResult) -> AttemptRecord:
    """Runs on the worker: speech timing from the file, then the attempt row is completed."""
    timing = None
    if take.frames > 0:
        try:
            timing = analyze_file(take.path, clip_end_offset_s=take.clip_end_offset_s)
        except Exception:  # a hint, never a reason to lose the take
            log.exception("Speech timing failed for %s", take.path)
    ms = lambda s: None if s is None else round(s * 1000)  # noqa: E731
    return store.attempts.finish(
        attempt_id,
        TakeFacts(
            recording_path=str(take.path.relative_to(home)),
            duration_ms=round(take.duration_s * 1000),
            response_latency_ms=ms(timing.latency_s) if timing else None,
            speaking_ms=ms(timing.speaking_s) if timing else None,
            pause_count=timing.pause_count if timing else None,
            pause_total_ms=ms(timing.pause_total_s) if timing else None,
            start_delay_ms=None if take.start_delay_ms is None else round(take.start_delay_ms),
        ),
    )


class RehearsePage(QWidget):
    state_changed = Signal(str)  # idle | playing | recording | rating

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store: PracticeStore | None = None
        self.profile: ProfileRecord | None = None
        self.playback: QtPlaybackController | None = None
        self.clip: ClipRecord | None = None
        self.attempt: AttemptRecord | None = None
        self.recorder: QtRecorder | None = None
        self.take: TakeResult | None = None
        self.state = "idle"
        self.setObjectName("rehearsePage")
        layout = QVBoxLayout(self)
        self.title = QLabel(
            "<h2>Rehearse</h2><p>Pick an exercise in the Library (double-click) to begin.</p>"
        )
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.video = VideoView()
        self.video.setMinimumHeight(220)
        layout.addWidget(self.video, 2)
        self.status = QLabel()
        self.status.setObjectName("rehearseStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("font-size: 15px;")
        layout.addWidget(self.status)
        self.level = QProgressBar()
        self.level.setObjectName("levelMeter")
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        layout.addWidget(self.level)
        self.form = RatingForm(with_reaction=True)
        self.form.changed.connect(self._save_rating)
        self.form.setEnabled(False)
        layout.addWidget(self.form)
        self.care_note = QLabel(TOO_HARD_NOTE)
        self.care_note.setObjectName("tooHardNote")
        self.care_note.setWordWrap(True)
        self.care_note.setStyleSheet("background: #eef5f0; padding: 8px; border-radius: 4px;")
        self.care_note.hide()
        layout.addWidget(self.care_note)
        row = QHBoxLayout()
        self.stop_button = QPushButton("Stop recording (Space)")
        self.listen_button = QPushButton("Listen back")
        self.again_button = QPushButton("Again")
        for b in (self.stop_button, self.listen_button, self.again_button):
            row.addWidget(b)
            b.setEnabled(False)
        self.stop_button.clicked.connect(self.stop_recording)
        self.listen_button.clicked.connect(self.listen_back)
        self.again_button.clicked.connect(lambda: self.clip and self.start_clip(self.clip))
        layout.addLayout(row)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, activated=self.stop_recording)
        self.countdown = QTimer(self)
        self.countdown.setInterval(250)
        self.countdown.timeout.connect(self._tick)
        self.recording_ends_at = 0.0
        self.microphone_token = 0
        self.microphone_opening = False
        self.pending_clip_end: float | None = None

    # -- wiring ----------------------------------------------------------------
    def set_store(self, store: PracticeStore) -> None:
        self.store = store

    def set_profile(self, profile: ProfileRecord) -> None:
        self.profile = profile

    def set_playback(self, playback: QtPlaybackController) -> None:
        self.playback = playback
        self.video.attach(playback)
        playback.ended.connect(self._clip_ended)
        playback.error.connect(self._clip_failed)

    def _tick(self) -> None:
        left = max(0, round(self.recording_ends_at - time.monotonic()))
        self.status.setText(
            f"Recording your reply… {left // 60}:{left % 60:02d} left. Press Space when you have finished."
        )

    def _set_state(self, state: str, message: str) -> None:
        if state != "recording":
            self.countdown.stop()
        self.state = state
        self.status.setText(message)
        self.stop_button.setEnabled(state == "recording")
        self.listen_button.setEnabled(state == "rating")
        self.again_button.setEnabled(state == "rating")
        self.form.setEnabled(state == "rating")
        self.state_changed.emit(state)

    # -- the loop --------------------------------------------------------------
    def start_clip(self, clip: ClipRecord) -> None:
        if (
            self.store is None
            or self.profile is None
            or self.playback is None
            or self.state in ("playing", "recording")
        ):
            return
        self.clip, self.take = clip, None
        self.form.clear()
        self.care_note.hide()
        self.title.setText(f"<h2>{clip.title}</h2>")
        attempt_id = str(uuid.uuid4())
        relative = f"recordings/{attempt_id}.wav"
        self.ctx.tasks.submit(
            self.store.attempts.begin,
            self.profile.id,
            clip.id,
            None,
            relative,
            attempt_id,
            on_done=self._attempt_created,
        )
        if self.recorder is not None:
            self.recorder.close()  # one take per arm: release the previous microphone stream
        self.recorder, self.pending_clip_end = None, None
        self.microphone_token += 1
        self.microphone_opening = True
        self.ctx.tasks.submit(
            open_microphone,
            self.ctx.settings.current.input_device_name,
            on_done=partial(self._microphone_ready, self.microphone_token),
        )
        path = self.ctx.data_folder / clip.media_path
        self.video.prepare_clip(path, caption=clip.statement)
        self._set_state("playing", "Listen. When the client stops, answer aloud.")
        self.playback.play_clip(path)

    def _microphone_ready(self, token: int, opened: tuple[Recorder | None, str | None]) -> None:
        recorder, message = opened
        if token != self.microphone_token or self.state not in ("playing", "recording"):
            if recorder is not None:
                recorder.close()  # a newer clip was started meanwhile
            return
        self.microphone_opening = False
        if message:
            self.status.setText(message)
        if recorder is not None:
            self._attach_recorder(recorder)
        if self.pending_clip_end is not None:  # the clip ended while the microphone was opening
            self._start_take(self.pending_clip_end)

    def _attach_recorder(self, recorder: Recorder) -> None:
        self.recorder = QtRecorder(recorder, self)
        self.recorder.level_changed.connect(lambda v: self.level.setValue(int(v * 100)))
        self.recorder.take_finished.connect(self._take_finished)
        self.recorder.take_failed.connect(self._take_failed)
        self.recorder.arm()  # already open: this only starts the level meter

    def _attempt_created(self, attempt: AttemptRecord) -> None:
        self.attempt = attempt

    def _clip_ended(self) -> None:
        if self.state != "playing":
            return
        self._start_take(time.monotonic())

    def _start_take(self, ended_at: float) -> None:
        if self.recorder is None and self.microphone_opening:
            self.pending_clip_end = ended_at  # microphone still opening: start as soon as it is
            self.status.setText("One moment, the microphone is opening…")
            return
        self.pending_clip_end = None
        if self.recorder is None or self.attempt is None:
            if self.attempt is not None and self.store is not None:  # nothing to recover later
                self.ctx.tasks.submit(self.store.attempts.set_status, self.attempt.id, "discarded")
            self._set_state("idle", "The clip has ended. Without a microphone nothing was recorded.")
            return
        final = self.ctx.data_folder / (self.attempt.recording_path or "")
        window = float(self.ctx.settings.current.response_window_s)
        if not self.recorder.start_take(final, window, clip_ended_at=ended_at):
            return  # take_failed has told the user why
        self.recording_ends_at = ended_at + window
        self._set_state("recording", "Recording your reply… press Space when you have finished.")
        self.countdown.start()
        self._tick()

    def _clip_failed(self, message: str) -> None:
        if self.state == "playing":
            if self.recorder is not None:
                self.recorder.discard()
            self._set_state("idle", message)

    def _take_failed(self, message: str) -> None:
        self._set_state("idle", f"Recording could not continue: {message}")

    def stop_recording(self) -> None:
        if self.state == "recording" and self.recorder is not None:
            self.recorder.stop()

    def _take_finished(self, take: TakeResult) -> None:
        if self.store is None or self.attempt is None:
            return
        self.take = take
        self.level.setValue(0)
        note = take.message or "Saved. Listen back, then rate your reply."
        self._set_state("rating", note)
        self.ctx.tasks.submit(
            store_take, self.store, self.ctx.data_folder, self.attempt.id, take, on_done=self._attempt_created
        )

    def listen_back(self) -> None:
        if self.take is not None and self.playback is not None:
            self.video.prepare_clip(self.take.path, caption="Your reply")
            self.playback.play_clip(self.take.path)

    def _save_rating(self, rating: RatingInput) -> None:
        if self.store is None or self.attempt is None or self.profile is None:
            return
        self.care_note.setVisible(rating.reaction == "too_hard")
        self.ctx.tasks.submit(self.store.ratings.save, self.attempt.id, self.profile.id, rating)

    def prepare_to_close(self) -> bool:
        """Closing mid-take keeps the take: stop (which saves it), then release the microphone."""
        if self.recorder is not None:
            if self.state == "recording":
                self.recorder.stop()
            self.recorder.close()
        return True
