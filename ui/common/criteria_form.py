"""The exercise's criteria, each judged Met / Partly / Not met: one compact row per criterion.

Keyboard: Tab brings the focus here; ↑/↓ change row; 1, 2, 3 judge the highlighted row (and move
down); Delete takes a verdict back. While the focus is here those keys belong to this form, not to
the page's window-wide keys (which rate the facets), so a digit never lands on the wrong form.
Every change is emitted at once, so nothing waits for a Save.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from practice_db.records import CriterionVerdict
from practice_db.vocabulary import VERDICT_LABELS, VERDICTS

TITLE = "Did the reply do what this exercise asks?"
KEYS_HINT = "Tab here, ↑/↓ row · 1 met · 2 partly · 3 not met · Del clears"
HIGHLIGHT = "background: #dceaf3; border-radius: 3px; padding: 1px 4px;"
PLAIN = "padding: 1px 4px;"
_ROW_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Delete, Qt.Key.Key_Backspace}
_DIGITS = {Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5}


class ElidedLabel(QLabel):
    """One line whatever the width: a long criterion ends in "…" and shows whole as a tooltip
    (the full wording is also in the guidance beside the form)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(80, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # never asks for the whole sentence's width: the radios come first
        return QSize(min(240, super().sizeHint().width()), super().sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        QFrame.paintEvent(self, event)  # the highlight's background (style sheet)
        painter = QPainter(self)
        rect = self.contentsRect().adjusted(4, 0, -4, 0)  # the highlight's padding
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), shown)


class CriteriaForm(QWidget):
    changed = Signal(object)  # tuple[CriterionVerdict, ...]: the verdicts given so far

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("criteriaForm")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab stops here; digits land here, not on a button
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(2)
        top = QHBoxLayout()  # title and keys on one line: the Rehearse page has little height to spare
        top.addWidget(QLabel(f"<b>{TITLE}</b>"))
        self.keys_hint = ElidedLabel(KEYS_HINT)  # gives way first in a narrow panel (Review)
        self.keys_hint.setStyleSheet("color: #777; font-size: 11px;")
        top.addWidget(self.keys_hint, 1)
        layout.addLayout(top)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setVerticalSpacing(0)
        self.grid.setColumnStretch(0, 1)
        layout.addLayout(self.grid)
        self.criteria: tuple[str, ...] = ()
        self.row_labels: list[QLabel] = []
        self.groups: list[QButtonGroup] = []
        self.current_row = 0
        self._rows: list[QWidget] = []

    # -- content ---------------------------------------------------------------
    def set_criteria(self, criteria: Sequence[str], verdicts: Sequence[CriterionVerdict] = ()) -> None:
        """Show these criteria with the verdicts already given (nothing is emitted)."""
        for widget in self._rows:
            widget.hide()
            self.grid.removeWidget(widget)
            widget.deleteLater()
        for old in self.groups:
            old.deleteLater()
        self._rows, self.row_labels, self.groups = [], [], []
        self.criteria = tuple(criteria)
        given = {v.criterion: v.verdict for v in verdicts}
        for row, criterion in enumerate(self.criteria):
            label = ElidedLabel(f"{row + 1}. {criterion}")
            self.grid.addWidget(label, row, 0)
            self.row_labels.append(label)
            self._rows.append(label)
            group = QButtonGroup(self)
            for column, verdict in enumerate(VERDICTS, start=1):
                button = QRadioButton(VERDICT_LABELS[verdict])
                button.setObjectName(f"criterion{row}_{verdict}")
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.setChecked(given.get(criterion) == verdict)
                group.addButton(button, column)
                self.grid.addWidget(button, row, column)
                self._rows.append(button)
            group.idClicked.connect(lambda _id: self._emit())
            self.groups.append(group)
        self.set_current_row(0)

    def has_criteria(self) -> bool:
        return bool(self.criteria)

    def value(self) -> tuple[CriterionVerdict, ...]:
        out = []
        for criterion, group in zip(self.criteria, self.groups, strict=True):
            if group.checkedId() > 0:
                out.append(CriterionVerdict(criterion, VERDICTS[group.checkedId() - 1]))
        return tuple(out)

    def verdict(self, row: int) -> str | None:
        checked = self.groups[row].checkedId()
        return VERDICTS[checked - 1] if checked > 0 else None

    # -- keys ------------------------------------------------------------------
    def set_current_row(self, row: int) -> None:
        self.current_row = max(0, min(len(self.criteria) - 1, row))
        focused = self.hasFocus()
        for i, label in enumerate(self.row_labels):
            label.setStyleSheet(HIGHLIGHT if focused and i == self.current_row else PLAIN)

    def judge_current(self, digit: int) -> bool:
        """1 met, 2 partly, 3 not met for the highlighted row, then on to the next row."""
        if not self.criteria or not 1 <= digit <= len(VERDICTS):
            return False
        self.groups[self.current_row].button(digit).click()
        self.set_current_row(self.current_row + 1)
        return True

    def clear_current(self) -> None:
        if not self.criteria:
            return
        group = self.groups[self.current_row]
        checked = group.checkedButton()
        if checked is not None:
            group.setExclusive(False)  # an exclusive group can't be emptied otherwise
            checked.setChecked(False)
            group.setExclusive(True)
            self._emit()

    def event(self, event: QEvent) -> bool:
        """Claim the form's keys before the page's window-wide shortcuts see them (as a text
        field claims letters): with the focus here, 1–3 judge a criterion, not a facet."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            if plain and self.criteria and (event.key() in _ROW_KEYS or event.key() in _DIGITS):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if not self.criteria:
            super().keyPressEvent(event)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.set_current_row(self.current_row + (1 if key == Qt.Key.Key_Down else -1))
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear_current()
        elif key in _DIGITS:
            self.judge_current(key - Qt.Key.Key_0)  # 4 and 5 mean nothing here, and stay here
        else:
            super().keyPressEvent(event)  # Space, Esc, letters reach the page

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.set_current_row(self.current_row)  # the highlight shows where the keys go

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.set_current_row(self.current_row)

    def _emit(self) -> None:
        self.changed.emit(self.value())
