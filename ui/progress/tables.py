"""The Progress page's numbers: totals, facet averages, where it is hard, self against supervisor."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.progress_log.wording import DASH
from practice_db.progress.records import VolumeTotals

STRUGGLE = QColor("#fbeedd")  # soft amber: rows where many attempts felt too hard
STRUGGLE_BRUSH = QBrush(STRUGGLE)
# Built once: combining Qt flags is a Python enum operation, and a year's tables set ~150 cells.
NUMBER_ALIGN = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class DataTable(QTableWidget):
    """A read-only table as tall as its rows (the page scrolls, not the table)."""

    def __init__(
        self,
        header: Sequence[str],
        name: str,
        stretch: int = 0,
        numeric: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(0, len(header), parent)
        self.numeric = numeric  # right-align every column after the first
        self.stretch = stretch
        self.setObjectName(name)
        self.setHorizontalHeaderLabels(list(header))
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)  # one line per row unless the text has its own line breaks
        self._size_columns_to_contents(True)
        self.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )

    def _size_columns_to_contents(self, on: bool) -> None:
        head = self.horizontalHeader()
        head.setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents if on else QHeaderView.ResizeMode.Fixed
        )
        head.setSectionResizeMode(self.stretch, QHeaderView.ResizeMode.Stretch)

    def fill(self, rows: Sequence[Sequence[str]], shaded: Sequence[bool] = ()) -> None:
        # Sized to contents, the header measures every row again after each new cell: columns are
        # fixed while the cells go in and sized once at the end (a 12-month page: 1,800 cells).
        self._size_columns_to_contents(False)
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c > 0 and self.numeric:
                    item.setTextAlignment(NUMBER_ALIGN)
                if r < len(shaded) and shaded[r]:
                    item.setBackground(STRUGGLE_BRUSH)
                self.setItem(r, c, item)
        self._size_columns_to_contents(True)
        self.fit()

    def fit(self) -> None:
        """Rows as tall as their text, the table as tall as its rows."""
        self.resizeRowsToContents()
        for r in range(self.rowCount()):
            if any("\n" in self.cell(r, c) for c in range(self.columnCount())):
                self.setRowHeight(r, self.rowHeight(r) + 10)  # air between multi-line rows
        height = self.horizontalHeader().height() + sum(self.rowHeight(r) for r in range(self.rowCount()))
        self.setFixedHeight(height + 2 * self.frameWidth() + 2)

    def cell(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return "" if item is None else item.text()


class SummaryStrip(QWidget):
    """Four big numbers for the period."""

    LABELS = ("Attempts", "Sessions", "Practice days", "Minutes spoken")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        self.values: dict[str, QLabel] = {}
        for label in self.LABELS:
            tile = QFrame()
            tile.setObjectName("statTile")
            box = QVBoxLayout(tile)
            value = QLabel(DASH)
            value.setObjectName("statValue")
            caption = QLabel(label)
            caption.setObjectName("statCaption")
            box.addWidget(value)
            box.addWidget(caption)
            row.addWidget(tile, 1)
            self.values[label] = value

    def set_totals(self, t: VolumeTotals) -> None:
        for label, text in zip(
            self.LABELS,
            (str(t.attempts), str(t.sessions), str(t.practice_days), f"{t.minutes_spoken:.1f}"),
            strict=True,
        ):
            self.values[label].setText(text)


