"""Takes kept after an interruption (the app closed or crashed mid-reply), waiting for a rating:
listed by exercise on the Rehearse page, Enter rates one now."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from practice_db.records import AttemptRecord, ClipRecord

if TYPE_CHECKING:
    from practice_db.store import PracticeStore


@dataclass(frozen=True)
class KeptTake:
    attempt: AttemptRecord
    clip: ClipRecord


def load_kept_takes(store: PracticeStore, profile_id: int) -> list[KeptTake]:
    """DB worker: the recovered takes this person has not rated, with their exercises."""
    attempts = store.attempts.recovered_unrated(profile_id)
    clips = {c.id: c for c in store.clips.list(include_hidden=True)}
    return [KeptTake(a, clips[a.clip_id]) for a in attempts if a.clip_id in clips]


class KeptTakesList(QWidget):
    rate_requested = Signal(object)  # KeptTake

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keptTakes")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.list = QListWidget()
        self.list.setObjectName("keptTakesList")
        self.list.setMaximumHeight(110)
        self.list.itemActivated.connect(self._activated)  # Enter or a double click
        layout.addWidget(self.list)
        self.hide()

    def show_takes(self, takes: list[KeptTake]) -> None:
        self.list.clear()
        for take in takes:
            when = take.attempt.started_at.astimezone()
            item = QListWidgetItem(f"{take.clip.title}  ·  {when.day} {when:%b, %H:%M}  —  rate it now")
            item.setData(Qt.ItemDataRole.UserRole, take)
            self.list.addItem(item)
        n = len(takes)
        self.heading.setText(
            f"<b>{'A reply was' if n == 1 else f'{n} replies were'} kept from a session that was cut "
            "short.</b> Choose one and press Enter to listen to it and rate it now."
        )
        self.setVisible(n > 0)
        if n:
            self.list.setCurrentRow(0)

    def _activated(self, item: QListWidgetItem) -> None:
        self.rate_requested.emit(item.data(Qt.ItemDataRole.UserRole))
