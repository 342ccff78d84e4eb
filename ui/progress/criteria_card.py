"""The Progress page's "Exercise criteria" card: how often each criterion was met, self and supervisor."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.progress_log.criteria_section import HEADER, NONE_JUDGED, NOTE, TITLE, rows
from practice_db.progress.criteria import CriterionTally
from ui.progress.layout import card
from ui.progress.tables import DataTable


class CriteriaPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = DataTable(HEADER, "criteriaTable", stretch=1, numeric=False)
        self.empty = QLabel(NONE_JUDGED)
        self.empty.setObjectName("criteriaEmpty")
        layout.addWidget(self.table)
        layout.addWidget(self.empty)

    def fill(self, tallies: Sequence[CriterionTally]) -> None:
        self.table.fill(rows(tallies))
        self.table.setVisible(bool(tallies))
        self.empty.setVisible(not tallies)


def criteria_card() -> tuple[QFrame, CriteriaPanel]:
    frame, box = card(TITLE, NOTE)
    panel = CriteriaPanel()
    box.addWidget(panel)
    return frame, panel
