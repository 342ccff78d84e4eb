"""Safety in the Rehearse loop: the content note before a clip, Esc at every step, throwing a take
away (and Undo), and what "too hard" offers (a break, stopping for today, a gentler exercise).

Esc stops whatever is running and keeps what was recorded: during the clip (or while reading or
arming) it stops playback and releases the microphone; while recording it stops and keeps the
take; while listening back it stops the playback. Only with nothing running does Esc on a rating
throw the take away, and that can be undone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from practice_db.records import ClipRecord
from ui.common.page_keys import PageKeys
from ui.rehearse.content_note_card import ContentNoteCard
from ui.rehearse.practice_session import SessionRequest
from ui.rehearse.too_hard_offer import BreakPanel, TooHardOffer
from ui.shell.data_changes import ATTEMPTS

if TYPE_CHECKING:
    from practice_db.store import PracticeStore
    from ui.rehearse.page import RehearsePage

STOPPED_BEFORE_REPLY = (
    "Stopped. Nothing was recorded for this exercise. Again (A) plays it from the start, "
    "Next (N) moves on, Finish (F) ends the session."
)
STOPPED_AT_NOTE = "Stopped before the clip played. Nothing was recorded."
KEPT_AFTER_ESC = (
    "Stopped. Your reply is kept: listen back (Space), rate it, or press Esc again to throw it away."
)
LISTEN_STOPPED = "Playback stopped. Space plays your reply again."
NOTHING_ELSE = "No other exercise is left in this set, so the session ends here."
WELCOME_BACK = "Welcome back. Go on when you are ready: gentler (G), Next (N), Again (A) or Finish (F)."


def discard_unfinished(store: PracticeStore, session_id: int) -> None:
    """Worker: the attempt begun for a clip stopped before any reply has nothing to recover."""
    for attempt in store.attempts.for_session(session_id):
        if attempt.status == "recording":
            store.attempts.set_status(attempt.id, "discarded")


class SafetyFlow(QObject):
    def __init__(self, page: RehearsePage) -> None:
        super().__init__(page)
        self.page = page
        self.card = ContentNoteCard()
        self.rest = BreakPanel()
        page.stack.addWidget(self.card)
        page.stack.addWidget(self.rest)
        self.panels = {"note": self.card, "break": self.rest}
        self.noted: ClipRecord | None = None  # the clip waiting behind its content note
        self.break_from = "rating"
        self.kept_after_esc = False
        self.offer: TooHardOffer = page.view.care_note
        self.card.play_requested.connect(self.play_noted)
        self.card.skip_requested.connect(self.skip_noted)
        self.card.stop_requested.connect(self.stop_at_note)
        self.offer.break_requested.connect(self.take_break)
        self.offer.stop_requested.connect(page.finish)
        self.offer.gentler_requested.connect(self.go_gentler)
        self.rest.back_requested.connect(self.end_break)
        self.rest.stop_requested.connect(page.finish)
        page.view.undo_button.clicked.connect(self.undo_discard)
        page.state_changed.connect(self._state_changed)

    def hide_noted(self) -> bool:
        return bool(getattr(self.page.ctx.settings.current, "hide_content_note_clips", False))

    def set_hide_noted(self, hide: bool) -> None:
        self.page.ctx.settings.update(hide_content_note_clips=hide)

    # -- the content note ------------------------------------------------------
    def note_first(self, clip: ClipRecord) -> bool:
        """True when the clip's note goes on screen first (once per clip in a session)."""
        session = self.page.session
        if session is not None:
            session.resume()  # an exercise chosen in the Library during a break ends the break
        if not clip.content_note or session is None or clip.id in session.clips_done:
            return False
        self.noted = clip
        total = session.request.clip_count  # this clip would be the next one of the planned number
        progress = f"Exercise {len(session.clips_done) + 1} of {total}" if total else ""
        self.card.show_clip(clip, progress)
        self.page._set_state("note", "")
        return True

    def play_noted(self) -> None:
        clip, self.noted = self.noted, None
        if clip is not None and self.page.state == "note":
            self.page.start_clip(clip, note_seen=True)

    def skip_noted(self) -> None:
        clip, session = self.noted, self.page.session
        if clip is None or session is None or self.page.state != "note":
            return
        self.noted = None
        session.skipped.append(clip.id)
        self.page.next_clip()

    def next_found(self, clip: ClipRecord | None) -> None:
        """The next suggestion: a clip passed by at its note comes back only if nothing else is left."""
        session = self.page.session
        if (
            clip is None
            or session is None
            or (clip.id in session.skipped and clip.id not in session.clips_done)
        ):
            if session is not None and not session.clips_done:
                self.stop_at_note(NOTHING_ELSE)
                return
            self.page.finish()
            return
        self.page.start_clip(clip)

    def stop_at_note(self, message: str = STOPPED_AT_NOTE) -> None:
        page, session = self.page, self.page.session
        self.noted = None
        if session is not None and session.clips_done:
            page.finish()  # what was practised is kept and summed up
            return
        page.session = None
        if session is not None and page.store is not None:
            page.ctx.tasks.submit(page.store.attempts.end_session, session.record.id)
        page._set_state("setup", "")
        page.setup.message.setText(message)

    # -- Esc -------------------------------------------------------------------
    def escape(self) -> None:
        page = self.page
        if page.state == "note":
            self.stop_at_note()
        elif page.state == "playing":
            self.stop_clip()
        elif page.state == "recording" and page.recorder is not None:
            self.kept_after_esc = True  # stop, and keep what was said
            page.recorder.stop()
        elif page.state in ("rating", "discarded") and page.listening:
            self.stop_listening()
        elif page.state == "rating":
            self.discard_take()

    def stop_clip(self) -> None:
        """The clip (or reading, or the microphone arming) stops; nothing was recorded."""
        page = self.page
        if page.playback is not None and page._mine():
            page.playback.stop()
        page._release_microphone()
        page.microphone_token += 1  # a microphone still opening is closed when it arrives
        page.microphone_opening = False
        if page.store is not None and page.session is not None:
            page.ctx.tasks.submit(
                discard_unfinished,
                page.store,
                page.session.record.id,
                on_done=lambda _none: page.ctx.changes.announce(ATTEMPTS),
            )
        page._set_state("idle", STOPPED_BEFORE_REPLY)

    def stop_listening(self) -> None:
        page = self.page
        if page.playback is not None and page._mine():
            page.playback.stop()
        page.listening = False
        page.view.waveform.set_position(0)
        page.status.setText(LISTEN_STOPPED)

    def _state_changed(self, state: str) -> None:
        if state == "rating" and self.kept_after_esc:
            take = self.page.take
            extra = f" {take.message}" if take is not None and take.message else ""
            self.page.status.setText(KEPT_AFTER_ESC + extra)
        if state not in ("recording",):
            self.kept_after_esc = False

    # -- throwing a take away, and Undo ----------------------------------------
    def discard_take(self) -> None:
        """Esc on a rating: throw this take away (kept on disk and undoable until the next exercise)."""
        page = self.page
        if page.state == "rating" and page.attempt is not None and page.store is not None:
            page.ctx.tasks.submit(
                page.store.attempts.set_status, page.attempt.id, "discarded", on_done=page._attempt_created
            )
            self.show_discarded()

    def show_discarded(self) -> None:
        page = self.page
        if page.listening and page.playback is not None:
            page.playback.stop()
            page.listening = False
        page._set_state("discarded", "Take discarded. Try it again, or move on.")
        page.view.undo_bar.show()

    def undo_discard(self) -> None:
        page = self.page
        if page.state != "discarded" or page.attempt is None or page.store is None:
            return
        page.view.undo_bar.hide()
        page.ctx.tasks.submit(
            page.store.attempts.set_status, page.attempt.id, "complete", on_done=page._attempt_created
        )
        page.discard_when_stored = False
        page._set_state("rating", "Take restored. Listen back (Space; ←/→ skip 5 s), then rate your reply.")
        page.view.guidance.show()
        page.form.setFocus()

    # -- too hard ----------------------------------------------------------------
    def checked_in(self, reaction: str | None) -> None:
        clip = self.page.clip
        if reaction == "too_hard" and clip is not None:
            self.offer.offer(clip.difficulty)
        else:
            self.offer.hide()
        self.page.keys.sync()

    def offered(self) -> bool:
        return self.page.state in ("rating", "discarded") and self.offer.isVisible()

    def take_break(self) -> None:
        page = self.page
        if page.state not in ("rating", "discarded"):
            return
        if page.listening:
            self.stop_listening()
        if page.session is not None:
            page.session.pause()
        self.break_from = page.state
        page._set_state("break", "")

    def end_break(self) -> None:
        page = self.page
        if page.state != "break":
            return
        if page.session is not None:
            page.session.resume()
        page._set_state(self.break_from, WELCOME_BACK)
        if self.break_from == "discarded":
            page.view.undo_bar.show()
        else:
            page.form.setFocus()

    def go_gentler(self) -> None:
        """The next suggestion follows the check-in: after "too hard" it steps down a level."""
        page = self.page
        if page.state not in ("rating", "discarded", "break"):
            return
        if page.session is not None:
            page.session.resume()
            page.next_clip()
        else:  # a take kept from last time: a new suggested session, its level from the check-ins
            page.start_session(SessionRequest(hide_noted=self.hide_noted()))


def add_safety_keys(page: RehearsePage, keys: PageKeys) -> None:
    flow = page.safety
    keys.add("playNoted", ["Return", "Enter", "Space"], flow.play_noted, lambda: page.state == "note")
    keys.add("skipNoted", ["S"], flow.skip_noted, lambda: page.state == "note")
    keys.add("takeBreak", ["B"], flow.take_break, flow.offered)
    keys.add("goGentler", ["G"], flow.go_gentler, lambda: flow.offered() or page.state == "break")
    keys.add("backFromBreak", ["Return", "Enter"], flow.end_break, lambda: page.state == "break")
