"""The goals list on the Progress page, with add / change / remove through storage.

Storage decides who may set or change a goal; its refusals are shown as they are, in plain words.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.progress_log.wording import value_text
from practice_db.errors import EditConflict, StorageError
from practice_db.progress.records import GoalRecord, GoalState, GoalStatus, NewGoal, Period
from practice_db.records import ProfileRecord
from ui.common.conflict_note import conflict_message
from ui.common.tasks import TaskRunner
from ui.common.versioned_saves import saved_at
from ui.progress.goal_dialog import GoalDialog, GoalDraft
from ui.progress.tables import DataTable

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)

STATE_LABELS: dict[GoalState, str] = {
    "not_started": "Not started",
    "met": "Met so far",
    "on_track": "On track",
    "behind": "Behind",
    "ended_met": "Ended: met",
    "ended_missed": "Ended: missed",
}
STATE_COLOURS: dict[GoalState, str] = {
    "met": "#dff0e2",
    "ended_met": "#dff0e2",
    "on_track": "#e5eef8",
    "behind": "#fbeedd",
    "ended_missed": "#f1e4e4",
    "not_started": "#eeeeee",
}


def plain_error(exc: BaseException, what: str) -> str:
    if isinstance(exc, StorageError):
        return str(exc)
    log.error("Goal storage failed", exc_info=exc)
    return f"The goal could not be {what}. Nothing was changed; details are in the log file."


class GoalsPanel(QWidget):
    changed = Signal()  # after a goal was added, changed or removed and the list re-measured

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.store: PracticeStore | None = None
        self.viewer: ProfileRecord | None = None  # who is using the app
        self.owner: ProfileRecord | None = None  # whose goals these are
        self.names: Mapping[int, str] = {}
        self.period: Period | None = None
        self.today = date.today()
        self.statuses: list[GoalStatus] = []
        self.dialog: GoalDialog | None = None
        self.version: int | None = None  # the open goal's version, as the dialog shows it
        self.confirm: QMessageBox | None = None
        self.error_box: QMessageBox | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = DataTable(("Goal", "Status", "Now", "Target"), "goalsTable")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(False)
        self.empty = QLabel("No goals yet. A goal gives practice a direction: add one with the button below.")
        self.empty.setObjectName("goalsEmpty")
        self.empty.setStyleSheet("color: #666;")
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add goal…")
        self.add_button.setObjectName("addGoalButton")
        self.edit_button = QPushButton("Change…")
        self.edit_button.setObjectName("editGoalButton")
        self.delete_button = QPushButton("Remove")
        self.delete_button.setObjectName("deleteGoalButton")
        for b in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_goal)
        self.edit_button.clicked.connect(self.edit_goal)
        self.delete_button.clicked.connect(self.delete_goal)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self._selection_changed()

    def set_context(
        self,
        store: PracticeStore,
        viewer: ProfileRecord,
        owner: ProfileRecord,
        names: Mapping[int, str],
        today: date,
        period: Period,
    ) -> None:
        self.store, self.viewer, self.owner, self.names = store, viewer, owner, names
        self.today, self.period = today, period

    def set_statuses(self, statuses: Sequence[GoalStatus]) -> None:
        self.statuses = list(statuses)
        rows, colours = [], []
        for g in self.statuses:
            setter = g.goal.set_by_profile_id
            by = f" Set by {self.names[setter]}." if setter not in (None, g.goal.owner_profile_id) else ""
            by = by if setter is None or setter in self.names else ""
            rows.append(
                [
                    f"{g.description}\n{g.detail}{by}",
                    STATE_LABELS[g.state],
                    value_text(g.measured, g.unit),
                    value_text(g.target, g.unit),
                ]
            )
            colours.append(STATE_COLOURS[g.state])
        self.table.fill(rows)
        for r, colour in enumerate(colours):
            item = self.table.item(r, 1)
            if item is not None:
                item.setBackground(QBrush(QColor(colour)))
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self._selection_changed()

    def selected(self) -> GoalStatus | None:
        rows = self.table.selectionModel().selectedRows()
        return self.statuses[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    # -- add and change ------------------------------------------------------------------------
    def add_goal(self) -> None:
        if self.owner is not None:
            self._open_dialog(None)

    def edit_goal(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self._open_dialog(chosen)

    def _open_dialog(self, status: GoalStatus | None) -> None:
        assert self.owner is not None
        goal = status.goal if status else None
        self.version = goal.version if goal else None  # each change names it (issue 21)
        self.dialog = GoalDialog(self.owner.name, self.today, goal, self)
        self.dialog.submitted.connect(lambda draft: self._save(draft, goal.id if goal else None))
        self.dialog.open()

    def _save(self, draft: GoalDraft, goal_id: int | None) -> None:
        if self.store is None or self.viewer is None or self.owner is None:
            return
        dialog = self.dialog
        goals = self.store.goals
        if goal_id is None:
            new = NewGoal(
                self.owner.id,
                self.viewer.id,
                draft.kind,
                draft.params,
                draft.starts_on,
                draft.ends_on,
                draft.note,
            )
            self.tasks.submit(
                goals.add, new, on_done=self._saved, on_error=lambda e: self._refused(dialog, e)
            )
        else:
            self.tasks.submit(
                lambda: goals.update(
                    goal_id,
                    self.viewer.id if self.viewer else 0,
                    params=draft.params,
                    starts_on=draft.starts_on,
                    ends_on=draft.ends_on,
                    note=draft.note,
                    expected_version=self.version,
                ),
                on_done=self._saved,
                on_error=lambda e: self._refused(dialog, e),
            )

    def _refused(self, dialog: GoalDialog | None, exc: BaseException) -> None:
        if isinstance(exc, EditConflict) and dialog is not None:
            theirs: GoalRecord = exc.current
            self.version = theirs.version  # the dialog shows it now; the next save builds on it
            when = saved_at(theirs.updated_at)
            dialog.show_conflict(theirs, conflict_message("This goal", when))
            return
        if dialog is not None:
            dialog.show_error(plain_error(exc, "saved"))

    def _saved(self, _goal: object) -> None:
        if self.dialog is not None:
            self.dialog.accept()
            self.dialog = None
        self.reload()

    # -- remove --------------------------------------------------------------------------------
    def delete_goal(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Remove goal",
            f"Remove this goal?\n\n{chosen.description}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("confirmRemoveGoal")
        box.button(QMessageBox.StandardButton.Yes).setText("Remove")
        yes = QMessageBox.StandardButton.Yes
        box.buttonClicked.connect(
            lambda b: self._remove(chosen.goal.id) if box.standardButton(b) == yes else None
        )
        self.confirm = box
        box.open()

    def _remove(self, goal_id: int) -> None:
        if self.store is None or self.viewer is None:
            return
        self.tasks.submit(
            self.store.goals.delete,
            goal_id,
            self.viewer.id,
            on_done=self._saved,
            on_error=self._remove_failed,
        )

    def _remove_failed(self, exc: BaseException) -> None:
        self.error_box = QMessageBox(
            QMessageBox.Icon.Warning, "Remove goal", plain_error(exc, "removed"), parent=self
        )
        self.error_box.setObjectName("goalErrorBox")
        self.error_box.open()

    def reload(self) -> None:
        if self.store is None or self.owner is None or self.period is None:
            return
        self.tasks.submit(
            self.store.goals.statuses,
            self.owner.id,
            self.today,
            self.period.tz,
            on_done=self._reloaded,
        )

    def _reloaded(self, statuses: list[GoalStatus]) -> None:
        self.set_statuses(statuses)
        self.changed.emit()
