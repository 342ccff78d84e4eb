"""The note a form shows when someone else saved the same thing while this person was editing
(storage's EditConflict): the newer version is in the form now; theirs is written out here, with
"Use mine" (save it over the newer one) and "Keep this version". Alt+U / Alt+K, or Tab to them."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from practice_db.records import RatingInput
from practice_db.vocabulary import FACET_KEYS, FACET_LABELS


def scores_text(scores: Mapping[str, int | None]) -> str:
    given = [f"{FACET_LABELS[k]} {scores[k]}" for k in FACET_KEYS if scores.get(k) is not None]
    return ", ".join(given) if given else "no scores"


def rating_text(value: RatingInput) -> str:
    """A person's own unsaved rating in one short paragraph (plain text)."""
    parts = [scores_text(value.scores)]
    for label, words in (
        ("note", value.note),
        ("what went well", value.went_well),
        ("point to work on", value.corrective_point),
        ("second point", value.extra_corrective_point),
    ):
        if words:
            parts.append(f"{label}: “{words}”")
    if value.ask_again:
        parts.append("asked for another attempt")
    return "; ".join(parts) + "."


def conflict_message(what: str, when: str, plural: bool = False) -> str:
    """e.g. what="Your rating of this attempt", when=" at 10:42" (or "" when not known)."""
    was, it = ("were", "them") if plural else ("was", "it")
    return (
        f"{what} {was} saved elsewhere{when} (on another computer, in another window or by someone "
        f"else) while you were editing {it}. That version is shown now, so nothing of it is lost."
    )


class ConflictNote(QFrame):
    use_mine = Signal()
    keep_theirs = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictNote")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#conflictNote { background: #fff6dd; border: 1px solid #d9b44a; }")
        layout = QVBoxLayout(self)
        self.text = QLabel()
        self.text.setObjectName("conflictText")
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        buttons = QHBoxLayout()
        self.mine_button = QPushButton("&Use mine")
        self.mine_button.setObjectName("conflictUseMine")
        self.mine_button.setToolTip("Save your version over the one shown (Alt+U)")
        self.theirs_button = QPushButton("&Keep this version")
        self.theirs_button.setObjectName("conflictKeepTheirs")
        self.theirs_button.setToolTip("Leave the version shown as it is (Alt+K)")
        buttons.addWidget(self.mine_button)
        buttons.addWidget(self.theirs_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.mine_button.clicked.connect(self._mine)
        self.theirs_button.clicked.connect(self._theirs)
        self.hide()

    def show_conflict(self, message: str, mine: str) -> None:
        """`message`: what happened (plain text); `mine`: the person's own values, kept here."""
        self.text.setText(
            f"<b>{escape(message)}</b><br>Your changes, not saved: {escape(mine)}"
            "<br>Use mine to save yours over it, or keep the version shown."
        )
        self.show()
        self.mine_button.setFocus()
        QTimer.singleShot(0, self._fit_dialog)

    def _fit_dialog(self) -> None:
        """A dialog grows to show every line of the note (a page scrolls instead)."""
        window = self.window()
        if isinstance(window, QDialog):
            window.resize(window.width(), max(window.height(), window.sizeHint().height()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A wrapped label in a dialog's layout is given one line's height; ask for all its lines.
        super().resizeEvent(event)
        needed = self.text.heightForWidth(self.text.width())
        if needed > 0 and needed != self.text.minimumHeight():
            self.text.setMinimumHeight(needed)

    def _mine(self) -> None:
        self.hide()
        self.use_mine.emit()

    def _theirs(self) -> None:
        self.hide()
        self.keep_theirs.emit()
