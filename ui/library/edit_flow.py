"""Library → Edit details… (F2 or Ctrl+E): open the dialog for an own clip, save on the DB worker.

A starter clip, or one that came in someone else's bundle, is not edited: a short note says why.
"""

from __future__ import annotations

import logging
from functools import partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.clips.details import details_of, save_details, why_not_editable
from practice_db.errors import EditConflict, StorageError
from ui.common.conflict_note import conflict_message
from ui.library.edit_details_dialog import EditDetailsDialog
from ui.shell.context import UiContext

if TYPE_CHECKING:
    from app.clips.records import ClipDetails
    from practice_db.records import ClipRecord
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)


class ClipEditFlow(QObject):
    saved = Signal(int)  # the clip's id, once its new details are stored
    busy_changed = Signal()  # the dialog opened or closed

    def __init__(self, ctx: UiContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.parent_widget = ctx, parent
        self.dialog: EditDetailsDialog | None = None
        self.version: int | None = None
        self.notice_box: QMessageBox | None = None

    def edit(self, store: PracticeStore, clip: ClipRecord) -> None:
        if self.dialog is not None:
            return
        why = why_not_editable(clip)
        if why is not None:
            self.notice_box = QMessageBox(
                QMessageBox.Icon.Information, "Edit details", why, parent=self.parent_widget
            )
            self.notice_box.setObjectName("notEditableNote")
            self.notice_box.open()
            return
        kind = Path(clip.media_path).suffix.lstrip(".").upper() if clip.media_path else ""
        label = f"{escape(clip.title)}{f' ({kind} file)' if kind else ''}"
        self.version = clip.version  # each save names it: changed elsewhere since → EditConflict
        self.dialog = EditDetailsDialog(details_of(clip), label, self.parent_widget)
        self.dialog.save_requested.connect(partial(self._save, store, clip.id))
        self.dialog.finished.connect(self._closed)
        self.dialog.open()
        self.busy_changed.emit()

    def _save(self, store: PracticeStore, clip_id: int, details: ClipDetails) -> None:
        self.ctx.tasks.submit(
            save_details, store, clip_id, details, self.version, on_done=self._saved, on_error=self._failed
        )

    def _saved(self, clip: ClipRecord) -> None:
        if self.dialog is not None:
            self.dialog.saved()
        self.saved.emit(clip.id)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, EditConflict) and self.dialog is not None:
            theirs: ClipRecord = exc.current
            self.version = theirs.version  # the dialog now shows it; the next save builds on it
            what = "This clip's details"
            self.dialog.show_conflict(details_of(theirs), conflict_message(what, "", plural=True))
            return
        if isinstance(exc, StorageError):
            message = str(exc)  # a plain sentence by contract
        else:
            log.error("Saving clip details failed", exc_info=exc)
            message = "The details could not be saved (the log has more)."
        if self.dialog is not None:
            self.dialog.save_failed(message)

    def _closed(self, _result: int) -> None:
        self.dialog = None
        self.busy_changed.emit()
