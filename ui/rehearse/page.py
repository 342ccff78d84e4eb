"""Rehearse page: choose a session, then per exercise: clip plays, reply recorded, listen, self-rate.

Every step is saved as it happens: the attempt row exists before recording starts, the take is
stored the moment recording ends, and each rating change is written at once. Discarding a take
only marks it discarded (the file is kept), so Undo is always possible.
"""

from __future__ import annotations

import time
import uuid
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from media.playback.playback_qt import QtPlaybackController
from media.recording.recorder import Recorder, TakeResult
from media.recording.recorder_qt import QtRecorder
from practice_db.practice_plan import level_advice
from practice_db.records import (
    AttemptRecord,
    ClipRecord,
    ProfileRecord,
    RatingInput,
    SessionEntry,
    SessionRecord,
)
from ui.rehearse.close_question import ask_about_take_on_close
from ui.rehearse.kept_takes import KeptTake, load_kept_takes
from ui.rehearse.listen_back import ListenBack
from ui.rehearse.practice_session import PracticeSession, SessionRequest, begin_session
from ui.rehearse.practice_view import PracticeView
from ui.rehearse.rehearse_keys import add_rehearse_keys
from ui.rehearse.safety_flow import SafetyFlow, add_safety_keys
from ui.rehearse.self_rating_saves import SelfRatingSaves
from ui.rehearse.session_setup import SessionSetup
from ui.rehearse.session_summary import SessionSummary
from ui.rehearse.take_workers import open_microphone, store_take
from ui.shell.context import UiContext
from ui.shell.data_changes import ATTEMPTS, RATINGS, REVIEWS, StaleWatch

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

LISTENING_CAPTION = "Listen to the client…"
NO_RECORDING = (
    "The clip has ended. Without a microphone nothing was recorded, so there is nothing to rate. "
    "Read what a good reply does, then try Again (A) or go on with Next (N)."
)
SAVED = "Saved. Listen back (Space; ←/→ skip 5 s), then rate your reply."
SAVED_NO_VOICE = (
    "Saved, but no voice was heard: if you spoke, check the microphone. Listen back (Space), then rate."
)


