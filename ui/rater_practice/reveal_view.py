"""After the blind rating: your score against the author's, facet by facet, and which reply it was.
Empty (and showing no reference number) until reveal() is called."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from app.rater_practice.compare import Comparison, difference_text, summary
from app.rater_practice.records import KIND_LABELS, AnchorReply
from practice_db.vocabulary import FACET_LABELS

WAITING = (
    "Rate all eight facets first. Then press Enter to see the author's scores for this reply "
    "beside yours, and which of the three replies it was."
)
CLOSE = "#2e7d32"
FAR = "#b23b3b"


def _label(name: str, text: str = "", wrap: bool = False) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


class RevealView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revealView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.waiting = _label("revealWaiting", WAITING, wrap=True)
        self.waiting.setStyleSheet("color: #555;")
        layout.addWidget(self.waiting)
        self.which = _label("revealWhich", wrap=True)
        self.which.setStyleSheet("font-size: 15px; font-weight: bold;")
        layout.addWidget(self.which)
        self.table = QWidget()
        self.grid = QGridLayout(self.table)
        self.grid.setContentsMargins(0, 4, 0, 4)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(3)
        layout.addWidget(self.table)
        self.legend = _label("revealLegend", "Diff. = yours minus the author's; green when within one point.")
        self.legend.setStyleSheet("color: #666; font-size: 11px;")
        layout.addWidget(self.legend)
        self.summary = _label("revealSummary", wrap=True)
        layout.addWidget(self.summary)
        self.note = _label("revealNote", wrap=True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setStyleSheet("color: #333; background: #f3f6f8; padding: 6px; border-radius: 4px;")
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.cells: dict[str, tuple[QLabel, QLabel, QLabel]] = {}  # facet -> you, reference, difference
        self.clear()

    def clear(self) -> None:
        """Back to blind: nothing of the reference left in any widget."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.cells.clear()
        for label in (self.which, self.summary, self.note):
            label.clear()
            label.hide()
        self.table.hide()
        self.legend.hide()
        self.waiting.show()

    def reveal(self, letter: str, reply: AnchorReply, comparison: Comparison) -> None:
        self.clear()
        self.waiting.hide()
        self.which.setText(f"Reply {letter} was {KIND_LABELS.get(reply.kind, reply.kind)}.")
        for column, heading in enumerate(("Facet", "You", "Author", "Diff.")):
            head = QLabel(f"<b>{heading}</b>")
            if column:
                head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.grid.addWidget(head, 0, column)
        for row, facet in enumerate(comparison.facets, start=1):
            self.grid.addWidget(QLabel(escape(FACET_LABELS[facet.facet])), row, 0)
            colour = CLOSE if facet.within_one else FAR
            cells = (
                _label(f"you_{facet.facet}", str(facet.mine)),
                _label(f"reference_{facet.facet}", str(facet.reference)),
                _label(f"difference_{facet.facet}", difference_text(facet.difference)),
            )
            cells[2].setStyleSheet(f"color: {colour}; font-weight: bold;")
            for column, cell in enumerate(cells, start=1):
                cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
                self.grid.addWidget(cell, row, column)
            self.cells[facet.facet] = cells
        self.table.show()
        self.legend.show()
        self.summary.setText(summary(comparison))
        self.note.setText(f"The author's reasons: {reply.note}" if reply.note else "")
        for label in (self.which, self.summary, self.note):
            label.setVisible(bool(label.text()))
