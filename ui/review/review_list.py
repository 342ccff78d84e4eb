"""The Review page's list: a supervisor's queue (or what they reviewed), a clinician's feedback."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from practice_db.records import ProfileRecord
from practice_db.text_fold import sort_key
from practice_db.transfer.records import QueueKey
from ui.common.long_titles import narrow_combo, short_title
from ui.review.review_table import (
    CLINICIAN_MODES,
    HIDDEN,
    HIDDEN_TIP,
    SUPERVISOR_MODES,
    Fetch,
    ListRow,
    ReviewTableModel,
    RowsPage,
    RowTable,
    load_queue_page,
    load_queue_titles,
    load_rows,
)

__all__ = [
    "HIDDEN",
    "HIDDEN_TIP",
    "ListRow",
    "ReviewList",
    "RowsPage",
    "load_queue_page",
    "load_queue_titles",
    "load_rows",
]


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
        self.exercise = QComboBox()
        self.exercise.setObjectName("exerciseFilter")
        self.exercise.addItem("All exercises", None)
        narrow_combo(self.exercise)  # a 200-letter title must not widen the list's column
        bar.addWidget(self.mode)
        bar.addWidget(self.trainee)
        bar.addWidget(self.exercise)
        layout.addLayout(bar)
        self.model = ReviewTableModel()
        self.table = RowTable()
        self.table.setObjectName("reviewTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move between rows
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 95), (2, 95), (3, 50), (4, 48), (5, 48)):
            self.table.setColumnWidth(column, width)  # fixed widths: no measuring thousands of rows
        self.setMinimumWidth(340)  # the detail beside it needs ~520 px
        layout.addWidget(self.table, 1)
        self.empty = QLabel()
        self.empty.setObjectName("reviewEmpty")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #555;")
        layout.addWidget(self.empty)
        self.mode.currentIndexChanged.connect(lambda _i: self.filters_changed.emit())
        self.trainee.currentIndexChanged.connect(lambda _i: self._trainee_changed())
        self.exercise.currentIndexChanged.connect(lambda _i: self._exercise_changed())
        self.all_rows: list[ListRow] = []
        self.empty_text = ""
        self.paged = False  # the queue: paged, filtered by storage; "reviewed": whole, filtered here
        self.pending_trainee: int | None = None  # chosen before the trainee list arrived
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self._quiet = False

    def set_role(self, supervisor: bool) -> None:
        self.mode.blockSignals(True)
        self.mode.clear()
        for key, label in (SUPERVISOR_MODES if supervisor else CLINICIAN_MODES).items():
            self.mode.addItem(label, key)
        self.mode.blockSignals(False)
        self.trainee.setVisible(supervisor)
        self.table.setColumnHidden(0, not supervisor)  # a clinician's rows are all their own

    def choose_trainee(self, trainee_id: int) -> None:
        """Narrow the list to one trainee (from the Programme page), all exercises. If the trainee
        list hasn't arrived yet, the choice waits for it; `chosen_trainee` answers either way."""
        for combo, index in ((self.exercise, 0), (self.trainee, self.trainee.findData(trainee_id))):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)
        self.pending_trainee = trainee_id if self.trainee.findData(trainee_id) < 0 else None

    def chosen_trainee(self) -> int | None:
        return self.pending_trainee if self.pending_trainee is not None else self.trainee.currentData()

    def set_trainees(self, trainees: list[ProfileRecord]) -> None:
        current = self.chosen_trainee()
        self.trainee.blockSignals(True)
        self.trainee.clear()
        self.trainee.addItem("All trainees", None)
        for person in trainees:
            self.trainee.addItem(person.name, person.id)
        index = self.trainee.findData(current)
        self.trainee.setCurrentIndex(max(0, index))
        self.trainee.blockSignals(False)
        self.pending_trainee = None

    @property
    def rows(self) -> list[ListRow]:
        return self.model.rows

    def _trainee_changed(self) -> None:
        self.pending_trainee = None  # the user chose: an earlier request no longer stands
        self.filters_changed.emit()

    def _exercise_changed(self) -> None:
        if self.paged:
            self.filters_changed.emit()  # storage filters the queue: read its first page again
        else:
            self._show_filtered()  # no reload needed

    def show_page(self, page: RowsPage, fetch: Fetch, empty_text: str, keep: int | None = None) -> None:
        """The first page of the queue, already filtered by storage; later pages come by `fetch`."""
        self.paged, self.all_rows, self.empty_text = True, page.rows, empty_text
        title = self.exercise.currentData()
        empty = empty_text if title is None else "Nothing for this exercise in this list."
        self._present(page.rows, empty, keep, fetch, page.next_key)

    def set_titles(self, titles: list[str]) -> None:
        """The exercise filter's choices (the queue's, from storage); the chosen one stays."""
        chosen = self.exercise.currentData()
        self.exercise.blockSignals(True)
        self.exercise.clear()
        self.exercise.addItem("All exercises", None)
        for title in sorted(set(titles) | ({chosen} if chosen else set()), key=sort_key):
            self.exercise.addItem(short_title(title, 60), title)
            self.exercise.setItemData(self.exercise.count() - 1, title, Qt.ItemDataRole.ToolTipRole)
        self.exercise.setCurrentIndex(max(0, self.exercise.findData(chosen)) if chosen else 0)
        self.exercise.blockSignals(False)

    def show_rows(self, rows: list[ListRow], empty_text: str, keep: int | None = None) -> None:
        """A fresh list from storage; the exercise filter is applied here, on the loaded rows.
        `keep`: the attempt open beside the list; if it has left the list, nothing else is opened."""
        self.paged, self.all_rows, self.empty_text = False, rows, empty_text
        chosen = self.exercise.currentData()
        self.exercise.blockSignals(True)
        self.exercise.clear()
        self.exercise.addItem("All exercises", None)
        for title in sorted({r.exercise for r in rows}, key=sort_key):
            self.exercise.addItem(short_title(title, 60), title)
            self.exercise.setItemData(self.exercise.count() - 1, title, Qt.ItemDataRole.ToolTipRole)
        self.exercise.setCurrentIndex(max(0, self.exercise.findData(chosen)) if chosen else 0)
        self.exercise.blockSignals(False)
        self._show_filtered(keep)

    def _show_filtered(self, keep: int | None = None) -> None:
        title = self.exercise.currentData()
        rows = [r for r in self.all_rows if title is None or r.exercise == title]
        empty_text = self.empty_text if title is None else "Nothing for this exercise in this list."
        self._present(rows, empty_text, keep)

    def _present(
        self,
        rows: list[ListRow],
        empty_text: str,
        keep: int | None,
        fetch: Fetch | None = None,
        next_key: QueueKey | None = None,
    ) -> None:
        selected = keep if keep is not None else self.selected_attempt()
        self._quiet = True  # reselecting after a reload is not the user choosing
        self.model.set_rows(rows, fetch, next_key)
        self.empty.setText("" if rows else empty_text)
        again = next((i for i, row in enumerate(rows) if row.attempt_id == selected), None)
        first = 0 if rows and keep is None else None  # a kept attempt is not swapped for another
        target = again if again is not None else first
        if target is not None:
            self.table.selectRow(target)
        self._quiet = False
        now = self.selected_attempt()
        if now is not None and now != selected:
            self.attempt_selected.emit(now)

    def clear_selection(self) -> None:
        self._quiet = True
        self.table.clearSelection()
        self._quiet = False

    def selected_attempt(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()].attempt_id if rows and rows[0].row() < len(self.rows) else None

    def mark_rated(self, attempt_id: int, scores: Mapping[str, int | None]) -> None:
        self.model.mark_rated(attempt_id, scores)

    def step(self, delta: int) -> None:
        """Open the attempt `delta` rows below (above, if negative) the one shown."""
        if not self.rows:
            return
        selected = self.table.selectionModel().selectedRows()
        current = selected[0].row() if selected else -1
        if current + delta >= len(self.rows) and self.model.canFetchMore():
            self.model.fetchMore()  # the next page: Alt+Down again goes on into it
        self.table.selectRow(max(0, min(len(self.rows) - 1, current + delta)))

    def _selected(self) -> None:
        if self._quiet:
            return
        attempt = self.selected_attempt()
        if attempt is not None:
            self.attempt_selected.emit(attempt)
