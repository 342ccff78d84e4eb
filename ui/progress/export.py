"""Save the progress log as Markdown / PDF / CSV, or copy it as text, without freezing the window.

The export only reads the database, so it runs on a worker of its own ("progress-export"): a
long PDF never holds up the DB worker the rest of the app uses. Progress comes back by signal.
"""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from app.progress_log.export import Format, export_progress_log, progress_log_text
from practice_db.errors import StorageError
from practice_db.progress.records import Period
from practice_db.records import ProfileRecord
from ui.common.tasks import TaskRunner

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)

FORMATS: dict[Format, tuple[str, str]] = {
    "md": ("Markdown", "Markdown (*.md)"),
    "pdf": ("PDF", "PDF documents (*.pdf)"),
    "csv": ("CSV", "Spreadsheet, comma-separated (*.csv)"),
}


class _Progress(QObject):
    step = Signal(int, int, str)  # emitted on the worker; delivered on the GUI thread


def default_name(profile: ProfileRecord, period: Period, fmt: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", profile.name).strip("-").lower() or "profile"
    last = period.end - timedelta(days=1)
    return f"practice-log-{slug}-{period.start.isoformat()}-to-{last.isoformat()}.{fmt}"


class ExportFlow(QObject):
    finished = Signal(str)  # a sentence for the status line: what was written or copied

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.worker = TaskRunner("progress-export", self)
        self.progress_signal = _Progress(self)
        self.progress_signal.step.connect(self._step)
        self.progress: QProgressDialog | None = None
        self.error_box: QMessageBox | None = None
        self.busy = False
        parent.destroyed.connect(lambda: self.worker.shutdown(wait=False))

    def save(
        self, fmt: Format, store: PracticeStore, profile: ProfileRecord, period: Period, today: date
    ) -> None:
        if self.busy:
            return
        label, pattern = FORMATS[fmt]
        start = Path.home() / "Documents"
        start = start if start.is_dir() else Path.home()
        name, _ = QFileDialog.getSaveFileName(
            self.parent_widget,
            f"Save the progress log as {label}",
            str(start / default_name(profile, period, fmt)),
            pattern,
        )
        if not name:
            return
        out = Path(name)
        if out.suffix.lower() != f".{fmt}":
            out = out.with_name(out.name + f".{fmt}")
        self.busy = True
        self._show_progress(f"Preparing the {label} progress log…")
        self.worker.submit(
            export_progress_log,
            store,
            profile.id,
            period,
            fmt,
            out,
            today,
            self.progress_signal.step.emit,
            on_done=lambda path: self._done(f"Saved the progress log to {path}."),
            on_error=lambda exc: self._failed(exc, out),
        )

    def copy_text(self, store: PracticeStore, profile: ProfileRecord, period: Period, today: date) -> None:
        if self.busy:
            return
        self.busy = True
        self.worker.submit(
            progress_log_text,
            store,
            profile.id,
            period,
            today,
            on_done=self._copied,
            on_error=lambda exc: self._failed(exc, None),
        )

    def _copied(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self._done("Copied the progress log as text; paste it into your notes.")

    def _show_progress(self, text: str) -> None:
        dialog = QProgressDialog(text, "", 0, 0, self.parent_widget)
        dialog.setObjectName("exportProgress")
        dialog.setWindowTitle("Progress log")
        dialog.setCancelButton(None)  # the file is written in one step at the end; nothing to undo
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)  # quick exports finish before it would flash up
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.progress = dialog

    def _step(self, done: int, total: int, what: str) -> None:
        dialog = self.progress
        if dialog is None:
            return
        dialog.setLabelText(f"{what}…")
        dialog.setMaximum(max(total, 1))
        # Last: a window-modal progress dialog runs the event loop inside setValue, where the
        # export may finish and close this dialog.
        dialog.setValue(min(done, total))

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.busy = False

    def _done(self, message: str) -> None:
        self._close_progress()
        self.finished.emit(message)

    def _failed(self, exc: BaseException, out: Path | None) -> None:
        self._close_progress()
        if isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
        elif isinstance(exc, StorageError):
            reason = str(exc)
        else:
            log.error("Progress log export failed", exc_info=exc)
            reason = "something went wrong; details are in the log file"
        if out is not None:
            text = f"Could not save {out}: {reason}. Nothing was written."
        else:
            text = f"Could not copy the progress log: {reason}. Nothing was copied."
        self.error_box = QMessageBox(
            QMessageBox.Icon.Warning, "Progress log", text, parent=self.parent_widget
        )
        self.error_box.setObjectName("exportErrorBox")
        self.error_box.open()
