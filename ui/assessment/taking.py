"""Taking the assessment: introduction → each clip once → its reply recorded → … → the end.

Same machinery as Rehearse (the window's player, take_workers' microphone, the response window
setting), different rules: one take per clip, no replay, no example reply, no rating until the
set is over. Every take's row is written before its recording starts (recovery finds it); the
take is stored the moment recording ends. Esc stops everything and keeps what was recorded.

States: intro | starting | playing | recording | between | paused | done
"""

from __future__ import annotations

import time
import uuid
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from media.playback.playback_qt import QtPlaybackController
from media.playback.video_qt import VideoView
from media.recording.recorder import Recorder, TakeResult
from media.recording.recorder_qt import QtRecorder
from practice_db.assessment.records import AssessmentRecord, AssessmentTakeRecord
from practice_db.records import ClipRecord, ProfileRecord, RatingInput
from ui.assessment.blind_saves import BlindRatingSaves, save_self
from ui.assessment.taking_keys import add_taking_keys
from ui.assessment.taking_view import TakingView
from ui.assessment.taking_workers import IntroFacts, SetChoice, load_intro, store_assessment_take
from ui.rehearse.take_workers import open_microphone
from ui.shell.context import UiContext
from ui.shell.data_changes import ASSESSMENTS, StaleWatch

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

LISTENING_CAPTION = "Listen to the client…"
SITTING = ("starting", "playing", "recording", "between", "paused")
GAP_MS = 2500  # a breath between a reply and the next clip (P pauses here)


def _raise(exc: BaseException) -> None:
    raise exc


