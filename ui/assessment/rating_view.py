"""Blind rating of FIS assessments (a supervisor): choose a set's waiting sittings, rate their
takes one by one in this rater's shuffled order, and see whose they were only after the last one.

Before the reveal nothing on screen names a person, a date or an occasion: the chooser shows a
set's counts only, and a take is its code, its clip and its recording (`BlindTake`). Every change
is saved at once (partial ratings too) on the DB worker; once every take has all eight facets,
storage gives the reveal (`store.assessment_batches.reveal`).

Keys: ↑/↓ choose a set · Enter start · Space play/pause the reply · L hear the client ·
1–5 rate and move down · ↑/↓ row · PgDn/N next take · PgUp/P previous take · ? (F1) facet guide ·
Esc back to the list.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.clinic.file_sync import clinic_mode
from practice_db.assessment.batch import BatchKey, BlindBatch, RevealedTake, WaitingSet
from practice_db.assessment.ratings import is_complete
from practice_db.assessment.records import AssessmentRatingRecord, BlindTake
from practice_db.records import ClipRecord, ProfileRecord, RatingInput
from practice_db.vocabulary import FACET_KEYS
from ui.assessment.blind_saves import BlindRatingSaves
from ui.assessment.rating_reveal import RevealTable
from ui.common.conflict_note import ConflictNote
from ui.common.facet_guide_keys import add_facet_guide_key
from ui.common.page_keys import PageKeys
from ui.common.rating_form import RatingForm
from ui.common.remote_recording import fetch_clip, fetch_take

if TYPE_CHECKING:
    from media.playback.playback_qt import QtPlaybackController
    from practice_db.store import PracticeStore
    from ui.shell.context import UiContext
from ui.shell.data_changes import ASSESSMENTS

INTRO = (
    "<b>Blind rating.</b> Choose a set to rate. Its takes come one at a time in a shuffled order, "
    "mixed across clinicians and sittings. Who gave each take, and at which sitting, stays hidden "
    "until you have rated every take with all eight facets. Your ratings are saved as you go and "
    "no one else sees them."
)
CHOOSE_KEYS = "Keys: ↑/↓ choose a set · Enter start rating · ? facet guide while rating"
RATE_KEYS = (
    "Keys: Space play/pause the reply · L hear the client · 1–5 rate · ↑/↓ row · "
    "PgDn/N next take · PgUp/P previous · F1 or ? facet guide · Esc back to the list"
)
NOT_A_RATER = "Only a supervisor profile rates assessments."
NOTHING_WAITING = "No assessments are waiting for your rating."
Scores = dict[str, int | None]


def waiting_text(w: WaitingSet) -> str:
    started = f" · {w.rated} already rated by you" if w.rated else ""
    return (
        f"{w.set_name}: {w.assessments} assessment{'s' if w.assessments != 1 else ''} waiting, "
        f"{w.takes} take{'s' if w.takes != 1 else ''}{started}"
    )


def _label(name: str, text: str = "", plain: bool = False) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    if plain:  # clip words are shown as written, never read as markup
        label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _button(name: str, text: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the form
    button.setAutoDefault(False)
    return button


class BlindRatingView(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("blindRatingView")
        self.ctx = ctx
        self.store: PracticeStore | None = None
        self.profile: ProfileRecord | None = None
        self.playback: QtPlaybackController | None = None
        self.state = "choose"  # choose → rating → revealed
        self.waiting: list[WaitingSet] = []
        self.batch: BlindBatch | None = None
        self.scores: dict[int, Scores] = {}  # this rater's scores by take id, as last given
        self.index = 0
        self.revealed: tuple[RevealedTake, ...] = ()
        self.loaded: int | str | None = None  # what this view gave the player: a take id or "client"
        self._playing = ""
        self._build()
        self.keys = PageKeys(self)
        self._add_keys()
        self._show_state("choose")

    # -- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.pages = QStackedWidget()
        chooser = QWidget()
        column = QVBoxLayout(chooser)
        column.addWidget(_label("blindIntro", INTRO))
        self.set_list = QListWidget()
        self.set_list.setObjectName("waitingSets")
        self.set_list.setStyleSheet(
            "QListWidget#waitingSets { font-size: 14px; } QListWidget::item { padding: 8px; }"
        )
        self.set_list.itemActivated.connect(lambda _item: self.start())
        column.addWidget(self.set_list, 1)
        self.choose_message = _label("chooseMessage")
        column.addWidget(self.choose_message)
        column.addWidget(_label("chooseKeys", CHOOSE_KEYS))
        self.pages.addWidget(chooser)

        rating = QWidget()
        left = QVBoxLayout()
        self.take_title = _label("takeTitle")
        self.take_title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.progress = _label("ratedProgress")
        self.clip_title = _label("clipTitle", plain=True)
        self.clip_title.setStyleSheet("font-weight: bold;")
        self.statement = _label("clipStatement", plain=True)
        self.statement.setStyleSheet("font-size: 13px;")
        self.play_reply = _button("playReply", "Play / pause the reply (Space)")
        self.play_reply.clicked.connect(self.toggle_reply)
        self.play_client = _button("playClient", "Hear the client (L)")
        self.play_client.clicked.connect(self.play_client_clip)
        self.status = _label("playbackStatus")
        self.status.setStyleSheet("color: #555;")
        steps = QHBoxLayout()
        self.previous_button = _button("previousTake", "◀ Previous (PgUp)")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button = _button("nextTake", "Next (PgDn) ▶")
        self.next_button.clicked.connect(lambda: self.step(1))
        steps.addWidget(self.previous_button)
        steps.addWidget(self.next_button)
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(box)
        for widget in (self.clip_title, self.statement, self.play_client):
            inner.addWidget(widget)
        left.addWidget(self.take_title)
        left.addWidget(self.progress)
        left.addWidget(box)
        left.addWidget(self.play_reply)
        left.addWidget(self.status)
        left.addLayout(steps)
        left.addStretch(1)
        self.form = RatingForm(with_reaction=False)
        self.form.note.hide()  # the assessment has no notes: only the eight facets are kept
        self.form.changed.connect(self._rated)
        self.take_count = _label("facetCount")
        self.conflict = ConflictNote()  # saved elsewhere meanwhile: theirs in the form, yours here
        self.blind_saves = BlindRatingSaves(self.ctx.tasks, self.conflict, self)
        self.blind_saves.saved.connect(self._saved)
        self.blind_saves.failed.connect(self._failed)
        self.blind_saves.scores_shown.connect(self._newer_scores)
        right = QVBoxLayout()
        right.addWidget(self.conflict)
        right.addWidget(self.form)
        right.addWidget(self.take_count)
        right.addStretch(1)
        holder_left, holder_right = QWidget(), QWidget()
        holder_left.setLayout(left)
        holder_right.setLayout(right)
        holder_left.setFixedWidth(380)
        row = QHBoxLayout(rating)
        row.addWidget(holder_left)
        row.addWidget(holder_right, 1)
        self.pages.addWidget(rating)

        self.reveal_table = RevealTable()
        self.pages.addWidget(self.reveal_table)

        self.message = _label("ratingMessage")
        self.message.setStyleSheet("color: #8a4b00;")
        self.keys_hint = _label("ratingKeys")
        self.keys_hint.setStyleSheet("color: #777; font-size: 11px;")
        layout = QVBoxLayout(self)
        title = QLabel("<b>Rate assessments blind</b>")
        title.setObjectName("blindTitle")
        layout.addWidget(title)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.keys_hint)

    def _add_keys(self) -> None:
        def rating() -> bool:
            return self.state == "rating" and self.batch is not None

        add = self.keys.add
        add(
            "startRating",
            ["Return", "Enter"],
            self.start,
            lambda: self.state == "choose" and bool(self.waiting),
        )
        add("playReply", ["Space"], self.toggle_reply, rating)
        add("playClient", ["L"], self.play_client_clip, rating)
        add("nextTake", ["PgDown", "N"], lambda: self.step(1), rating)
        add("previousTake", ["PgUp", "P"], lambda: self.step(-1), rating)
        add("rowUp", ["Up"], lambda: self.form.set_current_row(self.form.current_row - 1), rating)
        add("rowDown", ["Down"], lambda: self.form.set_current_row(self.form.current_row + 1), rating)
        for digit in range(1, 6):
            add(f"rate{digit}", [str(digit)], partial(self.form.rate_current, digit), rating)
        add_facet_guide_key(self.keys, lambda: self.form, rating)  # ? here; F1 through the window
        add("backToList", ["Esc"], self.back_to_list, lambda: self.state != "choose")

    def _show_state(self, state: str) -> None:
        self.state = state
        self.pages.setCurrentIndex(("choose", "rating", "revealed").index(state))
        self.keys_hint.setText(
            RATE_KEYS if state == "rating" else "Keys: Esc back to the list" if state == "revealed" else ""
        )
        self.keys.sync()
        (
            self.form
            if state == "rating"
            else self.set_list
            if state == "choose"
            else self.reveal_table.table
        ).setFocus()

    # -- what the window hands over -----------------------------------------------------------
    def set_store(self, store: PracticeStore) -> None:
        self.store = store
        self.reload()

    def set_profile(self, profile: ProfileRecord) -> None:
        if self.profile is not None and self.profile.id != profile.id:
            self.back_to_list()  # another person: nothing of the last rater's batch stays on screen
        self.profile = profile
        self.reload()

    def set_playback(self, playback: QtPlaybackController) -> None:
        self.playback = playback
        playback.started.connect(self._playback_started)
        playback.ended.connect(self._playback_ended)
        playback.error.connect(self._playback_error)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.state == "choose":
            self.reload()  # sittings finished or rated elsewhere since the list was read

    # -- choosing ------------------------------------------------------------------------------
    def reload(self) -> None:
        """The sets waiting for this rater (counts only)."""
        self.set_list.clear()
        self.waiting = []
        self.keys.sync()
        if self.store is None or self.profile is None:
            return
        if not self.profile.is_supervisor:
            self.choose_message.setText(NOT_A_RATER)
            return
        self.choose_message.setText("Looking for assessments to rate…")
        self.ctx.tasks.submit(
            self.store.assessment_batches.waiting,
            self.profile.id,
            on_done=self._waiting,
            on_error=self._failed,
        )

    def _waiting(self, waiting: list[WaitingSet]) -> None:
        if self.profile is None or not self.profile.is_supervisor:
            return
        self.waiting = waiting
        self.set_list.clear()
        for entry in waiting:
            QListWidgetItem(waiting_text(entry), self.set_list)
        if waiting:
            self.set_list.setCurrentRow(0)
        self.choose_message.setText("" if waiting else NOTHING_WAITING)
        self.keys.sync()

    def start(self) -> None:
        row = self.set_list.currentRow()
        if self.store is None or self.profile is None or not 0 <= row < len(self.waiting):
            return
        key = BatchKey.of(self.profile.id, self.waiting[row].assessment_ids)
        self.message.setText("Opening the batch…")
        self.ctx.tasks.submit(
            self.store.assessment_batches.open, key, on_done=self._opened, on_error=self._failed
        )

    def _opened(self, batch: BlindBatch) -> None:
        if self.profile is None or batch.key.rater_id != self.profile.id:
            return  # the profile changed while it loaded
        self.batch = batch
        self.scores = {t: dict(s) for t, s in batch.scores.items()}
        if self.store is not None:
            self.blind_saves.start(self.store, self.profile.id, batch.versions)
        self.message.clear()
        if batch.done:
            self._fetch_reveal()
            return
        first = next((i for i, t in enumerate(batch.takes) if not self._complete(t)), 0)
        self._show_state("rating")
        self.show_take(first)

    # -- rating --------------------------------------------------------------------------------
    def current(self) -> BlindTake | None:
        return self.batch.takes[self.index] if self.batch and self.batch.takes else None

    def _complete(self, take: BlindTake) -> bool:
        return is_complete(self.scores.get(take.take_id, {}))

    def show_take(self, index: int) -> None:
        if self.batch is None or not self.batch.takes:
            return
        self._stop_mine()
        self.index = max(0, min(len(self.batch.takes) - 1, index))
        take = self.batch.takes[self.index]
        self.blind_saves.shown(take.take_id)
        self.take_title.setText(f"Take {take.code}")
        self.clip_title.setText(take.clip_title)
        self.statement.setText(f"“{take.statement}”" if take.statement else "")
        self.play_reply.setEnabled(take.recording_path is not None)
        self.status.setText("Space plays the reply. Listen before you rate: fluency is how it is said.")
        scores = self.scores.get(take.take_id, {})
        self.form.blockSignals(True)
        self.form.clear()
        for facet, value in scores.items():
            button = self.form.groups[facet].button(value) if value else None
            if button is not None:
                button.setChecked(True)
        self.form.set_current_row(next((i for i, f in enumerate(FACET_KEYS) if not scores.get(f)), 0))
        self.form.blockSignals(False)
        self.previous_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self.batch.takes) - 1)
        self._update_counts()
        self.form.setFocus()

    def step(self, delta: int) -> None:
        if self.batch is not None:
            self.show_take(self.index + delta)

    def _rated(self, value: RatingInput) -> None:
        take = self.current()
        if self.state != "rating" or take is None or self.store is None or self.profile is None:
            return
        scores = {k: value.scores.get(k) for k in FACET_KEYS}
        self.scores[take.take_id] = scores
        self._update_counts()
        self.blind_saves.submit(take.take_id, scores)  # in order, from the version last seen

    def _saved(self, record: AssessmentRatingRecord) -> None:
        if self.batch is None or self.state != "rating":
            return
        # The worker saves in order, so once the last take is complete every save has landed.
        if all(self._complete(t) for t in self.batch.takes) and is_complete(record.scores):
            self.ctx.changes.announce(ASSESSMENTS)  # this rater's results are no longer withheld
            self._fetch_reveal()

    def _newer_scores(self, take_id: int, scores: Scores) -> None:
        """Saved elsewhere meanwhile (or "Use mine"): the form shows these scores for that take."""
        self.scores[take_id] = dict(scores)
        take = self.current()
        if take is not None and take.take_id == take_id:
            self.show_take(self.index)
            if self.conflict.isVisible():
                self.conflict.mine_button.setFocus()
        self._update_counts()

    def _update_counts(self) -> None:
        if self.batch is None:
            return
        take = self.current()
        rated = sum(1 for t in self.batch.takes if self._complete(t))
        self.progress.setText(f"{rated} of {len(self.batch.takes)} rated")
        given = sum(1 for v in self.scores.get(take.take_id, {}).values() if v) if take else 0
        after = " · N for the next take" if given == len(FACET_KEYS) and rated < len(self.batch.takes) else ""
        self.take_count.setText(f"This take: {given} of 8 facets{after}")

    # -- reveal ----------------------------------------------------------------------------------
    def _fetch_reveal(self) -> None:
        if self.store is None or self.batch is None:
            return
        self.ctx.tasks.submit(
            self.store.assessment_batches.reveal,
            self.batch.key,
            on_done=self._revealed,
            on_error=self._failed,
        )

    def _revealed(self, takes: tuple[RevealedTake, ...]) -> None:
        if self.batch is None or self.profile is None or self.batch.key.rater_id != self.profile.id:
            return
        self._stop_mine()
        self.revealed = takes
        self.reveal_table.show_takes(takes)
        self._show_state("revealed")

    def back_to_list(self) -> None:
        self._stop_mine()
        self.batch, self.scores, self.revealed = None, {}, ()
        self.reveal_table.clear()
        self.message.clear()
        self._show_state("choose")
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(str(exc))  # storage's errors are plain sentences

    # -- playback (the window's one player) ------------------------------------------------------
    def toggle_reply(self) -> None:
        take = self.current()
        if take is None or take.recording_path is None:
            return
        if self.playback is not None and self._mine() and self.loaded == take.take_id:
            self.playback.toggle_pause()
            return
        if self.store is not None and clinic_mode(self.store):
            # Clinic mode: the take may be only on the server; a worker fetches it, then it plays.
            self.status.setText("Getting the reply…")
            self.ctx.tasks.submit(
                fetch_take,
                self.store,
                self.ctx.paths,
                take.take_id,
                take.recording_path,
                on_done=partial(self._take_fetched, take.take_id, take.code),
            )
            return
        self._play(self.ctx.paths.home / take.recording_path, take.take_id, f"take {take.code}")

    def _take_fetched(self, take_id: int, code: str, found: Path | str) -> None:
        take = self.current()
        if take is None or take.take_id != take_id:
            return  # the rater moved on meanwhile
        if isinstance(found, str):
            self.status.setText(found)
        else:
            self._play(found, take_id, f"take {code}")

    def play_client_clip(self) -> None:
        take = self.current()
        if take is None or self.store is None:
            return
        self.ctx.tasks.submit(
            self.store.clips.get, take.clip_id, on_done=partial(self._clip_found, take.take_id)
        )

    def _clip_found(self, take_id: int, clip: ClipRecord) -> None:
        take = self.current()
        if take is None or take.take_id != take_id:
            return
        if not clip.media_path:
            self.status.setText("This clip has no recording; read the client's words.")
            return
        if self.store is not None and clinic_mode(self.store):
            self.status.setText("Getting the clip…")  # it may have been added on another computer
            self.ctx.tasks.submit(
                fetch_clip, self.store, self.ctx.paths, clip, on_done=partial(self._clip_fetched, take_id)
            )
            return
        self._play(self.ctx.paths.home / clip.media_path, "client", "the client")

    def _clip_fetched(self, take_id: int, found: Path | str) -> None:
        take = self.current()
        if take is None or take.take_id != take_id:
            return
        if isinstance(found, str):
            self.status.setText(found)
        else:
            self._play(found, "client", "the client")

    def _play(self, path: Path, what: int | str, name: str) -> None:
        if self.playback is None:
            self.status.setText("The player isn't ready yet; try again in a moment.")
            return
        holder = self.playback.owner
        if holder is not None and holder is not self and getattr(holder, "holds_playback", lambda: False)():
            self.status.setText("Something else is playing; let it finish first.")
            return
        self.loaded = what
        self._playing = name
        self.playback.play_clip(path, owner=self)

    def _mine(self) -> bool:
        return self.playback is not None and self.playback.owner is self

    def _playback_started(self) -> None:
        if self._mine():
            self.status.setText(f"Playing {self._playing}…")

    def _playback_ended(self) -> None:
        if self._mine():
            self.loaded = None
            self.status.setText(f"Finished playing {self._playing}.")

    def _playback_error(self, text: str) -> None:
        if self._mine():
            self.status.setText(f"Could not play {self._playing}: {text}")

    def _stop_mine(self) -> None:
        if self.playback is not None and self._mine():
            self.playback.stop()
            self.playback.owner = None
        self.loaded = None

    def prepare_to_close(self) -> bool:
        self._stop_mine()
        return True
