"""The Review list's rows and table: what each row shows, the storage reads behind them (the
whole "reviewed" list, or the queue a page at a time) and the model that fetches later pages."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QTableView,
)

from practice_db.records import FeedbackItem, ProfileRecord
from practice_db.scoring import partial_label, total_or_count
from practice_db.transfer.records import QueueKey, ReviewQueueItem

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
