"""Runs an import the user asked for: find files, ask for details, copy with progress, sum up.

File work (listing folders, copying, decoding each file whole with libvlc) runs on its own
"file-import" worker so a 500 MB copy never holds up the database worker; each library row is added
through ctx.tasks. Files go one at a time: stage on the file worker, then commit on the DB worker,
then the next. The bar moves within each file (copy, then decode) by a queued signal.
"""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.clips.importer import ClipImporter
from app.clips.records import ClipDetails, FoundFiles, ImportOutcome, SkippedItem, StagedClip
from ui.common.tasks import TaskRunner
from ui.library.import_dialog import ImportClipsDialog
from ui.shell.context import UiContext

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)
STEPS_PER_FILE = 100  # the bar's resolution within one file


class ClipImportFlow(QObject):
    finished = Signal(list)  # list[ImportOutcome], after the summary is shown
    file_progress = Signal(float)  # 0..1 of the file under way; emitted from worker and libvlc threads

    def __init__(self, ctx: UiContext, importer: ClipImporter, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.importer, self.parent_widget = ctx, importer, parent
        self.files_worker = TaskRunner("file-import", self)
        self.store: PracticeStore | None = None
        self.dialog: ImportClipsDialog | None = None
        self.progress: QProgressDialog | None = None
        self.summary_box: QMessageBox | None = None
        self.outcomes: list[ImportOutcome] = []
        self.skipped: list[SkippedItem] = []  # what the folders held that was not read, and why
        self._queue: list[tuple[Path, ClipDetails]] = []
        self._total = 0
        self._cancelled = False
        self.busy = False
        self.file_progress.connect(self._show_file_progress, Qt.ConnectionType.QueuedConnection)
        parent.destroyed.connect(lambda: self.shutdown())
        app = QCoreApplication.instance()
        if app is not None:  # stop a long copy at quit instead of finishing it first
            app.aboutToQuit.connect(self.shutdown)

    def start(self, store: PracticeStore, sources: list[Path]) -> None:
        if not sources:
            return
        if self.busy:
            QMessageBox.information(
                self.parent_widget,
                "Import clips",
                "Please wait: the clips you chose earlier are still being imported.",
            )
            return
        self.busy, self.store = True, store
        self.files_worker.submit(
            self.importer.collect, sources, on_done=self._ask_details, on_error=self._collect_failed
        )

    def _collect_failed(self, exc: BaseException) -> None:
        log.error("Listing files to import failed", exc_info=exc)
        self.busy = False
        QMessageBox.warning(self.parent_widget, "Import clips", "Those files could not be listed.")

    def _ask_details(self, found: FoundFiles) -> None:
        self.skipped = list(found.skipped)
        if not found.clips:
            self.busy = False
            box = QMessageBox(
                QMessageBox.Icon.Information,
                "Import clips",
                "No audio or video files were found there. Practice Room imports recordings such as "
                ".mp4, .mov, .mp3, .wav or .m4a files.",
                QMessageBox.StandardButton.Ok,
                self.parent_widget,
            )
            box.setObjectName("importNothingFound")
            box.setInformativeText(skipped_html(self.skipped))
            self.summary_box = box
            box.open()
            return
        titles = [self.importer.default_title(p) for p in found.clips]
        self.dialog = ImportClipsDialog(found.clips, titles, len(found.ignored), self.parent_widget)
        self.dialog.accepted.connect(self._begin_copying)
        self.dialog.rejected.connect(self._dialog_cancelled)
        self.dialog.open()

    def _dialog_cancelled(self) -> None:
        self.busy, self.dialog = False, None

    def _begin_copying(self) -> None:
        assert self.dialog is not None
        self._queue = list(zip(self.dialog.files, self.dialog.details(), strict=True))
        self.dialog = None
        self._total, self.outcomes, self._cancelled = len(self._queue), [], False
        steps = self._total * STEPS_PER_FILE
        self.progress = QProgressDialog("Preparing…", "Cancel", 0, steps, self.parent_widget)
        self.progress.setObjectName("importProgress")
        self.progress.setWindowTitle("Importing clips")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(400)  # a single small file finishes before it would flash
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.cancel)
        self._next()

    def cancel(self) -> None:
        self._cancelled = True  # the copy under way stops at its next chunk; the rest are not started

    def is_cancelled(self) -> bool:
        return self._cancelled

    def _show_file_progress(self, fraction: float) -> None:
        if self.progress is not None and self._queue:
            done = len(self.outcomes) * STEPS_PER_FILE + int(min(fraction, 1.0) * STEPS_PER_FILE)
            self.progress.setValue(max(self.progress.value(), done))

    def _next(self) -> None:
        if self.progress is not None:
            self.progress.setValue(len(self.outcomes) * STEPS_PER_FILE)
        if not self._queue:
            self._done()
            return
        source, details = self._queue[0]
        if self._cancelled:
            self._record(ImportOutcome(source, "cancelled", "Not imported: you cancelled."))
            return
        if self.progress is not None:
            self.progress.setLabelText(
                f"Copying and checking {len(self.outcomes) + 1} of {self._total}: {source.name}\n"
                "Each file is played through once, quickly and silently, to make sure all of it works."
            )
        self.files_worker.submit(
            self.importer.stage,
            source,
            self.is_cancelled,
            self.file_progress.emit,
            on_done=self._staged,
            on_error=self._failed,
        )

    def _staged(self, result: StagedClip | ImportOutcome) -> None:
        if isinstance(result, ImportOutcome):
            self._record(result)
        elif self._cancelled:
            self.files_worker.submit(self.importer.discard, result)
            self._record(ImportOutcome(result.source, "cancelled", "Not imported: you cancelled."))
        else:
            assert self.store is not None
            details = self._queue[0][1]
            self.ctx.tasks.submit(
                self.importer.commit, self.store, result, details, on_done=self._record, on_error=self._failed
            )

    def _failed(self, exc: BaseException) -> None:
        log.error("Importing %s failed unexpectedly", self._queue[0][0], exc_info=exc)
        self._record(
            ImportOutcome(self._queue[0][0], "rejected", "Something unexpected went wrong (see the log).")
        )

    def _record(self, outcome: ImportOutcome) -> None:
        self._queue.pop(0)
        self.outcomes.append(outcome)
        self._next()

    def _done(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress = None
        self.busy = False
        self.summary_box = QMessageBox(self.parent_widget)
        self.summary_box.setObjectName("importSummary")
        self.summary_box.setWindowTitle("Import finished")
        self.summary_box.setIcon(QMessageBox.Icon.Information)
        headline, details = summarize(self.outcomes, self.skipped)
        self.summary_box.setText(headline)
        self.summary_box.setInformativeText(details)
        self.summary_box.open()
        self.finished.emit(list(self.outcomes))

    def shutdown(self) -> None:
        self._cancelled = True
        self.files_worker.shutdown(wait=False)


def skipped_html(skipped: list[SkippedItem]) -> str:
    """What the chosen folders held that was not read, each with its reason (empty if nothing)."""
    if not skipped:
        return ""
    rows = "".join(f"<li><b>{escape(s.path.name)}</b>: {escape(s.reason)}</li>" for s in skipped)
    return f"<p>Skipped in the folders ({len(skipped)}):</p><ul>{rows}</ul>"


def summarize(outcomes: list[ImportOutcome], skipped: list[SkippedItem] | None = None) -> tuple[str, str]:
    """Headline and an HTML list: what came in, what was already there, what could not be used, and why."""
    by: dict[str, list[ImportOutcome]] = {}
    for o in outcomes:
        by.setdefault(o.status, []).append(o)
    n = len(by.get("imported", []))
    headline = f"{n} clip{'s' if n != 1 else ''} imported." if n else "No clips were imported."
    sections = []
    for status, title in (
        ("duplicate", "Skipped, already in your library"),
        ("rejected", "Could not be used"),
    ):
        items = by.get(status, [])
        if items:
            rows = "".join(f"<li><b>{escape(o.source.name)}</b>: {escape(o.message)}</li>" for o in items)
            sections.append(f"<p>{title} ({len(items)}):</p><ul>{rows}</ul>")
    if cancelled := len(by.get("cancelled", [])):
        sections.append(f"<p>{cancelled} not imported because you cancelled.</p>")
    if skipped:
        sections.append(skipped_html(skipped))
    return headline, "".join(sections)
