"""Programme page (supervisors): their trainees, one row each, with practice volume, when they
last practised, how each facet moved and how many attempts wait for review. Enter (or a double
click) on a row opens that trainee's waiting attempts on the Review page.

Read on the database worker; reloads when attempts, ratings or reviews change (when on screen,
else when next shown), and when the period changes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from practice_db.programme import MIN_PER_HALF, TraineeRow
from practice_db.records import ProfileRecord
from ui.programme.table_model import FIRST_FACET, SORT_ROLE, ProgrammeModel
from ui.shell.context import UiContext
from ui.shell.data_changes import ATTEMPTS, RATINGS, REVIEWS, StaleWatch

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

PERIODS = {28: "Last 4 weeks", 84: "Last 12 weeks", 365: "Last year"}
EXPLAINER = (
    "Arrows: how supervisors' scores moved from the first half of the period to the second "
    f"(complete ratings only; a dash until each half has {MIN_PER_HALF}). "
    "Enter opens the trainee's waiting attempts in Review."
)


class ProgrammePage(QWidget):
    review_requested = Signal(int)  # a trainee's profile id: show their waiting attempts

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store: PracticeStore | None = None
        self.profile: ProfileRecord | None = None
        self.loads = 0  # finished loads (tests wait on it)
        self.setObjectName("programmePage")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>Programme</h2>"))
        top.addStretch(1)
        self.period = QComboBox()
        self.period.setObjectName("programmePeriod")
        self.period.setAccessibleName("Period")
        for days, label in PERIODS.items():
            self.period.addItem(label, days)
        top.addWidget(self.period)
        layout.addLayout(top)
        note = QLabel(EXPLAINER)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        self.model = ProgrammeModel()
        self.sorted = QSortFilterProxyModel(self)
        self.sorted.setSourceModel(self.model)
        self.sorted.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("programmeTable")
        self.table.setAccessibleName("Trainees")
        self.table.setModel(self.sorted)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 82), (2, 72), (3, 110), (4, 72)):
            self.table.setColumnWidth(column, width)
        for column in range(FIRST_FACET, self.model.columnCount()):
            self.table.setColumnWidth(column, 72)
        layout.addWidget(self.table, 1)
        self.empty = QLabel()
        self.empty.setObjectName("programmeEmpty")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.table.activated.connect(self._open_row)  # Enter, or a double click
        self.period.currentIndexChanged.connect(lambda _i: self.reload())
        self.stale_watch = StaleWatch(self, ctx.changes, (ATTEMPTS, RATINGS, REVIEWS), self.reload)
        self._stale = False

    def set_store(self, store: PracticeStore) -> None:
        self.store = store
        self.reload()

    def set_profile(self, profile: ProfileRecord) -> None:
        self.profile = profile
        self.model.set_rows([], datetime.now(UTC))  # nothing of another person's view stays
        self.reload()

    def reload(self) -> None:
        if self.store is None or self.profile is None or not self.profile.is_supervisor:
            return
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        me, days = self.profile.id, int(self.period.currentData())
        self.ctx.tasks.submit(
            self.store.programme.overview, me, days, on_done=lambda rows: self._show(me, rows)
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _show(self, me: int, rows: list[TraineeRow]) -> None:
        if self.profile is None or self.profile.id != me:
            return  # another person signed in meanwhile
        chosen = self.selected_trainee()
        self.model.set_rows(rows, datetime.now(UTC))
        self.empty.setText(
            ""
            if rows
            else "No trainees yet: trainees appear here once they have practised "
            "(or, on a clinic's server, once they are assigned to you)."
        )
        target = next((r for r in range(self.sorted.rowCount()) if self._trainee_at(r) == chosen), 0)
        if rows:
            self.table.selectRow(target)
        self.loads += 1

    def _trainee_at(self, proxy_row: int) -> int:
        source = self.sorted.mapToSource(self.sorted.index(proxy_row, 0))
        return self.model.rows[source.row()].profile_id

    def selected_trainee(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self._trainee_at(rows[0].row()) if rows else None

    def _open_row(self, index: QModelIndex) -> None:
        if index.isValid():
            self.review_requested.emit(self._trainee_at(index.row()))
