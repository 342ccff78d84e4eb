""" "Same person as…": two profiles that are one person (e.g. "Dr Lee" and "Dr Lee (2)" from an
import before ids were linked) become one, so the progress log credits one Dr Lee. The merge
runs on the database worker (practice_db/profile_merge.py); a refusal is a plain sentence."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice_db.records import ProfileRecord
from ui.common.dialog_keys import close_on_ctrl_w

if TYPE_CHECKING:
    from practice_db.store import PracticeStore
    from ui.common.tasks import TaskRunner


class MergeDialog(QDialog):
    """Emits `merged(kept ProfileRecord, removed profile id)`."""

    merged = Signal(object, int)

    def __init__(
        self,
        gone: ProfileRecord,
        others: list[ProfileRecord],
        current: ProfileRecord | None,
        store: PracticeStore,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        close_on_ctrl_w(self)
        self.gone, self.others, self.current, self.store, self.runner = gone, others, current, store, runner
        self.setObjectName("mergeDialog")
        self.setWindowTitle("Same person")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        question = QLabel(f"{gone.name} is the same person as:")
        question.setStyleSheet("font-weight: bold;")
        layout.addWidget(question)
        self.choice = QComboBox()
        self.choice.setObjectName("mergeChoice")
        for p in others:
            self.choice.addItem(p.name, p)
        layout.addWidget(self.choice)
        note = QLabel(
            f"Everything {gone.name} recorded, rated and wrote moves to the profile chosen here, and "
            f"{gone.name} leaves the list. Bundles made under either name then arrive as one person. "
            "This can't be undone."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.message = QLabel()
        self.message.setObjectName("mergeMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.merge_button = QPushButton("&Make them one")
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.setDefault(True)
        self.merge_button.clicked.connect(self._merge)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        row.addStretch(1)
        row.addWidget(self.merge_button)
        row.addWidget(cancel)
        layout.addLayout(row)
        self.choice.setFocus()

    def _merge(self) -> None:
        keep: ProfileRecord = self.choice.currentData()
        if keep.protected and (self.current is None or self.current.id != keep.id):
            # a protected profile takes in someone else's work only from its own owner
            self.message.setText(f"Open {keep.name}'s profile first (it has a password), then merge here.")
            return
        self.merge_button.setEnabled(False)
        self.message.setText("")
        self.runner.submit(
            self.store.profiles.merge, keep.id, self.gone.id, on_done=self._done, on_error=self._refused
        )

    def _done(self, keep: ProfileRecord) -> None:
        self.merged.emit(keep, self.gone.id)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        from practice_db.errors import StorageError

        self.merge_button.setEnabled(True)
        said = (
            str(exc)
            if isinstance(exc, StorageError)
            else "The profiles could not be merged; nothing changed."
        )
        self.message.setText(said)


def open_merge(
    gone: ProfileRecord,
    profiles: list[ProfileRecord],
    current: ProfileRecord | None,
    store: PracticeStore,
    runner: TaskRunner,
    parent: QWidget,
    on_merged: Callable[[ProfileRecord, int], None],
) -> QDialog:
    others = [p for p in profiles if p.id != gone.id and p.role == gone.role]
    if not others:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Same person",
            f"There is no other {gone.role} profile here that {gone.name} could be.",
            QMessageBox.StandardButton.Ok,
            parent,
        )
        box.setObjectName("mergeNobody")
        box.open()
        return box
    dialog = MergeDialog(gone, others, current, store, runner, parent)
    dialog.merged.connect(on_merged)
    dialog.open()
    return dialog
