"""Rater practice (Help → Rater practice…): rate a practice anchor blind, then see the author's
scores beside yours. Replies are shown as A, B, C in a shuffled order; the reference stays out of
every widget until Enter. Nothing is stored: the scores live only while the dialog is open.

Keys: PgUp/PgDn exercise · A/B/C reply · L hear the client · Space play/pause the reply ·
1–5 rate and move down · ↑/↓ row · Enter reveal · N next reply · Esc or Ctrl+W close."""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.rater_practice.blind import LETTERS, blind_order
from app.rater_practice.compare import IncompleteRating, compare
from app.rater_practice.manifest import AnchorsUnavailable, load_anchor_set
from app.rater_practice.records import AnchorExercise, AnchorReply, AnchorSet
from practice_db.vocabulary import FACET_KEYS, PRESENTATION_LABELS
from ui.common.dialog_keys import close_on_ctrl_w
from ui.common.facet_guide_dialog import open_facet_guide
from ui.common.rating_form import RatingForm
from ui.common.tasks import TaskRunner
from ui.rater_practice.reveal_view import RevealView

if TYPE_CHECKING:
    from media.playback.playback_qt import QtPlaybackController

NOTICE = (
    "<b>Practice anchors</b> are replies written and rated for this app by the author of its "
    "exercises, so you can practise rating against a reference. They are worked examples from one "
    "rater, not norms and not a test. Each exercise has three replies, A, B and C, in a random order. "
    "<b>Nothing you rate here is saved.</b>"
)
KEYS = (
    "Keys: PgUp/PgDn exercise · A/B/C reply · L hear the client · Space play/pause the reply · "
    "1–5 rate · ↑/↓ row · F1 or ? facet guide · Enter show the author's scores · N next reply · Esc close"
)
Scores = dict[str, int | None]