class RehearsePage(QWidget):
    # setup | note (a content note before the clip) | playing | recording | rating | discarded | break
    # | idle | summary
    state_changed = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store: PracticeStore | None = None
        self.profile: ProfileRecord | None = None
        self.playback: QtPlaybackController | None = None
        self.session: PracticeSession | None = None
        self.clip: ClipRecord | None = None
        self.attempt: AttemptRecord | None = None
        self.recorder: QtRecorder | None = None
        self.take: TakeResult | None = None
        self.state = "setup"
        self.discard_when_stored = False
        self.setObjectName("rehearsePage")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        settings = ctx.settings.current
        self.setup = SessionSetup(
            default_count=int(getattr(settings, "session_clip_count", 5)),
            hide_noted=bool(getattr(settings, "hide_content_note_clips", False)),
        )
        self.view = PracticeView(show_statement=bool(getattr(settings, "show_statement", True)))
        self.summary = SessionSummary()
        self.stack = QStackedWidget()
        # On a small screen the exercise scrolls inside the page instead of growing the window.
        self.view_scroller = QScrollArea()
        self.view_scroller.setObjectName("exerciseScroller")
        self.view_scroller.setWidgetResizable(True)
        self.view_scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.view_scroller.setWidget(self.view)
        for w in (self.setup, self.view_scroller, self.summary):
            self.stack.addWidget(w)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)  # the window's own margins are enough
        outer.addWidget(self.stack)
        # Short names for the widgets the loop drives (tests use them too).
        v = self.view
        self.video, self.status, self.level, self.form = v.video, v.status, v.level, v.form
        self.care_note, self.again_button, self.next_button = v.care_note, v.again_button, v.next_button
        self.setup.start_requested.connect(self.start_session)
        self.setup.kept.rate_requested.connect(self.rate_kept)
        self.summary.new_session.connect(lambda: self._set_state("setup", ""))
        self.self_saves = SelfRatingSaves(ctx.tasks, v.form, v.conflict, self)
        self.self_saves.saved.connect(lambda _saved: self.ctx.changes.announce(RATINGS))
        self.self_saves.failed.connect(self.status.setText)
        v.rating_changed.connect(self._save_rating)  # the facets, check-in, note and criteria
        v.stop_button.clicked.connect(self.stop_recording)
        v.listen_button.clicked.connect(self.toggle_listen)
        v.again_button.clicked.connect(self.again)
        v.next_button.clicked.connect(self.next_clip)
        v.finish_button.clicked.connect(self.finish)
        v.show_statement.toggled.connect(self._statement_toggled)
        self.countdown = QTimer(self)
        self.countdown.setInterval(250)
        self.countdown.timeout.connect(self._tick)
        self.recording_ends_at = 0.0
        self.microphone_token = 0
        self.microphone_opening = False
        self.pending_clip_end: float | None = None
        self.listen_back = ListenBack(self)
        v.waveform.seek_requested.connect(self.seek_to)
        self.safety = SafetyFlow(self)  # content notes, Esc at every step, what "too hard" offers
        self.setup.hide_noted_changed.connect(self.safety.set_hide_noted)
        self.keys = add_rehearse_keys(self)
        add_safety_keys(self, self.keys)
        self._set_state("setup", "")
        # A supervisor's rating (here or from a bundle) may ask for another attempt.
        StaleWatch(self, ctx.changes, (REVIEWS,), self.load_kept_takes)

    # -- wiring ----------------------------------------------------------------
    def set_store(self, store: PracticeStore) -> None:
        self.store = store

    def set_profile(self, profile: ProfileRecord) -> None:
        if self.profile is not None and profile.id != self.profile.id:
            self._leave_for_next_person()
        self.profile = profile
        self.load_kept_takes()

    def load_kept_takes(self) -> None:
        if self.store is not None and self.profile is not None:
            show = self.setup.kept.show_takes
            self.ctx.tasks.submit(load_kept_takes, self.store, self.profile.id, on_done=show)
            self.ctx.tasks.submit(self.store.asked_again, self.profile.id, on_done=self.setup.show_asked)

    def rate_kept(self, kept: KeptTake) -> None:
        """A take kept after an interruption: listen back and rate it, outside any session."""
        if self.state not in ("setup", "summary", "idle"):
            return
        self.clip, self.attempt, self.take, self.listening = kept.clip, kept.attempt, None, False
        self.self_saves.kept_take(kept.attempt.id)
        self.reply = self.ctx.paths.home / (kept.attempt.recording_path or "")  # shown by the step
        self.view.show_clip(kept.clip, "kept from a session cut short")
        self._set_state("rating", "Your reply from last time. Listen back (Space), rate it, then Finish (F).")
        self.listen_back.show_kept(kept.attempt, self.reply)
        self.view.guidance.show()
        self.form.setFocus()

    def _leave_for_next_person(self) -> None:
        """A session and its summary belong to one person: end it quietly and show the setup."""
        self._release_microphone()
        if self.playback is not None and self._mine():
            self.playback.stop()
        session, self.session = self.session, None
        if session is not None and self.store is not None:
            self.ctx.tasks.submit(self.store.attempts.end_session, session.record.id)
        self.clip, self.take, self.attempt, self.listening = None, None, None, False
        self.setup.message.clear()
        self._set_state("setup", "")

    def set_playback(self, playback: QtPlaybackController) -> None:
        self.playback = playback
        self.video.attach(playback)
        playback.position_changed.connect(self.listen_back.show_position)
        playback.ended.connect(self._clip_ended)
        playback.error.connect(self._clip_failed)

    # -- sessions --------------------------------------------------------------
    def start_session(self, request: SessionRequest) -> None:
        if self.store is None or self.profile is None:
            self.setup.message.setText("Choose or create a profile first (File → Switch profile).")
            return
        self.ctx.tasks.submit(
            begin_session, self.store, self.profile, request, on_done=partial(self._session_begun, request)
        )

    def _session_begun(self, request: SessionRequest, begun: tuple[SessionRecord, ClipRecord | None]) -> None:
        record, first = begun
        if self.profile is None or record.profile_id != self.profile.id:
            if self.store is not None:  # begun for the person before a profile switch
                self.ctx.tasks.submit(self.store.attempts.end_session, record.id)
            return
        self.session = PracticeSession(request, record, request.level)
        if request.first_clip is not None:  # chosen in the Library: its level, for its presentation only
            self.session.levels[request.first_clip.presentation] = request.first_clip.difficulty
        if first is None:
            self.setup.message.setText("No exercises match that choice. Try a wider set.")
            self.session = None
            return
        self.start_clip(first)

    def practise(self, clip: ClipRecord) -> None:
        """From the Library: this exercise now, inside the current session or a new one."""
        if self.state in ("playing", "recording"):
            return
        if self.session is None:
            hide = self.safety.hide_noted()
            self.start_session(
                SessionRequest(mode="single", clip_count=None, first_clip=clip, hide_noted=hide)
            )
        else:
            self.start_clip(clip)

    def next_clip(self) -> None:
        if self.store is None or self.profile is None or self.session is None:
            return
        if self.state in ("playing", "recording"):
            return
        s = self.session
        self._set_state("idle", "Finding the next exercise…")
        self.ctx.tasks.submit(
            self.store.next_exercise,
            self.profile.id,
            s.request.clip_filter(),
            s.level,
            s.passed(),
            dict(s.levels),
            on_done=self.safety.next_found,
        )

    def again(self) -> None:
        if self.clip is not None:
            self.start_clip(self.clip)

    def finish(self) -> None:
        self._release_microphone()
        if self.playback is not None:
            self.playback.stop()
        session, self.session = self.session, None
        if session is None or self.store is None:
            self._set_state("setup", "")
            self.load_kept_takes()  # one was just rated, maybe
            return
        self.ctx.tasks.submit(self.store.attempts.end_session, session.record.id)
        self.ctx.tasks.submit(
            self.store.attempts.session_entries,
            session.record.id,
            on_done=partial(self._summarise, session.record.profile_id),
        )

    def _summarise(self, profile_id: int, entries: list[SessionEntry]) -> None:
        if self.profile is None or self.profile.id != profile_id:
            return  # the profile was switched meanwhile: not this person's summary
        self.summary.show_entries(entries)
        self._set_state("summary", "")
        self.load_kept_takes()  # and the supervisor's requests: an attempt may have answered one

    # -- one exercise ----------------------------------------------------------
    def start_clip(self, clip: ClipRecord, note_seen: bool = False) -> None:
        if self.store is None or self.profile is None or self.playback is None or self.session is None:
            return
        if self.state in ("playing", "recording") or (not note_seen and self.safety.note_first(clip)):
            return
        self.clip, self.take, self.attempt, self.listening = clip, None, None, False
        self.reply = None
        self.discard_when_stored = False
        self.session.note_attempt(clip)
        self.view.show_clip(clip, self.session.progress_text())
        attempt_uuid = str(uuid.uuid4())
        self.ctx.tasks.submit(
            self.store.attempts.begin,
            self.profile.id,
            clip.id,
            self.session.record.id,
            f"recordings/{attempt_uuid}.wav",
            attempt_uuid,
            on_done=self._attempt_created,
        )
        self._release_microphone()  # one take per arm
        self.microphone_token += 1
        self.microphone_opening = True
        self.ctx.tasks.submit(
            open_microphone,
            self.ctx.settings.current.input_device_name,
            on_done=partial(self._microphone_ready, self.microphone_token),
        )
        if not clip.media_path:  # a statement-only exercise (e.g. from a bundle without clips)
            self.video.set_caption_text(clip.statement)
            self.video.show_caption(True)
            self._set_state("playing", "Read what the client says, then press Space and answer aloud.")
            return
        path = self.ctx.paths.home / clip.media_path
        self.video.prepare_clip(path, caption=self._caption(clip))
        self._set_state("playing", "Listen. When the client stops, answer aloud.")
        self.playback.play_clip(path, owner=self)

    def _caption(self, clip: ClipRecord) -> str:
        shown = self.view.show_statement.isChecked() and clip.statement
        return clip.statement if shown else LISTENING_CAPTION

    def _statement_toggled(self, shown: bool) -> None:
        self.ctx.settings.update(show_statement=shown)
        if self.clip is not None and self.state == "playing":
            self.video.set_caption_text(self._caption(self.clip))

    def _microphone_ready(self, token: int, opened: tuple[Recorder | None, str | None]) -> None:
        recorder, message = opened
        if token != self.microphone_token or self.state not in ("playing", "recording"):
            if recorder is not None:
                recorder.close()  # a newer clip was started meanwhile
            return
        self.microphone_opening = False
        if message:
            self.status.setText(message)
        self.view.meter.set_state("ready" if recorder is not None else "off")
        if recorder is not None:
            self.recorder = QtRecorder(recorder, self)
            self.recorder.level_changed.connect(self.view.meter.set_level)
            self.recorder.take_finished.connect(self._take_finished)
            self.recorder.take_failed.connect(self._take_failed)
            self.recorder.arm()  # already open: this only starts the level meter
        if self.pending_clip_end is not None:  # the clip ended while the microphone was opening
            self._start_take(self.pending_clip_end)

    def _attempt_created(self, attempt: AttemptRecord) -> None:
        self.attempt = attempt
        if attempt.no_speech and self.state == "rating" and self.status.text() == SAVED:
            self.status.setText(SAVED_NO_VOICE)  # a muted microphone should not pass unnoticed
        self.ctx.changes.announce(ATTEMPTS)  # begun, stored, discarded or restored

    def holds_playback(self) -> bool:
        """True while the clip of an exercise is playing: other pages must not take the player."""
        return self.state == "playing"

    def _mine(self) -> bool:
        return self.playback is not None and self.playback.owner is self

    def _clip_ended(self) -> None:
        if not self._mine():
            return
        if self.state == "playing":
            self._start_take(time.monotonic())
        elif self.listening:
            self.listening = False

    def _start_take(self, ended_at: float) -> None:
        if self.recorder is None and self.microphone_opening:
            self.pending_clip_end = ended_at  # start as soon as the microphone is open
            self.status.setText("One moment, the microphone is opening…")
            return
        self.pending_clip_end = None
        if self.recorder is None or self.attempt is None:
            if self.attempt is not None and self.store is not None:  # nothing to recover later
                self.ctx.tasks.submit(self.store.attempts.set_status, self.attempt.id, "discarded")
            self._set_state("idle", NO_RECORDING)
            self.view.guidance.show()  # what still works without a recording: the criteria and example
            return
        final = self.ctx.paths.home / (self.attempt.recording_path or "")
        window = float(self.ctx.settings.current.response_window_s)
        if not self.recorder.start_take(final, window, clip_ended_at=ended_at):
            return  # take_failed has told the user why
        self.recording_ends_at = ended_at + window
        self._set_state("recording", "Recording your reply… press Space when you have finished.")
        self.countdown.start()
        self._tick()

    def _tick(self) -> None:
        left = max(0, round(self.recording_ends_at - time.monotonic()))
        self.status.setText(
            f"Recording your reply… {left // 60}:{left % 60:02d} left. "
            "Space when you have finished, Esc to stop (what you said is kept)."
        )

    def _clip_failed(self, message: str) -> None:
        if not self._mine():
            return
        if self.state == "playing":
            if self.recorder is not None:
                self.recorder.discard()
            self._set_state("idle", message)
        elif self.listening:
            self.listening = False
            self.status.setText(message)

    def _take_failed(self, message: str) -> None:
        self._set_state("idle", f"Recording could not continue: {message}")

    def stop_recording(self) -> None:
        if self.state == "recording" and self.recorder is not None:
            self.recorder.stop()
        elif self.state == "playing" and self.clip is not None and not self.clip.media_path:
            self._start_take(time.monotonic())  # statement read: the reply starts now

    def _take_finished(self, take: TakeResult) -> None:
        if self.store is None or self.attempt is None:
            return
        self.take = take
        self.level.setValue(0)
        discard = self.discard_when_stored
        self.ctx.tasks.submit(
            store_take,
            self.store,
            self.ctx.paths.home,
            self.attempt.id,
            take,
            discard,
            on_done=self._attempt_created,
        )
        self.listen_back.show(take.path)  # a thrown-away take can still be listened to, and brought back
        if discard:
            self.safety.show_discarded()
            return
        self._set_state("rating", take.message or SAVED)
        self.view.guidance.show()
        self.form.setFocus()

    # -- listen back, discard, rate --------------------------------------------
    def toggle_listen(self) -> None:
        self.listen_back.toggle()

    def seek(self, delta_ms: int) -> None:
        self.listen_back.seek(delta_ms)

    def seek_to(self, ms: int) -> None:
        self.listen_back.seek_to(ms)

    # The reply on screen and whether it is playing live in ListenBack; the steps read them here.
    @property
    def reply(self) -> Path | None:
        return self.listen_back.reply

    @reply.setter
    def reply(self, path: Path | None) -> None:
        self.listen_back.reply = path

    @property
    def listening(self) -> bool:
        return self.listen_back.listening

    @listening.setter
    def listening(self, value: bool) -> None:
        self.listen_back.listening = value

    def _save_rating(self, rating: RatingInput) -> None:
        if self.store is None or self.attempt is None or self.profile is None or self.clip is None:
            return
        self.safety.checked_in(rating.reaction)
        self.view.advice.setText(level_advice(self.clip.difficulty, rating.reaction))
        if self.session is not None and rating.reaction is not None:
            self.session.note_reaction(self.clip, rating.reaction)
        if self.session is not None and self.session.is_complete():
            self.view.advice.setText(
                self.view.advice.text() + " That completes the session you planned: Finish when ready."
            )
        self.self_saves.submit(self.store, self.attempt.id, self.profile.id, rating)  # in order, versioned

    # -- state and keys --------------------------------------------------------
    def _set_state(self, state: str, message: str) -> None:
        if state != "recording":
            self.countdown.stop()
        self.state = state
        self.status.setText(message)
        self.view.show_step(
            state,
            in_session=self.session is not None,
            reading=state == "playing" and self.clip is not None and not self.clip.media_path,
            has_clip=self.clip is not None,
            has_reply=self.reply is not None,
            microphone_ready=self.recorder is not None,
        )
        panels = {"setup": self.setup, "summary": self.summary, **self.safety.panels}
        page = panels.get(state, self.view_scroller)
        self.stack.setCurrentWidget(page)
        self.keys.sync()
        self._keep_focus_usable()
        self.state_changed.emit(state)

    def _keep_focus_usable(self) -> None:
        """A disabled or hidden widget must not keep the focus (Tab would start from nowhere)."""
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            if not focused.isEnabled() or not focused.isVisible():
                (self.form if self.state == "rating" else self).setFocus()

    def _release_microphone(self) -> None:
        if self.recorder is not None:
            self.recorder.close()
            self.recorder.deleteLater()  # one wrapper per take: a long session must not keep them all
        self.recorder, self.pending_clip_end = None, None

    def prepare_to_close(self) -> bool:
        """Closing or quitting mid-take asks first: keep the take (rate it at the next start),
        throw it away (the file is kept, marked discarded), or go on recording."""
        if self.recorder is not None:
            if self.state == "recording":
                choice = ask_about_take_on_close(self)
                if choice == "cancel":
                    return False
                if choice == "discard":
                    self.discard_when_stored = True  # as Esc does, if the take is stored before exit
                    if self.attempt is not None and self.store is not None:
                        self.ctx.tasks.submit(self.store.attempts.set_status, self.attempt.id, "discarded")
                self.recorder.stop()
            self.recorder.close()
        if self.session is not None and self.store is not None:
            self.ctx.tasks.submit(self.store.attempts.end_session, self.session.record.id)
        self.listen_back.shutdown()
        return True
