"""The Library's clip pack actions: export the selected exercises, import a pack from elsewhere.

Each: choose -> a dialog that shows what will happen -> the work with progress and Cancel (the
bundles' BundleJob) -> one plain message. Where the work runs, as for bundles (ui/bundles/flow.py):
the size estimate, the preview and the export read the database briefly and then touch only
files, on a "clip-packs" worker; the import checks every clip and then writes ONE transaction, so
it runs whole on the database worker (ctx.tasks), never beside another writer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QToolButton, QWidget

from app.bundles.errors import BundleCancelled, BundleError
from app.clip_packs.workflow import ClipPackWorkflow, PackResult
from ui.bundles.files import BundleFileChooser
from ui.shell.context import UiContext
from ui.shell.data_changes import CLIPS

if TYPE_CHECKING:  # the dialogs, the job and the worker are made when a pack is first used
    from app.clip_packs.importer import PackPreview
    from practice_db.records import ClipRecord
    from practice_db.store import PracticeStore
    from ui.bundles.job import BundleJob
    from ui.common.tasks import TaskRunner
    from ui.library.pack_dialogs import ExportPackDialog, ImportPackDialog

log = logging.getLogger(__name__)
EXPORT_KEY, IMPORT_KEY = "Ctrl+Shift+E", "Ctrl+Shift+I"
NOTHING_CHOSEN = (
    "Select the exercises to share in the list first: Shift with the arrow keys (or Ctrl+click) "
    "selects several."
)


class PackFileChooser(BundleFileChooser):
    """The bundles' Save As / Open (starts where the last pack was), filtered to clip packs."""

    def _filter(self) -> str:
        return f"Practice Room clip packs (*{self.suffix});;All files (*)"


