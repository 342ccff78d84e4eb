"""The Review page's list: a supervisor's queue (or what they reviewed), a clinician's feedback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from practice_db.records import FeedbackItem, ProfileRecord
from practice_db.store import PracticeStore
from practice_db.transfer_records import ReviewQueueItem

HEADERS = ("Trainee", "Exercise", "When", "Length", "Self", "Sup.")
SUPERVISOR_MODES = {"queue": "Waiting for review", "reviewed": "Reviewed by me"}
CLINICIAN_MODES = {"reviewed": "Feedback I received", "queue": "Waiting for review"}


@dataclass(frozen=True)
class ListRow:
    attempt_id: int
    trainee: str
    exercise: str
    when: datetime
    duration_ms: int | None
    self_mean: float | None = None
    supervisor_mean: float | None = None


def from_queue(item: ReviewQueueItem) -> ListRow:
    return ListRow(item.attempt_id, item.trainee_name, item.clip_title, item.started_at, item.duration_ms)


def from_feedback(item: FeedbackItem) -> ListRow:
    return ListRow(
        item.attempt_id,
        item.trainee_name,
        item.clip_title,
        item.started_at,
        item.duration_ms,
        item.self_mean,
        item.supervisor_mean,
    )


def load_rows(store: PracticeStore, me: ProfileRecord, mode: str, trainee_id: int | None) -> list[ListRow]:
    """Worker thread: the rows for this person and view."""
    if not me.is_supervisor:
        trainee_id = me.id  # a clinician only ever sees their own attempts
    if mode == "queue":
        return [from_queue(i) for i in store.transfer.awaiting_review(trainee_id=trainee_id)]
    supervisor = me.id if me.is_supervisor else None
    return [
        from_feedback(i) for i in store.feedback.reviewed(trainee_id=trainee_id, supervisor_id=supervisor)
    ]


def mean_text(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


class ReviewList(QWidget):
    attempt_selected = Signal(int)
    filters_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel("<h2>Review</h2>")
        layout.addWidget(self.heading)
        bar = QHBoxLayout()
        self.mode = QComboBox()
        self.mode.setObjectName("reviewMode")
        self.trainee = QComboBox()
        self.trainee.setObjectName("traineeFilter")
        bar.addWidget(self.mode)
        bar.addWidget(self.trainee)
        layout.addLayout(bar)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("reviewTable")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeaderItem(5).setToolTip("The supervisor's mean rating")
        self.setMinimumWidth(440)
        layout.addWidget(self.table, 1)
        self.empty = QLabel()
        self.empty.setObjectName("reviewEmpty")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #555;")
        layout.addWidget(self.empty)
        self.rows: list[ListRow] = []
        self.mode.currentIndexChanged.connect(lambda _i: self.filters_changed.emit())
        self.trainee.currentIndexChanged.connect(lambda _i: self.filters_changed.emit())
        self.table.itemSelectionChanged.connect(self._selected)

    def set_role(self, supervisor: bool) -> None:
        self.mode.blockSignals(True)
        self.mode.clear()
        for key, label in (SUPERVISOR_MODES if supervisor else CLINICIAN_MODES).items():
            self.mode.addItem(label, key)
        self.mode.blockSignals(False)
        self.trainee.setVisible(supervisor)

    def set_trainees(self, trainees: list[ProfileRecord]) -> None:
        current = self.trainee.currentData()
        self.trainee.blockSignals(True)
        self.trainee.clear()
        self.trainee.addItem("All trainees", None)
        for person in trainees:
            self.trainee.addItem(person.name, person.id)
        index = self.trainee.findData(current)
        self.trainee.setCurrentIndex(max(0, index))
        self.trainee.blockSignals(False)

    def show_rows(self, rows: list[ListRow], empty_text: str) -> None:
        selected = self.selected_attempt()
        self.rows = rows
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            minutes = "" if row.duration_ms is None else f"{row.duration_ms / 1000:.0f} s"
            cells = (
                row.trainee,
                row.exercise,
                row.when.astimezone().strftime("%d %b %H:%M"),
                minutes,
                mean_text(row.self_mean),
                mean_text(row.supervisor_mean),
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)
        self.empty.setText("" if rows else empty_text)
        again = next((i for i, row in enumerate(rows) if row.attempt_id == selected), None)
        target = again if again is not None else (0 if rows else None)
        self.table.blockSignals(True)
        self.table.clearSelection()
        if target is not None:
            self.table.selectRow(target)
        self.table.blockSignals(False)
        now = self.selected_attempt()
        if now is not None and now != selected:
            self.attempt_selected.emit(now)

    def selected_attempt(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()].attempt_id if rows and rows[0].row() < len(self.rows) else None

    def mark_rated(self, attempt_id: int, mean: float | None) -> None:
        for r, row in enumerate(self.rows):
            if row.attempt_id == attempt_id:
                self.table.setItem(r, 5, QTableWidgetItem(mean_text(mean)))

    def _selected(self) -> None:
        attempt = self.selected_attempt()
        if attempt is not None:
            self.attempt_selected.emit(attempt)
