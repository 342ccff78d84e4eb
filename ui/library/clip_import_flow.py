"""Runs an import the user asked for: find files, check every one, ask for each file's details, add
them, sum up.

Checking comes first, so nobody describes a file that turns out to be broken: listing, copying and
the libvlc check run one file at a time on the "file-import" worker (a 500 MB copy never holds up
the database worker) behind a progress dialog; files already in the library are set aside on the
DB worker. Only then does the details table open, listing what was refused and why. Each row is
then added through ctx.tasks, one at a time. Cancelling at any step removes the checked copies.
"""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.clips.details import set_aside_duplicates
from app.clips.importer import ClipImporter
from app.clips.records import ClipDetails, FoundFiles, ImportOutcome, SkippedItem, StagedClip
from app.clips.titles import display_name
from ui.common.tasks import TaskRunner
from ui.library.import_dialog import ImportClipsDialog
from ui.shell.context import UiContext

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)
CANCELLED = "Not imported: you cancelled."
UNEXPECTED = "Something unexpected went wrong (see the log)."
STEPS_PER_FILE = 100  # the bar's resolution within one file (copy, then a whole decode)


class ClipImportFlow(QObject):
    finished = Signal(list)  # list[ImportOutcome], after the summary is shown
    file_progress = Signal(float)  # 0..1 of the file under way; emitted from worker and libvlc threads

    def __init__(self, ctx: UiContext, importer: ClipImporter, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.importer, self.parent_widget = ctx, importer, parent
        self.files_worker = TaskRunner("file-import", self)
        self.store: PracticeStore | None = None
        self.owner_profile_id: int | None = None  # whose own clips these become
        self.dialog: ImportClipsDialog | None = None
        self.progress: QProgressDialog | None = None
        self.summary_box: QMessageBox | None = None
        self.outcomes: list[ImportOutcome] = []  # refused by the checks, then the adds' results
        self.skipped: list[SkippedItem] = []  # what the folders held that was not read, and why
        self._to_check: list[Path] = []
        self._checked: list[StagedClip] = []
        self._to_add: list[tuple[StagedClip, ClipDetails]] = []
        self._ignored = 0
        self._total = 0
        self._cancelled = False
        self.busy = False
        self.file_progress.connect(self._show_file_progress, Qt.ConnectionType.QueuedConnection)
        parent.destroyed.connect(lambda: self.shutdown())
        app = QCoreApplication.instance()
        if app is not None:  # stop a long copy at quit instead of finishing it first
            app.aboutToQuit.connect(self.shutdown)

    def start(self, store: PracticeStore, sources: list[Path], owner_profile_id: int | None = None) -> None:
        """Import `sources` as own clips of `owner_profile_id` (the person using the Library)."""
        if not sources:
            return
        if self.busy:
            QMessageBox.information(
                self.parent_widget,
                "Import clips",
                "Please wait: the clips you chose earlier are still being imported.",
            )
            return
        self.busy, self.store, self.owner_profile_id = True, store, owner_profile_id
        self.files_worker.submit(
            self.importer.collect, sources, on_done=self._check_all, on_error=self._collect_failed
        )

    def _collect_failed(self, exc: BaseException) -> None:
        log.error("Listing files to import failed", exc_info=exc)
        self.busy = False
        QMessageBox.warning(self.parent_widget, "Import clips", "Those files could not be listed.")

    # --- 1. check every file ------------------------------------------------------------------
    def _check_all(self, found: FoundFiles) -> None:
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
        self._to_check, self._checked, self.outcomes = list(found.clips), [], []
        self._to_add, self._ignored, self._cancelled = [], len(found.ignored), False
        self._total = len(self._to_check)
        self.progress = self._progress_dialog("Checking clips", self._total * STEPS_PER_FILE)
        self._check_next()

    def _progress_dialog(self, title: str, steps: int) -> QProgressDialog:
        progress = QProgressDialog("Preparing…", "Cancel", 0, steps, self.parent_widget)
        progress.setObjectName("importProgress")
        progress.setWindowTitle(title)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)  # a single small file finishes before it would flash
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(self.cancel)
        return progress

    def cancel(self) -> None:
        self._cancelled = True  # the copy under way stops at its next chunk; the rest are not started

    def is_cancelled(self) -> bool:
        return self._cancelled

    def _show_file_progress(self, fraction: float) -> None:
        if self.progress is not None and self._to_check:
            done = (self._total - len(self._to_check)) * STEPS_PER_FILE
            within = int(min(fraction, 1.0) * STEPS_PER_FILE)
            self.progress.setValue(max(self.progress.value(), done + within))

    def _check_next(self) -> None:
        done = self._total - len(self._to_check)
        if self.progress is not None:
            self.progress.setValue(done * STEPS_PER_FILE)
        if not self._to_check:
            self._close_progress()
            if self._cancelled:
                self._drop_checked()
                self._done()
                return
            assert self.store is not None
            self.ctx.tasks.submit(
                set_aside_duplicates, self.store, list(self._checked),
                on_done=self._ask_details, on_error=self._lookup_failed,
            )  # fmt: skip
            return
        source = self._to_check[0]
        if self._cancelled:
            self._checked_one(ImportOutcome(source, "cancelled", CANCELLED))
            return
        if self.progress is not None:
            name = display_name(source)
            self.progress.setLabelText(
                f"Copying and checking {done + 1} of {self._total}: {name}\n"
                "Each file is played through once, quickly and silently, to make sure all of it works."
            )
        self.files_worker.submit(
            self.importer.stage, source, self.is_cancelled, self.file_progress.emit,
            on_done=self._checked_one, on_error=self._check_failed,
        )  # fmt: skip

    def _checked_one(self, result: StagedClip | ImportOutcome) -> None:
        self._to_check.pop(0)
        if isinstance(result, StagedClip):
            self._checked.append(result)
        else:
            self.outcomes.append(result)
        self._check_next()

    def _check_failed(self, exc: BaseException) -> None:
        source = self._to_check[0]
        log.error("Checking %s failed unexpectedly", source, exc_info=exc)
        self._checked_one(ImportOutcome(source, "rejected", UNEXPECTED))

    def _lookup_failed(self, exc: BaseException) -> None:
        log.error("Looking for clips already in the library failed", exc_info=exc)
        for staged in self._checked:
            self.outcomes.append(ImportOutcome(staged.source, "rejected", "Your library could not be read."))
        self._drop_checked()
        self._done()

    def _drop_checked(self) -> None:
        """Remove the checked copies nobody will add (a cancel, a failure): on the file worker."""
        for staged in self._checked:
            self.outcomes.append(ImportOutcome(staged.source, "cancelled", CANCELLED))
            self.files_worker.submit(self.importer.discard, staged)
        self._checked = []

    # --- 2. each file's details ---------------------------------------------------------------
    def _ask_details(self, result: tuple[list[StagedClip], list[ImportOutcome]]) -> None:
        self._checked, duplicates = result
        self.outcomes.extend(duplicates)
        if not self._checked:
            self._done()
            return
        settings = self.ctx.settings
        show_consent = not settings.current.clip_consent_noted
        self.dialog = ImportClipsDialog(
            [s.source for s in self._checked],
            [self.importer.default_title(s.source) for s in self._checked],
            [o for o in self.outcomes if o.status != "cancelled"],
            self._ignored,
            show_consent,
            self.parent_widget,
        )
        if show_consent:
            settings.update(clip_consent_noted=True)  # said once, whatever the user does next
        self.dialog.accepted.connect(self._begin_adding)
        self.dialog.rejected.connect(self._dialog_cancelled)
        self.dialog.open()
        self.dialog.table.setFocus()

    def _dialog_cancelled(self) -> None:
        """Nothing is added: the checked copies go, and no summary (the user said no)."""
        self.dialog = None
        for staged in self._checked:
            self.files_worker.submit(self.importer.discard, staged)
        self._checked, self.busy = [], False

    # --- 3. add them ----------------------------------------------------------------------------
    def _begin_adding(self) -> None:
        assert self.dialog is not None
        self._to_add = list(zip(self._checked, self.dialog.details(), strict=True))
        self._checked, self.dialog = [], None
        self._add_next()

    def _add_next(self) -> None:
        if not self._to_add:
            self._done()
            return
        staged, details = self._to_add[0]
        assert self.store is not None
        self.ctx.tasks.submit(
            self.importer.commit,
            self.store,
            staged,
            details,
            self.owner_profile_id,
            on_done=self._added,
            on_error=self._add_failed,
        )

    def _added(self, outcome: ImportOutcome) -> None:
        self._to_add.pop(0)
        self.outcomes.append(outcome)
        self._add_next()

    def _add_failed(self, exc: BaseException) -> None:
        staged = self._to_add[0][0]
        log.error("Importing %s failed unexpectedly", staged.source, exc_info=exc)
        self.files_worker.submit(self.importer.discard, staged)
        self._added(ImportOutcome(staged.source, "rejected", UNEXPECTED))

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)  # closing it emits "canceled"
            self.progress.close()
            self.progress = None

    def _done(self) -> None:
        self._close_progress()
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
    rows = "".join(f"<li><b>{escape(display_name(s.path))}</b>: {escape(s.reason)}</li>" for s in skipped)
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
            rows = "".join(
                f"<li><b>{escape(display_name(o.source))}</b>: {escape(o.message)}</li>" for o in items
            )
            sections.append(f"<p>{title} ({len(items)}):</p><ul>{rows}</ul>")
    if cancelled := len(by.get("cancelled", [])):
        sections.append(f"<p>{cancelled} not imported because you cancelled.</p>")
    if skipped:
        sections.append(skipped_html(skipped))
    return headline, "".join(sections)