class TakingPanel(QWidget):
    state_changed = Signal(str)
    sitting_ended = Signal(object)  # AssessmentRecord, once it is stored complete or incomplete

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store: PracticeStore | None = None
        self.profile: ProfileRecord | None = None
        self.playback: QtPlaybackController | None = None
        self.recorder: QtRecorder | None = None
        self.sitting: AssessmentRecord | None = None
        self.choice: SetChoice | None = None
        self.position = 0
        self.take: AssessmentTakeRecord | None = None
        self.takes: list[AssessmentTakeRecord] = []  # stored takes of this sitting, in order
        self.state = "intro"
        self.pause_after = False
        self.stopping = False  # Esc while recording: end once the take is stored
        self.ending_message = ""
        self.microphone_token = 0
        self.microphone_opening = False
        self.pending_clip_end: float | None = None
        self.recording_ends_at = 0.0
        self.rating_index = 0
        self.self_scores: dict[int, dict[str, int | None]] = {}  # take id → this sitting's self-rating
        self.lent_by: list[VideoView] = []  # views whose player surface a video clip borrowed
        self.setObjectName("assessmentTaking")
        self.view = TakingView()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.intro, self.panel, self.end = self.view.intro, self.view.sitting, self.view.end
        self.video, self.status = self.panel.video, self.panel.status
        self.intro.begin_button.clicked.connect(self.begin)
        self.end.form.changed.connect(self._save_self_rating)
        self.self_saves = BlindRatingSaves(ctx.tasks, self.end.conflict, self, save=save_self)
        self.self_saves.scores_shown.connect(self._newer_self_scores)
        self.self_saves.failed.connect(_raise)  # as before: the window's error dialog
        self.end.previous_button.clicked.connect(lambda: self.show_rating(self.rating_index - 1))
        self.end.next_button.clicked.connect(lambda: self.show_rating(self.rating_index + 1))
        self.end.again_button.clicked.connect(self.back_to_intro)
        self.gap = QTimer(self)
        self.gap.setSingleShot(True)
        self.gap.setInterval(GAP_MS)
        self.gap.timeout.connect(self._next_clip)
        self.countdown = QTimer(self)
        self.countdown.setInterval(250)
        self.countdown.timeout.connect(self._tick)
        self.keys = add_taking_keys(self)
        StaleWatch(self, ctx.changes, (ASSESSMENTS,), self.load_intro)  # e.g. a set was built
        self._set_state("intro", "")

    # -- wiring ----------------------------------------------------------------
    def set_store(self, store: PracticeStore) -> None:
        self.store = store
        self.load_intro()

    def set_profile(self, profile: ProfileRecord) -> None:
        if self.profile is not None and profile.id != self.profile.id and self.state in SITTING:
            self.stop("The profile was switched, so the assessment stopped.")
        self.profile = profile
        if self.state in ("intro", "done"):
            self.back_to_intro()

    def set_playback(self, playback: QtPlaybackController) -> None:
        self.playback = playback
        playback.ended.connect(self._clip_ended)
        playback.error.connect(self._clip_failed)

    def holds_playback(self) -> bool:
        return self.state == "playing"

    def load_intro(self) -> None:
        if self.store is None or self.profile is None:
            return
        profile_id = self.profile.id
        self.ctx.tasks.submit(
            load_intro, self.store, profile_id, on_done=partial(self._intro_loaded, profile_id)
        )

    def _intro_loaded(self, profile_id: int, facts: IntroFacts) -> None:
        if self.profile is None or self.profile.id != profile_id or self.state != "intro":
            return
        self.intro.show_facts(facts, int(self.ctx.settings.current.response_window_s))
        self.keys.sync()

    # -- the sitting -----------------------------------------------------------
    def begin(self) -> None:
        choice = self.intro.chosen()
        if self.state != "intro" or choice is None or self.store is None or self.profile is None:
            return
        if self.playback is None:
            self.intro.message.setText("The clip player is still starting; try again in a moment.")
            return
        self.choice, self.takes, self.position = choice, [], 0
        self.pause_after = self.stopping = False
        occasion = self.intro.occasion.currentData()
        self._set_state("starting", "Starting…")
        self.ctx.tasks.submit(
            self.store.assessment_sittings.start,
            self.profile.id,
            choice.set.id,
            occasion,
            on_done=self._started,
        )

    def _started(self, sitting: AssessmentRecord) -> None:
        self.sitting = sitting
        if self.state == "starting":
            self._start_clip()

    def _clip(self) -> ClipRecord:
        assert self.choice is not None
        return self.choice.clips[self.position]

    def _start_clip(self) -> None:
        if self.store is None or self.sitting is None or self.playback is None or self.choice is None:
            return
        clip = self._clip()
        self.take = None
        take_uuid = str(uuid.uuid4())
        self.ctx.tasks.submit(
            self.store.assessment_sittings.begin_take,
            self.sitting.id,
            self.position,
            f"recordings/{take_uuid}.wav",
            take_uuid,
            on_done=self._take_row,
        )
        self._release_microphone()  # one take per arm, as in practice
        self.microphone_token += 1
        self.microphone_opening = True
        self.ctx.tasks.submit(
            open_microphone,
            self.ctx.settings.current.input_device_name,
            on_done=partial(self._microphone_ready, self.microphone_token),
        )
        total = len(self.choice.clips)
        self.panel.progress.setText(f"Clip {self.position + 1} of {total}")
        if not clip.media_path:  # a set made from statement-only clips: read, then answer
            self.video.set_caption_text(clip.statement)
            self.video.show_caption(True)
            self._set_state("playing", "Read what the client says, then press Space and answer aloud.")
            return
        path = self.ctx.paths.home / clip.media_path
        # The client's words are always shown: one condition for everyone who takes the set.
        self.video.prepare_clip(path, caption=clip.statement or LISTENING_CAPTION)
        if not self.video.is_caption_shown() and self.video.controller() is None:
            self._borrow_surface()
        self._set_state("playing", "Listen. When the client stops, answer aloud.")
        self.playback.play_clip(path, owner=self)

    def _borrow_surface(self) -> None:
        """A video clip draws here while the sitting runs; the view that had the player (Rehearse's)
        gets it back when the sitting ends."""
        assert self.playback is not None
        window = self.window()
        self.lent_by = [
            v
            for v in window.findChildren(VideoView)
            if v is not self.video and v.controller() is self.playback
        ]
        self.video.attach(self.playback)

    def _give_surface_back(self) -> None:
        if self.video.controller() is None:
            return
        self.video.detach()
        if self.playback is not None:
            for view in self.lent_by:
                view.attach(self.playback)
        self.lent_by = []

    def _take_row(self, take: AssessmentTakeRecord) -> None:
        self.take = take

    def _microphone_ready(self, token: int, opened: tuple[Recorder | None, str | None]) -> None:
        recorder, message = opened
        if token != self.microphone_token or self.state not in ("playing", "recording"):
            if recorder is not None:
                recorder.close()  # stopped or moved on meanwhile
            return
        self.microphone_opening = False
        if message:
            self.status.setText(message)
        self.panel.meter.set_state("ready" if recorder is not None else "off")
        if recorder is not None:
            self.recorder = QtRecorder(recorder, self)
            self.recorder.level_changed.connect(self.panel.meter.set_level)
            self.recorder.take_finished.connect(self._take_finished)
            self.recorder.take_failed.connect(self._take_failed)
            self.recorder.arm()
        if self.pending_clip_end is not None:
            self._start_take(self.pending_clip_end)

    def _mine(self) -> bool:
        return self.playback is not None and self.playback.owner is self

    def _clip_ended(self) -> None:
        if self._mine() and self.state == "playing":
            self._start_take(time.monotonic())

    def _start_take(self, ended_at: float) -> None:
        if self.recorder is None and self.microphone_opening:
            self.pending_clip_end = ended_at
            self.status.setText("One moment, the microphone is opening…")
            return
        self.pending_clip_end = None
        if self.recorder is None or self.take is None:
            self.stop(
                "Without a microphone no reply can be recorded, so the assessment stopped here. "
                "Check the microphone (File → Microphone) and begin again when you are ready."
            )
            return
        final = self.ctx.paths.home / (self.take.recording_path or "")
        window = float(self.ctx.settings.current.response_window_s)
        if not self.recorder.start_take(final, window, clip_ended_at=ended_at):
            return  # take_failed has said why
        self.recording_ends_at = ended_at + window
        self._set_state("recording", "")
        self.countdown.start()
        self._tick()

    def _tick(self) -> None:
        left = max(0, round(self.recording_ends_at - time.monotonic()))
        paused = " The assessment will pause after this reply." if self.pause_after else ""
        self.status.setText(
            f"Recording your reply… {left // 60}:{left % 60:02d} left. "
            f"Press Space when you have finished.{paused}"
        )

    def stop_reply(self) -> None:
        """Space: the reply is finished (or, for a statement to read, starts now)."""
        if self.state == "recording" and self.recorder is not None:
            self.recorder.stop()
        elif self.state == "playing" and self.choice is not None and not self._clip().media_path:
            self._start_take(time.monotonic())

    def _take_finished(self, result: TakeResult) -> None:
        if self.store is None or self.take is None:
            return
        self.panel.meter.set_level(0)
        self.ctx.tasks.submit(
            store_assessment_take,
            self.store,
            self.ctx.paths.home,
            self.take.id,
            result,
            on_done=self.takes.append,
        )
        self.take = None
        if self.stopping:
            self._end("incomplete")
            return
        assert self.choice is not None
        self.panel.progress.setText(f"{self.position + 1} of {len(self.choice.clips)} replies given")
        if self.position + 1 >= len(self.choice.clips):
            self._end("complete")
        elif self.pause_after:
            self._set_state("paused", "Paused. Press P when you are ready for the next clip (Esc stops).")
        else:
            self._set_state("between", "Thank you. The next clip follows in a moment (P pauses here).")
            self.gap.start()

    def _next_clip(self) -> None:
        if self.state not in ("between", "paused"):
            return
        self.position += 1
        self.pause_after = False
        self._start_clip()

    def toggle_pause(self) -> None:
        """P: between clips, pause now or go on; during a clip or reply, pause once it is over."""
        if self.state == "between":
            self.gap.stop()
            self._set_state("paused", "Paused. Press P when you are ready for the next clip (Esc stops).")
        elif self.state == "paused":
            self._next_clip()
        elif self.state in ("playing", "recording"):
            self.pause_after = not self.pause_after
            if self.state == "recording":
                self._tick()
            else:
                self.status.setText(
                    "The assessment will pause after this reply."
                    if self.pause_after
                    else "Listen. When the client stops, answer aloud."
                )

    def stop(self, message: str = "") -> None:
        """Esc: stop the whole assessment now. What was recorded is kept; it is marked incomplete."""
        if self.state not in SITTING:
            return
        self.gap.stop()
        self.ending_message = message
        if self.state == "recording" and self.recorder is not None:
            self.stopping = True
            if self.recorder.stop() is not None:
                return  # take_finished has stored the reply and ended the sitting
            self.stopping = False  # no take was running after all
        if self.state == "playing" and self._mine() and self.playback is not None:
            self.playback.stop()
        if self.take is not None and self.store is not None:  # begun, nothing recorded
            self.ctx.tasks.submit(self.store.assessment_sittings.set_take_status, self.take.id, "no_reply")
            self.take = None
        self._end("incomplete")

    def _end(self, status: str) -> None:
        self._release_microphone()
        self._give_surface_back()
        self.stopping = False
        if self.store is None or self.sitting is None:
            self.back_to_intro()
            return
        self.ctx.tasks.submit(
            self.store.assessment_sittings.end, self.sitting.id, status, on_done=self._ended
        )
        self._set_state("done", "Saving…")

    def _ended(self, sitting: AssessmentRecord) -> None:
        self.sitting = sitting
        if self.state != "done":
            return
        self.ctx.changes.announce(ASSESSMENTS)
        self._show_end()
        self.sitting_ended.emit(sitting)

    def _show_end(self) -> None:
        assert self.sitting is not None and self.choice is not None
        recorded = [t for t in self.takes if t.status == "complete"]
        total = len(self.choice.clips)
        if self.sitting.status == "complete":
            self.end.heading.setText("Thank you: the assessment is complete")
            text = (
                f"All {total} replies are saved. A supervisor will rate them without knowing whose they are."
            )
        else:
            self.end.heading.setText("The assessment stopped")
            text = (
                f"{len(recorded)} of {total} replies were recorded and are kept. "
                "This sitting is marked incomplete; you can take the assessment again whenever you like."
            )
        if self.ending_message:
            text = f"{self.ending_message} {text}"
        self.end.summary.setText(text)
        self.end.rating_box.setVisible(bool(recorded))
        self.show_rating(0)
        self.keys.sync()

    # -- afterwards: the optional self-rating ----------------------------------
    def rated_takes(self) -> list[AssessmentTakeRecord]:
        return [t for t in self.takes if t.status == "complete"]

    def show_rating(self, index: int) -> None:
        takes = self.rated_takes()
        if not takes or self.choice is None:
            return
        self.rating_index = max(0, min(len(takes) - 1, index))
        take = takes[self.rating_index]
        self.self_saves.shown(take.id)
        clip = self.choice.clips[take.position]
        self.end.rating_title.setText(
            f"If you wish, rate your own replies (optional) — reply {self.rating_index + 1} of "
            f"{len(takes)}: {clip.title}"
        )
        form = self.end.form
        form.blockSignals(True)
        form.clear()
        for key, score in self.self_scores.get(take.id, {}).items():  # what was given before (B, N)
            if score is not None:
                form.groups[key].button(score).setChecked(True)
        form.blockSignals(False)
        self.end.previous_button.setEnabled(self.rating_index > 0)
        self.end.next_button.setEnabled(self.rating_index < len(takes) - 1)
        self.end.form.setFocus()
        self.keys.sync()

    def _save_self_rating(self, rating: RatingInput) -> None:
        takes = self.rated_takes()
        if self.store is None or self.profile is None or not takes or self.state != "done":
            return
        take = takes[self.rating_index]
        self.self_scores[take.id] = dict(rating.scores)
        if self.self_saves.store is not self.store or self.self_saves.rater_id != self.profile.id:
            self.self_saves.start(self.store, self.profile.id, {})  # a sitting just ended: no ratings yet
        self.self_saves.submit(take.id, dict(rating.scores))

    def _newer_self_scores(self, take_id: int, scores: dict[str, int | None]) -> None:
        """Saved elsewhere meanwhile (or "Use mine"): the form shows these for that take."""
        self.self_scores[take_id] = dict(scores)
        takes = self.rated_takes()
        if takes and takes[self.rating_index].id == take_id:
            self.show_rating(self.rating_index)
            if self.end.conflict.isVisible():
                self.end.conflict.mine_button.setFocus()

    def back_to_intro(self) -> None:
        if self.state in SITTING:
            return
        self.sitting, self.choice, self.takes = None, None, []
        self.self_scores = {}
        self.ending_message = ""
        self.intro.message.setText("")
        self.intro.begin_button.setEnabled(False)  # until the sets are loaded again
        self._set_state("intro", "")
        self.load_intro()

    # -- state -----------------------------------------------------------------
    def _set_state(self, state: str, message: str) -> None:
        if state != "recording":
            self.countdown.stop()
        self.state = state
        self.status.setText(message)
        panel = {"intro": self.intro, "done": self.end}.get(state, self.panel)
        self.view.setCurrentWidget(panel)
        self.panel.meter.setVisible(state in ("playing", "recording"))
        if state == "recording":
            self.panel.meter.set_state("recording")
        if state in ("between", "paused"):
            self.video.set_caption_text("Paused" if state == "paused" else "…")
            self.video.show_caption(True)
        self.keys.sync()
        if state == "intro":
            self.intro.begin_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.state_changed.emit(state)

    def _release_microphone(self) -> None:
        if self.recorder is not None:
            self.recorder.close()
            self.recorder.deleteLater()
        self.recorder, self.pending_clip_end = None, None

    def _clip_failed(self, message: str) -> None:
        if self._mine() and self.state == "playing":
            self.stop(f"The clip could not be played ({message}).")

    def _take_failed(self, message: str) -> None:
        if self.state in ("playing", "recording"):
            self.state = "failed"  # the recorder is gone: nothing left to stop
            if self.take is not None and self.store is not None:
                self.ctx.tasks.submit(
                    self.store.assessment_sittings.set_take_status, self.take.id, "no_reply"
                )
                self.take = None
            self.ending_message = f"Recording could not continue: {message}."
            self._end("incomplete")

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving the page (or its tab) mid-sitting stops it, as Esc does: a clip must not play
        or a reply be recorded out of sight. Minimising the window (spontaneous) does not."""
        if not event.spontaneous() and self.state in SITTING:
            self.stop("You left the assessment, so it stopped.")
        super().hideEvent(event)

    def prepare_to_close(self) -> bool:
        """Closing mid-sitting keeps what was recorded and marks the sitting incomplete."""
        if self.state in SITTING:
            self.stop()
        self._release_microphone()
        return True