def _label(name: str, text: str = "", wrap: bool = True, plain: bool = False) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    if plain:  # words from the manifest are shown as they are, never read as markup
        label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _button(name: str, text: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the rating form
    button.setAutoDefault(False)
    return button


def _box(*widgets: QWidget) -> QFrame:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    column = QVBoxLayout(frame)
    for widget in widgets:
        column.addWidget(widget)
    return frame


class RaterPracticeDialog(QDialog):
    def __init__(
        self,
        playback: QtPlaybackController | None,
        parent: QWidget | None = None,
        *,
        folder: Path | None = None,
        starter: Path | None = None,
        seed: int | None = None,
    ) -> None:
        super().__init__(parent)
        close_on_ctrl_w(self)
        self.setObjectName("raterPracticeDialog")
        self.setWindowTitle("Rater practice")
        self.playback = playback
        self.rng = random.Random(seed)
        self.anchors: AnchorSet | None = None
        self.orders: dict[str, tuple[tuple[str, AnchorReply], ...]] = {}
        self.scores: dict[str, Scores] = {}  # reply id -> this session's blind scores (never saved)
        self.revealed: set[str] = set()
        self.exercise_index = 0
        self.letter = "A"
        self.loaded: str | None = None  # what this dialog last gave the player: "client" or a reply id
        self.paused = False
        self._playing_name = ""
        self._closed = False
        self.tasks = TaskRunner("rater-practice", self)  # hashing the files stays off the GUI thread
        self._build()
        self._add_keys()
        if playback is not None:
            playback.started.connect(self._playback_started)
            playback.ended.connect(self._playback_ended)
            playback.error.connect(self._playback_error)
        self._set_ready(False)
        self.tasks.submit(
            partial(load_anchor_set, folder, starter), on_done=self._loaded, on_error=self._failed
        )

    # -- layout -----------------------------------------------------------------
    def _build(self) -> None:
        self.notice = _label("raterNotice", NOTICE)
        self.exercise_choice = QComboBox()
        self.exercise_choice.setObjectName("exerciseChoice")
        self.exercise_choice.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.exercise_choice.currentIndexChanged.connect(self._exercise_chosen)
        self.reply_buttons: dict[str, QRadioButton] = {}
        choose = QHBoxLayout()
        choose.addWidget(QLabel("Exercise (PgUp/PgDn):"))
        choose.addWidget(self.exercise_choice, 1)
        choose.addSpacing(16)
        for letter in LETTERS:
            button = QRadioButton(f"Reply {letter}")
            button.setObjectName(f"reply{letter}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(partial(self.choose_reply, letter))
            self.reply_buttons[letter] = button
            choose.addWidget(button)
        self.client_title = _label("clientTitle", plain=True)
        self.client_title.setStyleSheet("font-weight: bold;")
        self.statement = _label("clientStatement", plain=True)
        self.statement.setStyleSheet("font-size: 13px;")
        self.play_client = _button("playClient", "Hear the client (L)")
        self.play_client.clicked.connect(self.play_client_clip)
        self.reply_title = _label("replyTitle")
        self.reply_title.setStyleSheet("font-weight: bold;")
        self.reply_text = _label("replyText", plain=True)
        self.reply_text.setStyleSheet("font-size: 13px; color: #222;")
        self.play_reply = _button("playReply", "Play / pause the reply (Space)")
        self.play_reply.clicked.connect(self.toggle_reply)
        self.status = _label("playbackStatus")
        self.status.setStyleSheet("color: #555;")
        left = QVBoxLayout()
        left.addWidget(_box(self.client_title, self.statement, self.play_client))
        left.addWidget(_box(self.reply_title, self.reply_text, self.play_reply, self.status))
        left.addStretch(1)
        self.form = RatingForm(with_reaction=False)
        self.form.note.hide()  # nothing is saved, so a note would only be lost
        self.form.changed.connect(self._rated)
        self.count = _label("ratedCount")
        self.reveal_button = _button("revealButton", "Show the author's scores (Enter)")
        self.reveal_button.clicked.connect(self.reveal)
        self.next_button = _button("nextReply", "Next reply (N)")
        self.next_button.clicked.connect(self.next_reply)
        middle = QVBoxLayout()
        middle.addWidget(QLabel("<b>Your rating, blind</b>"))
        middle.addWidget(self.form)
        middle.addWidget(self.count)
        actions = QHBoxLayout()
        actions.addWidget(self.reveal_button)
        actions.addWidget(self.next_button)
        middle.addLayout(actions)
        middle.addStretch(1)
        self.reveal_view = RevealView()
        right = QVBoxLayout()
        right.addWidget(QLabel("<b>Against the reference</b>"))
        right.addWidget(self.reveal_view, 1)
        # Fixed widths: revealing must not shift the columns. A long statement and reply scroll
        # rather than push the dialog past a 720-pixel screen.
        texts = QWidget()
        texts.setLayout(left)
        self.left_scroll = QScrollArea()
        self.left_scroll.setObjectName("raterTexts")
        self.left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.left_scroll.setWidgetResizable(True)
        self.left_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.left_scroll.setWidget(texts)
        self.left_scroll.setFixedWidth(340)
        columns = QHBoxLayout()
        columns.addWidget(self.left_scroll)
        for column, width in ((middle, 485), (right, 395)):
            holder = QWidget()
            holder.setLayout(column)
            holder.setFixedWidth(width)
            columns.addWidget(holder)
        columns.addStretch(1)
        self.message = _label("raterMessage")
        self.message.setStyleSheet("color: #8a4b00;")
        keys = _label("raterKeys", KEYS)
        keys.setStyleSheet("color: #777; font-size: 11px;")
        close = _button("closeRaterPractice", "Close (Esc)")
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(keys, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(choose)
        layout.addLayout(columns, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.resize(1250, 660)

    def _add_keys(self) -> None:
        def key(sequence: str, slot: Callable[[], object]) -> None:
            QShortcut(QKeySequence(sequence), self, slot)  # dialog-wide: wherever the focus is

        key("PgDown", lambda: self.step_exercise(1))
        key("PgUp", lambda: self.step_exercise(-1))
        for letter in LETTERS:
            key(letter, partial(self.choose_reply, letter))
        key("L", self.play_client_clip)
        key("Space", self.toggle_reply)
        key("Return", self.reveal)
        key("Enter", self.reveal)
        key("N", self.next_reply)
        key("Up", lambda: self.form.set_current_row(self.form.current_row - 1))
        key("Down", lambda: self.form.set_current_row(self.form.current_row + 1))
        for digit in range(1, 6):
            key(str(digit), partial(self._rate_key, digit))
        for guide_key in ("F1", "?"):  # the shared yardstick, as from every rating form
            key(guide_key, lambda: open_facet_guide(self, self.form.highlighted_facet()))

    # -- loading ------------------------------------------------------------------
    def _loaded(self, anchors: AnchorSet) -> None:
        if self._closed:  # closed while loading: nothing left to show it in
            return
        self.anchors = anchors
        for exercise in anchors.exercises:
            self.orders[exercise.exercise_id] = blind_order(exercise, self.rng)
            label = PRESENTATION_LABELS.get(exercise.presentation, exercise.presentation)
            self.exercise_choice.addItem(f"{label}: {exercise.title}")
        self.message.setText(" ".join(anchors.problems))
        self._set_ready(True)
        self._exercise_chosen(0)

    def _failed(self, exc: BaseException) -> None:
        if self._closed:
            return
        text = (
            str(exc)
            if isinstance(exc, AnchorsUnavailable)
            else f"The practice anchors could not be loaded: {exc}"
        )
        self.message.setText(text)
        self.statement.setText("Rater practice is not available right now.")

    def _set_ready(self, ready: bool) -> None:
        for widget in (self.exercise_choice, self.form, self.play_client, self.play_reply, self.next_button):
            widget.setEnabled(ready)
        for button in self.reply_buttons.values():
            button.setEnabled(ready)
        self.reveal_button.setEnabled(False)
        if not ready:
            self.statement.setText("Loading the practice anchors…")

    # -- what is on screen -----------------------------------------------------------
    def current_exercise(self) -> AnchorExercise | None:
        if self.anchors is None or not self.anchors.exercises:
            return None
        return self.anchors.exercises[self.exercise_index]

    def current_reply(self) -> AnchorReply | None:
        exercise = self.current_exercise()
        if exercise is None:
            return None
        return dict(self.orders[exercise.exercise_id])[self.letter]

    def step_exercise(self, delta: int) -> None:
        if self.anchors is not None and self.anchors.exercises:
            self.exercise_choice.setCurrentIndex((self.exercise_index + delta) % len(self.anchors.exercises))

    def _exercise_chosen(self, index: int) -> None:
        exercise = (
            self.anchors.exercises[index]
            if self.anchors and 0 <= index < len(self.anchors.exercises)
            else None
        )
        if exercise is None:
            return
        self.exercise_index = index
        self._stop_mine()
        label = PRESENTATION_LABELS.get(exercise.presentation, exercise.presentation)
        self.client_title.setText(f"The client · {label} · {exercise.title}")
        self.statement.setText(f"“{exercise.statement}”")
        self.play_client.setEnabled(exercise.client_clip is not None)
        self.play_client.setToolTip(
            "" if exercise.client_clip else "No recording of this client; read the words."
        )
        self.choose_reply("A")

    def choose_reply(self, letter: str) -> None:
        exercise = self.current_exercise()
        if exercise is None:
            return
        self._stop_mine()
        self.letter = letter
        reply = self.current_reply()
        assert reply is not None
        self.reply_buttons[letter].setChecked(True)
        self._label_reply_buttons()
        self.reply_title.setText(f"Reply {letter}")
        self.reply_text.setText(f"“{reply.text}”")
        self.play_reply.setEnabled(reply.audio is not None)
        self.status.setText(
            "Space plays the reply. Listen before you rate: fluency is how it is said."
            if reply.audio
            else "This reply's recording is missing; rate it from its words."
        )
        self._show_scores(self.scores.get(reply.id, {}))
        revealed = reply.id in self.revealed
        self.form.setEnabled(not revealed)  # scores are fixed once the reference has been seen
        self.reveal_view.clear()
        if revealed:
            self._show_reveal(reply)
        self._update_count()
        self.form.setFocus()

    def _label_reply_buttons(self) -> None:
        exercise = self.current_exercise()
        if exercise is None:
            return
        for letter, reply in self.orders[exercise.exercise_id]:
            done = " ✓" if reply.id in self.revealed else ""
            self.reply_buttons[letter].setText(f"Reply {letter} ({letter}){done}")

    def _show_scores(self, scores: Scores) -> None:
        self.form.blockSignals(True)
        self.form.clear()
        for facet, value in scores.items():
            button = self.form.groups[facet].button(value) if value else None
            if button is not None:
                button.setChecked(True)
        self.form.set_current_row(next((i for i, f in enumerate(FACET_KEYS) if not scores.get(f)), 0))
        self.form.blockSignals(False)

    # -- rating and revealing -----------------------------------------------------------
    def _rate_key(self, digit: int) -> None:
        reply = self.current_reply()
        if reply is not None and reply.id not in self.revealed:
            self.form.rate_current(digit)

    def _rated(self, _value: object) -> None:
        reply = self.current_reply()
        if reply is not None and reply.id not in self.revealed:
            self.scores[reply.id] = dict(self.form.value().scores)
        self._update_count()

    def _rated_count(self) -> int:
        reply = self.current_reply()
        scores = self.scores.get(reply.id, {}) if reply else {}
        return sum(1 for f in FACET_KEYS if scores.get(f))

    def _update_count(self) -> None:
        reply = self.current_reply()
        if reply is not None and reply.id in self.revealed:
            self.count.setText("Revealed: your scores stay as you gave them.")
            self.reveal_button.setEnabled(False)
            return
        rated = self._rated_count()
        self.count.setText(f"{rated} of 8 facets rated")
        self.reveal_button.setEnabled(rated == len(FACET_KEYS))

    def reveal(self) -> None:
        reply = self.current_reply()
        if reply is None or reply.id in self.revealed:
            return
        try:
            compare(self.scores.get(reply.id, {}), reply.ratings)
        except IncompleteRating:
            self.count.setText(f"{self._rated_count()} of 8 facets rated: rate all eight to compare.")
            return
        self.revealed.add(reply.id)
        self.form.setEnabled(False)
        self._show_reveal(reply)
        self._label_reply_buttons()
        self._update_count()

    def _show_reveal(self, reply: AnchorReply) -> None:
        self.reveal_view.reveal(self.letter, reply, compare(self.scores[reply.id], reply.ratings))

    def next_reply(self) -> None:
        """The next letter; after C, the next exercise's A."""
        index = LETTERS.index(self.letter)
        if index + 1 < len(LETTERS):
            self.choose_reply(LETTERS[index + 1])
        else:
            self.step_exercise(1)

    # -- playback (the window's one player, as Rehearse and Review use it) -------------------
    def play_client_clip(self) -> None:
        exercise = self.current_exercise()
        if exercise is not None and exercise.client_clip is not None:
            self._play(exercise.client_clip, "client", "the client")

    def toggle_reply(self) -> None:
        reply = self.current_reply()
        if reply is None or reply.audio is None:
            return
        if self.playback is not None and self.playback.owner is self and self.loaded == reply.id:
            self.playback.toggle_pause()
            self.paused = not self.paused
            self.status.setText(
                f"Paused {self._playing_name}; Space goes on."
                if self.paused
                else f"Playing {self._playing_name}…"
            )
            return
        self._play(reply.audio, reply.id, f"reply {self.letter}")

    def _play(self, path: Path, what: str, name: str) -> None:
        if self.playback is None:
            self.status.setText("The player isn't ready yet; try again in a moment.")
            return
        holder = self.playback.owner
        if holder is not None and holder is not self and getattr(holder, "holds_playback", lambda: False)():
            self.status.setText("A practice clip is playing on the Rehearse page; let it finish first.")
            return
        self.loaded, self.paused = what, False
        self._playing_name = name
        self.playback.play_clip(path, owner=self)

    def _mine(self) -> bool:
        return self.playback is not None and self.playback.owner is self

    def _playback_started(self) -> None:
        if self._mine():
            self.status.setText(f"Playing {self._playing_name}…")

    def _playback_ended(self) -> None:
        if self._mine():
            self.loaded = None  # Space starts it again from the top
            self.status.setText(f"Finished playing {self._playing_name}.")

    def _playback_error(self, text: str) -> None:
        if self._mine():
            self.status.setText(f"Could not play {self._playing_name}: {text}")

    def _stop_mine(self) -> None:
        if self.playback is not None and self._mine():
            self.playback.stop()
        self.loaded = None

    # -- closing -------------------------------------------------------------------------
    def done(self, result: int) -> None:
        self._release()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._release()
        super().closeEvent(event)

    def _release(self) -> None:
        """Stop what this dialog plays and let go of the player's signals."""
        self._closed = True
        self._stop_mine()
        if self.playback is not None:
            self.playback.owner = None if self.playback.owner is self else self.playback.owner
            for signal, slot in (
                (self.playback.started, self._playback_started),
                (self.playback.ended, self._playback_ended),
                (self.playback.error, self._playback_error),
            ):
                try:
                    signal.disconnect(slot)
                except (RuntimeError, TypeError):
                    pass  # already let go
        self.tasks.shutdown(wait=False)
