"""The Review page's list: a supervisor's queue (or what they reviewed), a clinician's feedback."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
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

from practice_db.records import FeedbackItem, ProfileRecord
from practice_db.scoring import partial_label, total_or_count
from practice_db.text_fold import sort_key
from practice_db.transfer.records import QueueKey, ReviewQueueItem
from ui.common.long_titles import narrow_combo, short_title

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

HEADERS = ("Trainee", "Exercise", "When", "Length", "Self", "Sup.")
HEADER_TIPS = {
    4: "The trainee's own total (mean of all eight facets), or how many facets they rated",
    5: "The supervisor's total (mean of all eight facets), or how many facets were rated",
}
HIDDEN = "–"
HIDDEN_TIP = "Hidden until you have rated all eight facets of this attempt"
SUPERVISOR_MODES = {"queue": "Waiting for review", "reviewed": "Reviewed by me"}
CLINICIAN_MODES = {"reviewed": "Feedback I received", "queue": "Waiting for review"}


@dataclass(frozen=True)
class ListRow:
    attempt_id: int
    trainee: str
    exercise: str
    when: datetime
    duration_ms: int | None
    self_total: str = ""  # "3.4" for a complete rating, "3 of 8" for a partial one
    supervisor_total: str = ""
    self_hidden: bool = False  # blind review: the supervisor hasn't rated all eight yet


def from_queue(item: ReviewQueueItem) -> ListRow:
    return ListRow(item.attempt_id, item.trainee_name, item.clip_title, item.started_at, item.duration_ms)


def from_feedback(item: FeedbackItem) -> ListRow:
    return ListRow(
        item.attempt_id,
        item.trainee_name,
        item.clip_title,
        item.started_at,
        item.duration_ms,
        HIDDEN if item.self_hidden else total_or_count(item.self_mean, item.self_rated),
        total_or_count(item.supervisor_mean, item.supervisor_rated),
        item.self_hidden,
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


@dataclass(frozen=True)
class RowsPage:
    """A page of the queue as the list shows it; `next_key` None: nothing more to fetch."""

    rows: list[ListRow]
    next_key: QueueKey | None


# Asks for the page after a key; the answer comes back later (on the GUI thread) by callback.
Fetch = Callable[[QueueKey, Callable[[RowsPage], None]], None]


def load_queue_page(
    store: PracticeStore, me: ProfileRecord, trainee_id: int | None, title: str | None, after: QueueKey | None
) -> RowsPage:
    """Worker thread: one page of the queue (the first when `after` is None)."""
    if not me.is_supervisor:
        trainee_id = me.id
    page = store.transfer.awaiting_review_page(trainee_id=trainee_id, title=title, after=after)
    return RowsPage([from_queue(i) for i in page.items], page.next_key)


def load_queue_titles(store: PracticeStore, me: ProfileRecord, trainee_id: int | None) -> list[str]:
    """Worker thread: the exercises with waiting attempts, for the exercise filter."""
    return store.transfer.awaiting_review_titles(trainee_id=trainee_id if me.is_supervisor else me.id)


def cells(row: ListRow) -> tuple[str, ...]:
    return (
        row.trainee,
        row.exercise,
        row.when.astimezone().strftime("%d %b %H:%M"),
        "" if row.duration_ms is None else f"{row.duration_ms / 1000:.0f} s",
        row.self_total,
        row.supervisor_total,
    )


AnyIndex = QModelIndex | QPersistentModelIndex


class ReviewTableModel(QAbstractTableModel):
    """Rows are drawn on demand: a queue of thousands costs no widget per cell. The queue comes
    in pages: Qt asks `canFetchMore`/`fetchMore` when the view scrolls (by wheel or keys) to the
    last loaded row, and the next page is read on the worker and appended when it arrives."""

    page_loaded = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ListRow] = []
        self.rated: dict[int, str] = {}  # supervisor totals given since the list was loaded
        self._fetch: Fetch | None = None
        self._next: QueueKey | None = None
        self._fetching = False
        self._generation = 0  # a page asked for before the last reload is dropped

    def set_rows(
        self, rows: list[ListRow], fetch: Fetch | None = None, next_key: QueueKey | None = None
    ) -> None:
        self.beginResetModel()
        self.rows, self.rated = rows, {}
        self._fetch, self._next, self._fetching = fetch, next_key, False
        self._generation += 1
        self.endResetModel()

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return (
            not parent.isValid() and self._fetch is not None and self._next is not None and not self._fetching
        )

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._fetch is None or self._next is None:
            return
        self._fetching = True
        generation = self._generation
        self._fetch(self._next, lambda page: self._append(generation, page))

    @property
    def fetching(self) -> bool:
        return self._fetching

    @property
    def complete(self) -> bool:
        """Every row of the list is loaded."""
        return self._next is None

    def fetch_failed(self) -> None:
        self._fetching = False  # the next scroll to the end asks again

    def _append(self, generation: int, page: RowsPage) -> None:
        if generation != self._generation:
            return  # the list was reloaded meanwhile
        self._fetching = False
        self._next = page.next_key
        if page.rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page.rows) - 1)
            self.rows = self.rows + page.rows
            self.endInsertRows()
        self.page_loaded.emit()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section)
        return None

    def data(self, index: AnyIndex, role: int = 0) -> object:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 3:
            return Qt.AlignmentFlag.AlignCenter
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4 and row.self_hidden:
            return HIDDEN_TIP
        if index.column() == 5 and row.attempt_id in self.rated:
            return self.rated[row.attempt_id]
        return cells(row)[index.column()]

    def mark_rated(self, attempt_id: int, scores: Mapping[str, int | None]) -> None:
        for r, row in enumerate(self.rows):
            if row.attempt_id == attempt_id:
                self.rated[attempt_id] = partial_label(scores)
                changed = self.index(r, 5)
                self.dataChanged.emit(changed, changed)


class RowTable(QTableView):
    """A table of whole rows: Home and End go to the first and last row (a plain table view moves
    along the row's cells for them, which with whole-row selection looks like nothing happening).
    End at the last loaded row of the queue brings the next page into view."""

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        if cursorAction in (
            QAbstractItemView.CursorAction.MoveHome,
            QAbstractItemView.CursorAction.MoveEnd,
        ):
            modifiers |= Qt.KeyboardModifier.ControlModifier
        return super().moveCursor(cursorAction, modifiers)


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