class ClipPackFlow(QObject):
    imported = Signal()  # exercises were added to the library

    def __init__(self, ctx: UiContext, page: QWidget, chosen: Callable[[], list[ClipRecord]]) -> None:
        super().__init__(page)
        self.ctx, self.page, self.chosen = ctx, page, chosen
        self.workflow = ClipPackWorkflow(ctx.paths)
        self.chooser = PackFileChooser(page, self.workflow.suffix)
        self.store: PracticeStore | None = None
        self.job: BundleJob | None = None
        self.export_dialog: ExportPackDialog | None = None
        self.import_dialog: ImportPackDialog | None = None
        self.message_box: QMessageBox | None = None
        self._files: TaskRunner | None = None
        self._gone = False
        self.export_action = self._action("&Export as clip pack…", EXPORT_KEY, self.export_selected)
        self.import_action = self._action("&Import clip pack…", IMPORT_KEY, self.import_pack)
        self.button = QToolButton()
        self.button.setObjectName("clipPacksButton")
        self.button.setText("Clip packs")
        self.button.setToolTip("Share exercises with another computer, or add a pack shared with you.")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        menu.addAction(self.export_action)
        menu.addAction(self.import_action)
        self.button.setMenu(menu)
        self.button.setEnabled(False)  # until storage is open
        page.destroyed.connect(lambda: self.shutdown())
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def _action(self, text: str, key: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self.page)
        action.setShortcut(QKeySequence(key))
        # The page's own key: Qt ignores it while another page is on screen.
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        action.setEnabled(False)
        self.page.addAction(action)
        return action

    @property
    def files(self) -> TaskRunner:
        if self._files is None:
            from ui.common.tasks import TaskRunner

            self._files = TaskRunner("clip-packs", self)
        return self._files

    @property
    def busy(self) -> bool:
        return self.job is not None or self.export_dialog is not None or self.import_dialog is not None

    def set_store(self, store: PracticeStore) -> None:
        self.store = store
        # By now the page sits in the main window: closing it cancels a pack under way, as the
        # window waits for its workers.
        self.page.window().installEventFilter(self)
        for widget in (self.button, self.export_action, self.import_action):
            widget.setEnabled(True)

    # -- export ----------------------------------------------------------------------------
    def export_selected(self) -> None:
        if self.store is None or self.busy:
            return
        clips = self.chosen()
        if not clips:
            self._say(QMessageBox.Icon.Information, "Export as clip pack", NOTHING_CHOSEN)
            return
        from ui.library.pack_dialogs import ExportPackDialog

        dialog = ExportPackDialog(clips, self.page)
        self.export_dialog = dialog
        dialog.accepted.connect(partial(self._save, dialog))
        dialog.rejected.connect(partial(self._dialog_closed, dialog))
        dialog.open()
        self.files.submit(
            self.workflow.estimate,
            clips,
            on_done=partial(self._estimated, dialog),
            on_error=partial(self._estimate_failed, dialog),
        )

    def _estimated(self, dialog: ExportPackDialog, size: int) -> None:
        if dialog is self.export_dialog:
            dialog.show_size(size)

    def _estimate_failed(self, dialog: ExportPackDialog, exc: BaseException) -> None:
        if dialog is self.export_dialog:
            if not isinstance(exc, BundleError):
                log.error("Working out a clip pack's size failed", exc_info=exc)
            dialog.show_size_problem(str(exc) if isinstance(exc, BundleError) else "The size is not known.")

    def _dialog_closed(self, dialog: QWidget) -> None:
        if dialog is self.export_dialog:
            self.export_dialog = None
        if dialog is self.import_dialog:
            self.import_dialog = None
        dialog.deleteLater()

    def _save(self, dialog: ExportPackDialog) -> None:
        self._dialog_closed(dialog)
        if self.store is None or self._gone:
            return
        dest = self.chooser.save_path("Save the clip pack", self.workflow.suggested_name())
        if dest is not None:
            ids = [c.id for c in dialog.clips]
            job = partial(self.workflow.export, self.store, ids, dest)
            self._run("Export as clip pack", f"Saving {dest.name}…", self.files, job)

    # -- import ----------------------------------------------------------------------------
    def import_pack(self) -> None:
        if self.store is None or self.busy:
            return
        path = self.chooser.open_path("Import a clip pack")
        if path is not None:
            self.open_pack(path)

    def open_pack(self, path: Path) -> None:
        """Show what the pack holds (read on the worker), then ask before changing anything."""
        if self.store is None or self.busy:
            return
        self.files.submit(
            self.workflow.inspect, self.store, path, on_done=self._show_preview, on_error=self._unreadable
        )

    def _unreadable(self, exc: BaseException) -> None:
        if self._gone:
            return
        if not isinstance(exc, BundleError):
            log.error("Reading a clip pack failed", exc_info=exc)
        text = str(exc) if isinstance(exc, BundleError) else "The clip pack could not be read (see the log)."
        self._say(QMessageBox.Icon.Warning, "Import clip pack", text)

    def _show_preview(self, preview: PackPreview) -> None:
        if self._gone or self.busy:
            return
        from ui.library.pack_dialogs import ImportPackDialog

        dialog = ImportPackDialog(preview, self.page)
        self.import_dialog = dialog
        dialog.accepted.connect(partial(self._import, dialog))
        dialog.rejected.connect(partial(self._dialog_closed, dialog))
        dialog.open()

    def _import(self, dialog: ImportPackDialog) -> None:
        self._dialog_closed(dialog)
        if self.store is None or self._gone:
            return
        path = dialog.preview.path
        job = partial(self.workflow.import_pack, self.store, path)
        self._run("Import clip pack", f"Checking and adding {path.name}…", self.ctx.tasks, job)

    # -- one job with progress -------------------------------------------------------------
    def _run(self, title: str, label: str, runner: TaskRunner, job: Callable[..., PackResult]) -> None:
        from ui.bundles.job import BundleJob

        self.job = BundleJob(self.page, title, label)
        self.job.progress.setObjectName("packProgress")
        self.job.ended.connect(self._ended)
        self.job.run(runner, job)

    def _ended(self, outcome: object) -> None:
        job, self.job = self.job, None
        if job is None or self._gone:
            return
        job.deleteLater()
        if isinstance(outcome, PackResult):
            if outcome.changed:
                self.ctx.changes.announce(CLIPS)
                self.imported.emit()
            self._say(QMessageBox.Icon.Information, job.title, outcome.message)
        elif isinstance(outcome, BundleCancelled):
            self._say(QMessageBox.Icon.Information, job.title, str(outcome))
        elif isinstance(outcome, BundleError):
            self._say(QMessageBox.Icon.Warning, job.title, str(outcome))
        else:
            log.error("%s failed unexpectedly", job.title, exc_info=outcome)  # type: ignore[arg-type]
            self._say(
                QMessageBox.Icon.Warning,
                job.title,
                "Something unexpected went wrong, so this did not finish and nothing was changed. "
                f"The details are in the log file: {self.ctx.paths.log_file}",
            )

    def _say(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.page)
        box.setObjectName("packMessage")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result: self._message_closed(box))
        self.message_box = box
        box.open()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.page.window() and event.type() == QEvent.Type.Close and self.job is not None:
            self.job.cancel()
        return False

    def _message_closed(self, box: QMessageBox) -> None:
        if self.message_box is box:
            self.message_box = None

    def shutdown(self) -> None:
        self._gone = True
        if self.job is not None:
            self.job.cancel_event.set()
        if self._files is not None:
            self._files.shutdown(wait=False)
