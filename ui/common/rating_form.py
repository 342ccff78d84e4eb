"""The eight-facet 1–5 rating form, plus (for self-ratings) how hard it felt and a note."""

from __future__ import annotations

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

from practice_db.records import RatingInput
from practice_db.vocabulary import FACET_KEYS, FACET_LABELS, REACTION_LABELS

SCALE_HINT = "1 = not at all like this reply · 3 = an ordinary reply · 5 = extremely like it"
KEYS_HINT = "Keys: 1–5 rate the highlighted row and move on · ↑/↓ change row · last row: 1–3 for how it felt"
HIGHLIGHT = "background: #dceaf3; border-radius: 3px; padding: 1px 4px;"
NOTE_HINT = "A note for yourself. Please don't write anything that could identify a client."


class RatingForm(QWidget):
    changed = Signal(object)  # RatingInput, emitted on every change so nothing waits for a Save

    def __init__(self, with_reaction: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratingForm")
        layout = QVBoxLayout(self)
        hint = QLabel(SCALE_HINT)
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        self.keys_hint = QLabel(KEYS_HINT if with_reaction else KEYS_HINT.split(" · last row")[0])
        self.keys_hint.setStyleSheet("color: #777; font-size: 11px;")
        layout.addWidget(self.keys_hint)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # digits land here, not on a radio button
        self.row_labels: list[QLabel] = []
        self.current_row = 0
        grid = QGridLayout()
        self.groups: dict[str, QButtonGroup] = {}
        for row, key in enumerate(FACET_KEYS):
            label = QLabel(FACET_LABELS[key])
            self.row_labels.append(label)
            grid.addWidget(label, row, 0)
            group = QButtonGroup(self)
            for score in range(1, 6):
                button = QRadioButton(str(score))
                button.setObjectName(f"{key}_{score}")
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                group.addButton(button, score)
                grid.addWidget(button, row, score)
            group.idClicked.connect(lambda _id: self._emit())
            self.groups[key] = group
        layout.addLayout(grid)
        self.reaction_group = QButtonGroup(self)
        reactions = QHBoxLayout()
        reaction_label = QLabel("How did it feel?")
        self.row_labels.append(reaction_label)
        reactions.addWidget(reaction_label)
        self.reaction_buttons: dict[str, QRadioButton] = {}
        for index, (key, text) in enumerate(REACTION_LABELS.items()):
            button = QRadioButton(text)
            button.setObjectName(f"reaction_{key}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.reaction_group.addButton(button, index)
            self.reaction_buttons[key] = button
            reactions.addWidget(button)
        self.reaction_group.idClicked.connect(lambda _id: self._emit())
        reaction_box = QWidget()
        reaction_box.setLayout(reactions)
        reaction_box.setVisible(with_reaction)
        layout.addWidget(reaction_box)
        self.row_count = len(self.row_labels) if with_reaction else len(FACET_KEYS)
        self.note = QPlainTextEdit()
        self.note.setObjectName("ratingNote")
        self.note.setPlaceholderText(NOTE_HINT)
        self.note.setMaximumHeight(70)
        self.note.setTabChangesFocus(True)  # Tab leaves the note: the keyboard is never trapped
        self.note.textChanged.connect(self._emit)
        layout.addWidget(self.note)
        self.set_current_row(0)

    def set_current_row(self, row: int) -> None:
        self.current_row = max(0, min(self.row_count - 1, row))
        for i, label in enumerate(self.row_labels):
            label.setStyleSheet(HIGHLIGHT if i == self.current_row else "")

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

    def _emit(self) -> None:
        self.changed.emit(self.value())
