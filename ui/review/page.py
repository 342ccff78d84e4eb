"""Review page: a supervisor listens, rates, comments at moments and gives one point to work on;
a clinician sees that feedback beside their own ratings and can go again from there.

Blind review: a supervisor sees the trainee's check-in, the exercise's criteria and example reply
while rating, but not the self-rating (nor the calibration panel) until their own rating of that
attempt has all eight facets; storage leaves it out of what this page is given until then."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.clinic.file_sync import clinic_mode
from media.analysis.waveform import Waveform
from media.playback.playback_qt import QtPlaybackController
from practice_db.progress.records import FacetCalibration
from practice_db.records import ProfileRecord, RatingInput, RatingRecord, ReviewDetail
from practice_db.transfer.records import QueueKey
from ui.common.conflict_note import ConflictNote
from ui.common.facet_guide_keys import add_facet_guide_key
from ui.common.long_titles import breakable, short_title
from ui.common.page_keys import PageKeys
from ui.common.remote_recording import NO_RECORDING, fetch_and_draw
from ui.common.tasks import TaskRunner
from ui.common.waveform_view import WaveformView, load_waveform
from ui.review.attempt_brief import CheckInLabel, ExerciseBrief
from ui.review.calibration_panel import CalibrationPanel, load_calibration
from ui.review.comments_panel import CommentsPanel
from ui.review.feedback_view import FeedbackView
from ui.review.rating_saves import ReviewRatingSaves
from ui.review.review_list import (
    ListRow,
    ReviewList,
    RowsPage,
    load_queue_page,
    load_queue_titles,
    load_rows,
)
from ui.review.self_comparison import SelfComparison
from ui.review.supervisor_form import SupervisorForm
from ui.shell.context import UiContext
from ui.shell.data_changes import ATTEMPTS, RATINGS, REVIEWS, StaleWatch

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

SEEK_MS = 5000
EMPTY = {
    "queue": "Nothing is waiting for review.",
    "reviewed": "No reviewed attempts yet. Feedback from a supervisor appears here.",
}


class ReviewPage(QWidget):
    practise_requested = Signal(object)  # ClipRecord: "Again" from the feedback

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store: PracticeStore | None = None
        self.profile: ProfileRecord | None = None
        self.playback: QtPlaybackController | None = None
        self.detail: ReviewDetail | None = None
        self.loaded: Path | None = None  # the recording last given to the player
        self._stale = False  # the list is out of date and reloads when the page is next shown
        self.files = TaskRunner("review-files", self)  # waveforms never wait behind the database
        # Clinic mode: (attempt id, the file to play, or None and why) once the file worker is done.
        self.fetched: tuple[int, Path | None, str | None] | None = None
        self.setObjectName("reviewPage")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.list = ReviewList()
        self.header = QLabel("Choose an attempt to review.")
        self.header.setObjectName("reviewHeader")
        self.header.setWordWrap(True)
        self.waveform = WaveformView()
        self.play_button = QPushButton("Play (Space)")
        self.play_button.setObjectName("reviewPlay")
        self.play_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.comment_button = QPushButton("Comment here (C)")
        self.comment_button.setObjectName("commentHere")
        self.comment_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.comments = CommentsPanel()
        self.check_in = CheckInLabel()
        self.brief = ExerciseBrief()
        self.form = SupervisorForm()
        self.conflict = ConflictNote()  # saved elsewhere meanwhile: theirs shown, yours kept here
        self.rating_saves = ReviewRatingSaves(ctx.tasks, self.form, self.conflict)
        # Under the form: criteria verdicts (ui/common/criteria_form.py) are added to this layout.
        self.criteria_slot = QVBoxLayout()
        self.comparison = SelfComparison()
        self.feedback = FeedbackView()
        self.calibration = CalibrationPanel()
        self.message = QLabel()
        self.message.setObjectName("reviewMessage")
        self.message.setWordWrap(True)
        self._build_layout()
        self.list.filters_changed.connect(self.refresh)
        self.list.attempt_selected.connect(self.open_attempt)
        self.waveform.seek_requested.connect(self.seek_to)
        self.play_button.clicked.connect(self.toggle_play)
        self.comment_button.clicked.connect(self.comment_here)
        self.comments.jump_requested.connect(self.seek_to)
        self.comments.add_requested.connect(self.add_comment)
        self.comments.delete_requested.connect(self.delete_comment)
        self.comments.done.connect(self._keys_back_to_attempt)
        self.form.changed.connect(self.save_rating)
        self.rating_saves.saved.connect(self._saved)
        self.rating_saves.failed.connect(self.message.setText)
        self.rating_saves.conflict_shown.connect(
            lambda: QTimer.singleShot(0, lambda: self.detail_scroll.ensureWidgetVisible(self.conflict, 0, 40))
        )
        self.feedback.practise_again.connect(self._practise_again)
        self.keys = PageKeys(self)
        self._add_keys()
        self._set_detail_visible(False)
        self.stale_watch = StaleWatch(self, ctx.changes, (ATTEMPTS, RATINGS, REVIEWS), self._data_changed)

    def _build_layout(self) -> None:
        detail = QWidget()
        column = QVBoxLayout(detail)
        column.addWidget(self.header)
        column.addWidget(self.waveform)
        transport = QHBoxLayout()
        transport.addWidget(self.play_button)
        transport.addWidget(self.comment_button)
        transport.addWidget(QLabel("<span style='color:#777'>←/→ seek 5 s · click the wave to jump</span>"))
        transport.addStretch(1)
        column.addLayout(transport)
        column.addWidget(self.check_in)  # beside the take
        column.addWidget(self.comments)
        column.addWidget(self.brief)  # criteria and example reply, just above the form
        column.addWidget(self.conflict)  # just above the form, which then shows the newer version
        column.addWidget(self.form)
        column.addLayout(self.criteria_slot)
        column.addWidget(self.comparison)
        column.addWidget(self.feedback)
        column.addWidget(self.message)
        column.addWidget(self.calibration)
        column.addStretch(1)
        self.detail_scroll = QScrollArea()
        self.detail_scroll.setObjectName("reviewDetailScroll")
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setWidget(detail)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(self.detail_scroll)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([440, 580])
        QVBoxLayout(self).addWidget(split)

    # -- wiring ----------------------------------------------------------------
    def set_store(self, store: PracticeStore) -> None:
        self.store = store
        self.refresh()

    def set_profile(self, profile: ProfileRecord) -> None:
        self.form.flush()
        self.profile, self.detail = profile, None
        self.calibration.trainee_id = None  # "you" and "they" swap with the profile
        self.list.clear_selection()  # the next list opens its first attempt afresh
        self.list.set_role(profile.is_supervisor)
        for table in (self.comparison.table, self.feedback.table):
            table.clearContents()  # nothing of the last person's view stays behind, even hidden
        self.calibration.body.clear()
        self._set_detail_visible(False)
        self.refresh()

    def set_playback(self, playback: QtPlaybackController) -> None:
        self.playback = playback
        playback.position_changed.connect(self._show_position)
        playback.error.connect(self._show_error)

    def _show_position(self, ms: int) -> None:
        if self._mine():
            self.waveform.set_position(ms)

    def _show_error(self, text: str) -> None:
        if self._mine():
            self.message.setText(text)

    def _mine(self) -> bool:
        """The player holds this attempt's recording (not another page's clip, nor the attempt
        shown before: Space and the arrows act on the attempt on screen)."""
        return (
            self.playback is not None
            and self.playback.owner is self
            and self.loaded is not None
            and self.loaded == self._recording_path()
        )

    # -- list ------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the list (also after a bundle was imported) if on screen; otherwise when next shown,
        so start-up and profile switches don't wait for a queue the user isn't looking at."""
        self._load_list(keep=None)

    def _load_list(self, keep: int | None) -> None:
        """`keep`: the open attempt stays open even if it left this list (it was just reviewed)."""
        if self.store is None or self.profile is None:
            return
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        mode = self.list.mode.currentData() or "queue"
        trainee = self.list.chosen_trainee()
        if mode == "queue":
            self._load_queue(self.store, self.profile, trainee, keep)
        else:
            self.ctx.tasks.submit(
                load_rows,
                self.store,
                self.profile,
                mode,
                trainee,
                on_done=lambda rows: self._show_rows(rows, mode, keep),
            )
        if self.profile.is_supervisor:
            self.ctx.tasks.submit(self.store.profiles.list, on_done=self._trainees)

    def _load_queue(
        self, store: PracticeStore, me: ProfileRecord, trainee: int | None, keep: int | None
    ) -> None:
        """The queue's first page now, the exercise filter's titles after it, later pages as the
        list scrolls to its end (each read on the worker, so the GUI never waits for them)."""
        title = self.list.exercise.currentData()

        def fetch(after: QueueKey, done: Callable[[RowsPage], None]) -> None:
            self.ctx.tasks.submit(
                load_queue_page,
                store,
                me,
                trainee,
                title,
                after,
                on_done=done,
                on_error=lambda exc: self._page_failed(exc),
            )

        def show(page: RowsPage) -> None:
            self.list.table.setColumnHidden(4, True)  # the queue doesn't carry self-ratings
            self.list.show_page(page, fetch, EMPTY["queue"], keep)

        self.ctx.tasks.submit(load_queue_page, store, me, trainee, title, None, on_done=show)
        self.ctx.tasks.submit(load_queue_titles, store, me, trainee, on_done=self.list.set_titles)

    def _page_failed(self, exc: BaseException) -> None:
        self.list.model.fetch_failed()
        self.message.setText(f"The next part of the list could not be read: {exc}")

    def show_waiting_for(self, trainee_id: int) -> None:
        """The queue narrowed to one trainee (Enter on the Programme page); the list takes the keys."""
        index = self.list.mode.findData("queue")
        if index >= 0:
            self.list.mode.blockSignals(True)
            self.list.mode.setCurrentIndex(index)
            self.list.mode.blockSignals(False)
        self.list.choose_trainee(trainee_id)
        self.refresh()
        self.list.table.setFocus()

    def _show_rows(self, rows: list[ListRow], mode: str, keep: int | None = None) -> None:
        self.list.table.setColumnHidden(4, mode == "queue")  # the queue doesn't carry self-ratings
        self.list.show_rows(rows, EMPTY[mode], keep)

    def _data_changed(self) -> None:
        """Attempts, ratings or reviews were saved (here, on Rehearse, from a bundle): reload the
        list, and the open attempt's comments, feedback and calibration, without leaving it."""
        open_id = self.detail.attempt.id if self.detail is not None else None
        self._load_list(keep=open_id)
        if open_id is not None and self.store is not None and self.profile is not None:
            viewer = self.profile.id
            self.ctx.tasks.submit(
                self.store.feedback.detail,
                open_id,
                viewer,
                on_done=self._detail_changed,
                on_error=self._detail_gone,
            )

    def _detail_gone(self, exc: BaseException) -> None:
        """The open attempt was deleted (by its owner, from this list or the Library)."""
        from practice_db.errors import NotFoundError

        if not isinstance(exc, NotFoundError):
            raise exc
        if self.detail is not None and self.store is not None:
            self.detail = None
            self._set_detail_visible(False)

    def _detail_changed(self, detail: ReviewDetail) -> None:
        if self.detail is None or self.detail.attempt.id != detail.attempt.id:
            return  # another attempt was opened meanwhile
        if self.detail.self_hidden and not detail.self_hidden:
            self.message.setText(f"Saved. {detail.trainee.name}'s self-rating is now beside yours, above.")
        self._show_detail(detail)  # the same attempt: the form keeps its text; a full rating unblinds
        if self.profile is not None and not self.profile.is_supervisor:
            self.feedback.show_detail(detail)
        self._sync_calibration(reload=True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _trainees(self, people: list[ProfileRecord]) -> None:
        self.list.set_trainees([p for p in people if not p.is_supervisor])

    # -- one attempt -----------------------------------------------------------
    def open_attempt(self, attempt_id: int) -> None:
        if self.store is None or self.profile is None:
            return
        self.form.flush()  # text typed just before switching is saved to the previous attempt
        viewer = self.profile.id  # storage decides what this person may see (blind review)
        self.ctx.tasks.submit(self.store.feedback.detail, attempt_id, viewer, on_done=self._show_detail)

    def _show_detail(self, detail: ReviewDetail) -> None:
        new_attempt = self.detail is None or self.detail.attempt.id != detail.attempt.id
        self.detail = detail
        self._set_detail_visible(True)
        when = detail.attempt.started_at.astimezone().strftime("%d %b %Y, %H:%M")
        statement = escape(detail.clip.statement) or "<i>(no statement)</i>"
        self.header.setText(
            f"<h3 style='margin-bottom:2px'>{escape(breakable(short_title(detail.clip.title)))}</h3>"
            f"<span style='color:#555'>{escape(detail.trainee.name)} · {when}</span>"
            f"<p>The client says: “{statement}”</p>"
        )
        long = short_title(detail.clip.title) != detail.clip.title
        self.header.setToolTip(detail.clip.title if long else "")
        me = self.profile.id if self.profile else None
        self.comments.show_comments(detail.comments, dict(detail.names), me)
        self.waveform.set_pins([c.offset_ms for c in detail.comments])
        if me is not None and self.profile is not None and self.profile.is_supervisor:
            self.check_in.show_detail(detail)
            self.brief.show_detail(detail)
            self.comparison.show_detail(detail, me)
        if not new_attempt:
            return
        self.detail_scroll.verticalScrollBar().setValue(0)  # a new attempt opens at its top
        self._sync_calibration(reload=False)
        self.message.clear()
        if self.profile is not None and self.profile.is_supervisor:
            if self.store is not None:
                me, criteria = self.profile.id, detail.clip.criteria
                self.rating_saves.start(self.store, detail.attempt.id, me, detail.rating_by(me), criteria)
        else:
            self.feedback.show_detail(detail)
        if self.playback is not None and self.playback.owner is self:
            self.playback.stop()  # the previous attempt's recording
        self.loaded = None
        self.waveform.set_position(0)
        self.comments.pin(0)
        attempt_id = detail.attempt.id
        if self._clinic() and detail.attempt.recording_path:
            # Clinic mode: the take may be only on the server; the file worker fetches it first.
            self.fetched = None
            self.waveform.show_message("Getting the recording…")
            self.files.submit(
                fetch_and_draw,
                self.store,
                self.ctx.paths,
                detail.attempt,
                on_done=lambda found: self._recording_fetched(attempt_id, found),
            )
            return
        path = self._recording_path()
        if path is None:
            self.waveform.show_message(NO_RECORDING)
            return
        self.waveform.show_message("Drawing the recording…")
        self.files.submit(load_waveform, path, on_done=lambda w: self._show_waveform(attempt_id, w))

    def _clinic(self) -> bool:
        return self.store is not None and clinic_mode(self.store)

    def _recording_fetched(self, attempt_id: int, found: tuple[Path | None, Waveform | str]) -> None:
        if self.detail is None or self.detail.attempt.id != attempt_id:
            return  # the user moved on meanwhile
        path, drawn = found
        self.fetched = (attempt_id, path, drawn if path is None and isinstance(drawn, str) else None)
        self._show_waveform(attempt_id, drawn)

    def _calibration_allowed(self) -> bool:
        """The calibration rule: the panel sets this trainee's self-ratings against supervisors'
        over a year, which anchors a rating as much as the self-rating does. So a supervisor sees
        it only while the attempt on screen carries their own complete rating (when that attempt's
        self-rating appears too); with no attempt open, nobody does; a trainee always sees theirs."""
        return self.detail is not None and not self.detail.self_hidden

    def _sync_calibration(self, reload: bool) -> None:
        self.calibration.setVisible(self._calibration_allowed())
        if self.detail is None or not self._calibration_allowed():
            self.calibration.trainee_id = None
            self.calibration.body.clear()  # not kept behind a hidden widget either
        elif reload or self.calibration.trainee_id != self.detail.trainee.id:
            self._load_calibration(self.detail)

    def _load_calibration(self, detail: ReviewDetail) -> None:
        if self.store is None:
            return
        trainee, own = detail.trainee, self.profile is not None and detail.trainee.id == self.profile.id

        def show(items: list[FacetCalibration]) -> None:
            if (
                self._calibration_allowed()
                and self.detail is not None
                and self.detail.trainee.id == trainee.id
            ):
                self.calibration.show_calibration(trainee.id, items, own, trainee.name)

        self.ctx.tasks.submit(load_calibration, self.store, trainee.id, on_done=show)

    def _show_waveform(self, attempt_id: int, result: Waveform | str) -> None:
        if self.detail is None or self.detail.attempt.id != attempt_id:
            return  # the user moved on meanwhile
        if isinstance(result, str):
            self.waveform.show_message(result)
        else:
            self.waveform.set_waveform(result)

    def _recording_path(self) -> Path | None:
        relative = self.detail.attempt.recording_path if self.detail else None
        if not relative or self.detail is None:
            return None
        if self._clinic():  # only what the file worker found or fetched plays (None until then)
            fetched = self.fetched
            return fetched[1] if fetched is not None and fetched[0] == self.detail.attempt.id else None
        return self.ctx.paths.home / relative

    def _set_detail_visible(self, shown: bool) -> None:
        for w in (self.waveform, self.play_button, self.comment_button, self.comments):
            w.setVisible(shown)
        self.calibration.setVisible(shown and self._calibration_allowed())
        supervisor = bool(self.profile and self.profile.is_supervisor)
        for part in (self.check_in, self.brief, self.form, self.comparison):
            part.setVisible(shown and supervisor)
        self.feedback.setVisible(shown and not supervisor)
        self.keys.sync()

    # -- playback --------------------------------------------------------------
    def toggle_play(self) -> None:
        path = self._recording_path()
        if path is None and self._clinic() and self.detail is not None and self.detail.attempt.recording_path:
            fetched = self.fetched
            problem = fetched[2] if fetched is not None and fetched[0] == self.detail.attempt.id else None
            self.message.setText(problem or "The recording is still on its way from the clinic's server.")
            return
        if self.playback is None or path is None:
            return
        if self._mine():
            self.playback.toggle_pause()
            return
        holder = self.playback.owner
        if holder is not None and getattr(holder, "holds_playback", lambda: False)():
            self.message.setText("A practice clip is playing on the Rehearse page; let it finish first.")
            return
        self.loaded = path
        self.playback.play_clip(path, owner=self)

    def seek_to(self, ms: int) -> None:
        if self.playback is None or self._recording_path() is None:
            return
        if not self._mine():
            self.toggle_play()
        if self._mine():
            self.playback.seek(ms)
            self.waveform.set_position(ms)
            self.comments.pin(ms)

    def comment_here(self) -> None:
        position = self.playback.position_ms() if self.playback is not None and self._mine() else 0
        if self.playback is not None and self._mine():
            self.playback.pause()
        self.comments.start_comment(position or self.waveform.position_ms)

    # -- saving ----------------------------------------------------------------
    def save_rating(self, rating: RatingInput) -> None:
        if self.store is None or self.profile is None or self.detail is None:
            return
        self.rating_saves.submit(rating)  # in order, each from the version the last one made

    def _saved(self, attempt_id: int, saved: RatingRecord) -> None:
        self.list.mark_rated(attempt_id, saved.scores)
        self.message.setText("Saved.")
        self.calibration.trainee_id = None  # a new supervisor score changes the comparison
        self.ctx.changes.announce(RATINGS, REVIEWS)  # the queue, calibration, Library and Progress

    def add_comment(self, offset_ms: int, text: str) -> None:
        if self.store is None or self.profile is None or self.detail is None:
            return
        self.ctx.tasks.submit(
            self.store.ratings.add_comment,
            self.detail.attempt.id,
            self.profile.id,
            offset_ms,
            text,
            on_done=lambda _c: self.ctx.changes.announce(REVIEWS),  # reloads the open attempt too
            on_error=lambda exc: self.message.setText(str(exc)),
        )

    def delete_comment(self, comment_id: int) -> None:
        if self.store is None or self.profile is None or self.detail is None:
            return
        self.ctx.tasks.submit(
            self.store.ratings.delete_comment,
            comment_id,
            self.profile.id,
            on_done=lambda _r: self.ctx.changes.announce(REVIEWS),
            on_error=lambda exc: self.message.setText(str(exc)),
        )

    def _practise_again(self) -> None:
        if self.detail is not None:
            self.practise_requested.emit(self.detail.clip)

    # -- keys ------------------------------------------------------------------
    def _add_keys(self) -> None:
        """Window-wide while the page shows: they act on the attempt shown, wherever the focus is
        (the list never takes them: C no longer jumps to another attempt by its first letter)."""

        def shown() -> bool:
            return self.detail is not None

        def rating() -> bool:
            return self.detail is not None and self.form.isVisibleTo(self)

        add = self.keys.add
        add("play", ["Space"], self.toggle_play, shown)
        add("seekBack", ["Left"], lambda: self.seek_by(-SEEK_MS), shown)
        add("seekOn", ["Right"], lambda: self.seek_by(SEEK_MS), shown)
        add("comment", ["C"], self.comment_here, shown)
        add("leaveComment", ["Esc"], self._escape, shown)
        add("nextAttempt", ["Alt+Down"], lambda: self._step(1), shown)
        add("previousAttempt", ["Alt+Up"], lambda: self._step(-1), shown)
        for digit in range(1, 6):
            add(f"rate{digit}", [str(digit)], partial(self.form.facets.rate_current, digit), rating)
        add_facet_guide_key(self.keys, lambda: self.form.facets, rating)  # F1 or ?

    def _step(self, delta: int) -> None:
        self.list.step(delta)
        self._keys_back_to_attempt()  # out of a text box: Space plays the new attempt

    def _escape(self) -> None:
        if self.comments.text.hasFocus():
            self.comments.leave()

    def _keys_back_to_attempt(self) -> None:
        """After a comment: digits rate again (a supervisor) or the page takes the keys."""
        (self.form.facets if self.form.isVisibleTo(self) else self).setFocus()

    def seek_by(self, step_ms: int) -> None:
        if self.playback is not None and self._mine():
            self.seek_to(max(0, self.playback.position_ms() + step_ms))
        else:
            self.seek_to(max(0, self.waveform.position_ms + step_ms))

    def prepare_to_close(self) -> bool:
        self.form.flush()
        self.files.shutdown(wait=False)
        return True
