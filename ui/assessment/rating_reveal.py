"""The reveal after a blind batch: each take's code with who gave it, when, and which occasion,
beside the rater's own total. Built only from `RevealedTake`s, which storage gives once every
take of the batch has all eight facets from this rater."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.local_time import local_zone
from practice_db.assessment.batch import RevealedTake
from practice_db.assessment.records import OCCASION_LABELS
from practice_db.vocabulary import FACET_KEYS

COLUMNS = ("Take", "Clip", "Clinician", "Date", "Occasion", "Your total")


def local_date(moment: datetime) -> str:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)  # stored as UTC
    return aware.astimezone(local_zone()).strftime("%d %b %Y")


def total(scores: Mapping[str, int | None]) -> str:
    given = [v for k in FACET_KEYS if (v := scores.get(k)) is not None]
    return f"{sum(given) / len(given):.1f}" if len(given) == len(FACET_KEYS) else "–"


class RevealTable(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setObjectName("revealSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("revealTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def show_takes(self, takes: Sequence[RevealedTake]) -> None:
        self.table.setRowCount(len(takes))
        for row, take in enumerate(takes):
            cells = (
                take.code,
                take.clip_title,
                take.clinician,
                local_date(take.taken_at),
                OCCASION_LABELS.get(take.occasion, take.occasion),
                total(take.scores),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == len(cells) - 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        people = len({t.clinician_id for t in takes})
        sittings = len({t.assessment_id for t in takes})
        self.summary.setText(
            f"All {len(takes)} takes are rated, so here is whose they were: {people} "
            f"clinician{'s' if people != 1 else ''}, {sittings} sitting{'s' if sittings != 1 else ''}. "
            "Your ratings are saved; the results combine them with the other raters' ratings."
        )

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.summary.clear()
