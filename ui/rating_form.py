"""The eight-facet 1–5 rating form, plus (for self-ratings) how hard it felt and a note."""

from __future__ import annotations

from PySide6.QtCore import Signal
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
        grid = QGridLayout()
        self.groups: dict[str, QButtonGroup] = {}
        for row, key in enumerate(FACET_KEYS):
            grid.addWidget(QLabel(FACET_LABELS[key]), row, 0)
            group = QButtonGroup(self)
            for score in range(1, 6):
                button = QRadioButton(str(score))
                button.setObjectName(f"{key}_{score}")
                group.addButton(button, score)
                grid.addWidget(button, row, score)
            group.idClicked.connect(lambda _id: self._emit())
            self.groups[key] = group
        layout.addLayout(grid)
        self.reaction_group = QButtonGroup(self)
        reactions = QHBoxLayout()
        reactions.addWidget(QLabel("How did it feel?"))
        self.reaction_buttons: dict[str, QRadioButton] = {}
        for index, (key, label) in enumerate(REACTION_LABELS.items()):
            button = QRadioButton(label)
            button.setObjectName(f"reaction_{key}")
            self.reaction_group.addButton(button, index)
            self.reaction_buttons[key] = button
            reactions.addWidget(button)
        self.reaction_group.idClicked.connect(lambda _id: self._emit())
        reaction_box = QWidget()
        reaction_box.setLayout(reactions)
        reaction_box.setVisible(with_reaction)
        layout.addWidget(reaction_box)
        self.note = QPlainTextEdit()
        self.note.setObjectName("ratingNote")
        self.note.setPlaceholderText(NOTE_HINT)
        self.note.setMaximumHeight(70)
        self.note.textChanged.connect(self._emit)
        layout.addWidget(self.note)

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
        self.note.blockSignals(True)
        self.note.clear()
        self.note.blockSignals(False)

    def _emit(self) -> None:
        self.changed.emit(self.value())
