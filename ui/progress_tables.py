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

from practice_db.progress_records import BreakdownRow, FacetAverage, FacetCalibration, VolumeTotals
from practice_db.vocabulary import DIFFICULTY_LABELS, FACET_LABELS, PRESENTATION_LABELS

DASH = "–"
STRUGGLE = QColor("#fbeedd")  # soft amber: rows where many attempts felt too hard
STRUGGLE_BRUSH = QBrush(STRUGGLE)
TOO_HARD_SHARE = 1 / 3
# Built once: combining Qt flags is a Python enum operation, and a year's tables set ~150 cells.
NUMBER_ALIGN = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def mean(value: float | None) -> str:
    """Two decimals: gains come in tenths, and the second decimal keeps rounding honest."""
    return DASH if value is None else f"{value:.2f}"


def change(value: float | None) -> str:
    if value is None:
        return DASH
    return f"{value:+.2f}" if round(value, 2) != 0 else "0.00"


def short_facet(key: str) -> str:
    return FACET_LABELS.get(key, key).split(" /")[0]


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


FACET_HEADER = ("Facet", "Self", "vs before", "Supervisor", "vs before", "Ratings (self / supervisor)")


def facet_rows(averages: Sequence[FacetAverage]) -> list[list[str]]:
    return [
        [
            FACET_LABELS.get(a.facet, a.facet),
            mean(a.self_mean),
            change(a.self_change),
            mean(a.supervisor_mean),
            change(a.supervisor_change),
            f"{a.self_n} / {a.supervisor_n}",
        ]
        for a in averages
    ]


def breakdown_rows(rows: Sequence[BreakdownRow], by: str) -> tuple[list[list[str]], list[bool]]:
    labels = (
        PRESENTATION_LABELS if by == "presentation" else {str(k): v for k, v in DIFFICULTY_LABELS.items()}
    )
    out = [
        [
            labels.get(r.key, r.key),
            str(r.attempts),
            mean(r.self_mean),
            mean(r.supervisor_mean),
            str(r.too_hard),
        ]
        for r in rows
    ]
    return out, [r.attempts > 0 and r.too_hard / r.attempts >= TOO_HARD_SHARE for r in rows]


def struggle_text(presentations: Sequence[BreakdownRow], levels: Sequence[BreakdownRow]) -> str:
    """One plain sentence on where practice feels hardest, from 'too hard' check-ins and scores."""
    parts = []
    hard = [r for r in (*presentations, *levels) if r.attempts and r.too_hard / r.attempts >= TOO_HARD_SHARE]
    if hard:
        worst = max(hard, key=lambda r: (r.too_hard / r.attempts, r.too_hard))
        name = PRESENTATION_LABELS.get(worst.key) or DIFFICULTY_LABELS.get(int(worst.key), worst.key)
        parts.append(
            f"Felt hardest: {name.lower()} clips ({worst.too_hard} of {worst.attempts} attempts "
            "checked in as too hard)."
        )
    scored = [r for r in presentations if r.supervisor_mean is not None]
    if len(scored) > 1:
        low = min(scored, key=lambda r: r.supervisor_mean or 0.0)
        parts.append(
            f"Lowest supervisor scores: {PRESENTATION_LABELS.get(low.key, low.key).lower()} "
            f"({mean(low.supervisor_mean)})."
        )
    return " ".join(parts) or "No presentation stands out as harder than the others in this period."


def bias_text(c: FacetCalibration, own: bool, name: str) -> str:
    """'You rate your empathy 0.60 higher than your supervisor does.'; None-safe."""
    facet = short_facet(c.facet).lower()
    if c.mean_difference is None:
        return "No attempt was rated by both yet."
    size = abs(c.mean_difference)
    if size < 0.05:
        return (
            f"Your {facet} ratings match your supervisor's on average."
            if own
            else f"{name}'s {facet} self-ratings match the supervisor's on average."
        )
    side = "higher" if c.mean_difference > 0 else "lower"
    if own:
        return f"You rate your {facet} {size:.2f} {side} than your supervisor does."
    return f"{name} rates their {facet} {size:.2f} {side} than the supervisor does."


def agreement_text(c: FacetCalibration) -> str:
    a = c.agreement
    return a.reason if a.value is None else f"ICC {a.value:.2f} (n = {a.n})"


CALIBRATION_HEADER = ("Facet", "Self compared with supervisor", "Agreement")


def calibration_rows(items: Sequence[FacetCalibration], own: bool, name: str) -> list[list[str]]:
    return [[short_facet(c.facet), bias_text(c, own, name), agreement_text(c)] for c in items]
