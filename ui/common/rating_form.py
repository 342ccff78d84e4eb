"""The eight-facet 1–5 rating form, plus (for self-ratings) how hard it felt and a note."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.yardstick.facet_guide import SCALE_POINTS, FacetGuide, check_in_help, check_in_summary, guide_for
from practice_db.records import RatingInput
from practice_db.vocabulary import FACET_KEYS, FACET_LABELS, REACTION_LABELS

# "it" is always the highlighted row's quality; what each level sounds like is in the guide (F1).
SCALE_HINT = f"How strongly does the reply show the highlighted quality? {SCALE_POINTS}"
KEYS_HINT = "Keys: 1–5 rate and move down · ↑/↓ change row · F1 or ? facet guide · last row: 1–3 how it felt"
REACTION_ROW_HINT = "Last row: how this round felt to you. It sets the level of the next exercise (1–3)."
HIGHLIGHT = "background: #dceaf3; border-radius: 3px; padding: 1px 4px;"
NOTE_HINT = "A note for yourself. Please don't write anything that could identify a client."


def _html(text: str) -> str:
    return escape(text, quote=False)  # apostrophes stay readable in rich text


class RatingForm(QWidget):
    changed = Signal(object)  # RatingInput, emitted on every change so nothing waits for a Save

    def __init__(self, with_reaction: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratingForm")
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        hint = QLabel(SCALE_HINT)
        hint.setObjectName("scaleHint")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555; font-size: 12px;")
        layout.addWidget(hint)
        self.keys_hint = QLabel(KEYS_HINT if with_reaction else KEYS_HINT.split(" · last row")[0])
        self.keys_hint.setObjectName("ratingKeysHint")
        self.keys_hint.setWordWrap(True)
        self.keys_hint.setStyleSheet("color: #777; font-size: 11px;")
        layout.addWidget(self.keys_hint)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # digits land here, not on a radio button
        self.row_labels: list[QLabel] = []
        self.current_row = 0
        grid = QGridLayout()
        grid.setVerticalSpacing(2)
        self.groups: dict[str, QButtonGroup] = {}
        for row, key in enumerate(FACET_KEYS):
            guide = guide_for(key)
            label = QLabel(FACET_LABELS[key])
            label.setToolTip(facet_tooltip(guide))
            self.row_labels.append(label)
            grid.addWidget(label, row, 0)
            group = QButtonGroup(self)
            for score in range(1, 6):
                button = QRadioButton(str(score))
                button.setObjectName(f"{key}_{score}")
                button.setToolTip(score_tooltip(guide, score))
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                group.addButton(button, score)
                grid.addWidget(button, row, score)
            group.idClicked.connect(lambda _id: self._emit())
            self.groups[key] = group
        layout.addLayout(grid)
        # The highlighted row's quality in words, always visible (tooltips need a mouse).
        self.description = QLabel()
        self.description.setObjectName("facetDescription")
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color: #333; font-size: 12px;")
        self.description.setMinimumHeight(2 * self.description.fontMetrics().lineSpacing())
        layout.addWidget(self.description)
        self.reaction_group = QButtonGroup(self)
        reactions = QHBoxLayout()
        reaction_label = QLabel("How did it feel?")
        self.row_labels.append(reaction_label)
        reactions.addWidget(reaction_label)
        self.reaction_buttons: dict[str, QRadioButton] = {}
        for index, (key, text) in enumerate(REACTION_LABELS.items()):
            button = QRadioButton(text)
            button.setObjectName(f"reaction_{key}")
            help_ = check_in_help(key)
            button.setToolTip(f"{help_.means} {help_.next_step}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.reaction_group.addButton(button, index)
            self.reaction_buttons[key] = button
            reactions.addWidget(button)
        self.reaction_group.idClicked.connect(lambda _id: self._emit())
        reactions.setContentsMargins(0, 0, 0, 0)
        reaction_box = QWidget()
        reaction_column = QVBoxLayout(reaction_box)
        reaction_column.setContentsMargins(0, 4, 0, 0)
        reaction_column.setSpacing(1)
        reaction_column.addLayout(reactions)
        self.check_in_help = QLabel(check_in_summary())
        self.check_in_help.setObjectName("checkInHelp")
        self.check_in_help.setWordWrap(True)
        self.check_in_help.setStyleSheet("color: #555; font-size: 11px;")
        reaction_column.addWidget(self.check_in_help)
        reaction_box.setVisible(with_reaction)
        layout.addWidget(reaction_box)
        self.row_count = len(self.row_labels) if with_reaction else len(FACET_KEYS)
        self.note = QPlainTextEdit()
        self.note.setObjectName("ratingNote")
        self.note.setPlaceholderText(NOTE_HINT)
        self.note.setMaximumHeight(52)  # two lines: the room goes to the guidance above
        self.note.setTabChangesFocus(True)  # Tab leaves the note: the keyboard is never trapped
        self.note.textChanged.connect(self._emit)
        layout.addWidget(self.note)
        layout.addStretch(1)  # spare height goes below the form, not between its lines
        self.set_current_row(0)

    def set_current_row(self, row: int) -> None:
        self.current_row = max(0, min(self.row_count - 1, row))
        for i, label in enumerate(self.row_labels):
            label.setStyleSheet(HIGHLIGHT if i == self.current_row else "")
        facet = self.highlighted_facet()
        if facet is None:
            self.description.setText(REACTION_ROW_HINT)
        else:
            self.description.setText(f"<b>{FACET_LABELS[facet]}</b>: {_html(guide_for(facet).listens_for)}")

    def highlighted_facet(self) -> str | None:
        """The facet key of the highlighted row; None on the check-in row."""
        return FACET_KEYS[self.current_row] if self.current_row < len(FACET_KEYS) else None

    def rate_current(self, digit: int) -> bool:
        """A number key: 1–5 rates the highlighted facet and moves down; on the last row 1–3 say
        how it felt. False when the digit means nothing on this row."""
        if 1 <= digit <= 5 and self.current_row < len(FACET_KEYS):
            self.groups[FACET_KEYS[self.current_row]].button(digit).click()
            self.set_current_row(self.current_row + 1)
            return True
        if 1 <= digit <= len(self.reaction_buttons) and self.current_row == len(FACET_KEYS):
            list(self.reaction_buttons.values())[digit - 1].click()
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """With focus in the form (the Review page): 1–5 rate, arrows move; other keys go up."""
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.set_current_row(self.current_row + (1 if key == Qt.Key.Key_Down else -1))
        elif not (Qt.Key.Key_1 <= key <= Qt.Key.Key_5 and self.rate_current(key - Qt.Key.Key_0)):
            super().keyPressEvent(event)  # ignored: Space, Esc, letters reach the page

    def value(self) -> RatingInput:
        scores = {k: (g.checkedId() if g.checkedId() > 0 else None) for k, g in self.groups.items()}
        reaction = next((k for k, b in self.reaction_buttons.items() if b.isChecked()), None)
        return RatingInput(scores=scores, reaction=reaction, note=self.note.toPlainText())

    def clear(self) -> None:
        for group in [*self.groups.values(), self.reaction_group]:
            group.setExclusive(False)
            for button in group.buttons():
                button.setChecked(False)
            group.setExclusive(True)
        self.set_current_row(0)
        self.note.blockSignals(True)
        self.note.clear()
        self.note.blockSignals(False)

    def show_values(self, value: RatingInput) -> None:
        """Fill the form without announcing a change (a rating saved elsewhere, or one's own back)."""
        self.clear()
        for key, score in value.scores.items():
            button = self.groups[key].button(score) if key in self.groups and score else None
            if button is not None:
                button.setChecked(True)
        if value.reaction in self.reaction_buttons:
            self.reaction_buttons[value.reaction].setChecked(True)
        self.note.blockSignals(True)
        self.note.setPlainText(value.note)
        self.note.blockSignals(False)

    def _emit(self) -> None:
        self.changed.emit(self.value())


def facet_tooltip(guide: FacetGuide) -> str:
    levels = "".join(f"<br><b>{score}</b>: {_html(text)}" for score, text in guide.anchors())
    return f"<b>{_html(guide.label)}</b>: {_html(guide.listens_for)}{levels}<br><i>F1: the facet guide</i>"


def score_tooltip(guide: FacetGuide, score: int) -> str:
    text = guide.anchor(score)
    return f"{score}: {text}" if text else f"{score}: between {score - 1} and {score + 1}"
