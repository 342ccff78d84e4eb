"""The longer details of one clip: what the client says, criteria, an example reply, a content note,
the skills it practises. Shared by the import table (the selected file's) and "Edit details…".

Each field has an Alt+letter to reach it; Tab leaves the multi-line boxes (Enter there starts a
new line, which criteria need: one per line).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.clips.details import MAX_CRITERIA, criteria_lines, optional
from app.clips.records import ClipDetails
from practice_db.vocabulary import FACET_LABELS

CRITERIA_HINT = (
    "One per line: two or three things a good reply does, each something a listener could hear "
    "(e.g. names the feeling without arguing back)"
)
EXAMPLE_HINT = "One reply that would work well; shown only after an attempt (optional)"
NOTE_HINT = "Heavy themes to name before the clip plays, e.g. a death in the family (optional)"
STATEMENT_HINT = "What the client says in the clip, in a sentence or two (optional)"


def _box(name: str, hint: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setPlaceholderText(hint)
    box.setTabChangesFocus(True)
    box.setFixedHeight(12 + 19 * lines)
    return box


class ClipDetailsPane(QWidget):
    changed = Signal()  # any field, typed or ticked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.statement = _box("detailsStatement", STATEMENT_HINT, 2)
        self.criteria = _box("detailsCriteria", CRITERIA_HINT, 3)
        self.example = _box("detailsExample", EXAMPLE_HINT, 3)
        self.content_note = QLineEdit()
        self.content_note.setObjectName("detailsContentNote")
        self.content_note.setPlaceholderText(NOTE_HINT)
        self.content_note.setMaxLength(300)

        def field(row: int, col: int, text: str, widget: QWidget) -> None:
            label = QLabel(text)
            label.setBuddy(widget)
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(label)
            column.addWidget(widget)
            column.addStretch(1)  # the label stays on its field when the row is taller
            grid.addLayout(column, row, col)

        field(0, 0, "&Client says:", self.statement)
        field(0, 1, "Content &note:", self.content_note)
        field(1, 0, f"C&riteria: what a good reply does ({MAX_CRITERIA} at most):", self.criteria)
        field(1, 1, "E&xample reply:", self.example)

        grid.addWidget(QLabel("Skills this clip practises (optional):"), 2, 0, 1, 2)
        boxes = QGridLayout()
        boxes.setVerticalSpacing(2)
        self.facet_boxes: dict[str, QCheckBox] = {}
        for i, (key, label) in enumerate(FACET_LABELS.items()):
            box = QCheckBox(label.split(" /")[0])
            box.setObjectName(f"facet_{key}")
            box.setToolTip(label)
            self.facet_boxes[key] = box
            boxes.addWidget(box, i // 4, i % 4)
            box.toggled.connect(lambda _on: self._changed())
        grid.addLayout(boxes, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self._loading = False
        for edit in (self.statement, self.criteria, self.example):
            edit.textChanged.connect(self._changed)
        self.content_note.textChanged.connect(self._changed)
        # Row by row, as they are read: what the client says, the note, then criteria and example.
        QWidget.setTabOrder(self.statement, self.content_note)
        QWidget.setTabOrder(self.content_note, self.criteria)
        QWidget.setTabOrder(self.criteria, self.example)

    def _changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    def show_details(self, details: ClipDetails) -> None:
        """Fill the fields from one clip's details without announcing a change."""
        self._loading = True
        try:
            self.statement.setPlainText(details.statement)
            self.criteria.setPlainText("\n".join(details.criteria))
            self.example.setPlainText(details.example_response or "")
            self.content_note.setText(details.content_note or "")
            for key, box in self.facet_boxes.items():
                box.setChecked(key in details.facets)
        finally:
            self._loading = False

    def apply_to(self, details: ClipDetails) -> ClipDetails:
        """`details` with this pane's fields (title, presentation and level are kept)."""
        return replace(
            details,
            statement=self.statement.toPlainText().strip(),
            criteria=criteria_lines(self.criteria.toPlainText()),
            example_response=optional(self.example.toPlainText()),
            content_note=optional(self.content_note.text()),
            facets=tuple(k for k, box in self.facet_boxes.items() if box.isChecked()),
        )
