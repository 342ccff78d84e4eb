"""Deletion and "Export all my data" in the window: the menu entries, the Delete key on the
Library's clip list and the Review page's list, Undo (Ctrl+Z), and emptying the trash at close.

Every storage and file step runs on the DB worker (app/deletion/workflow.py); the export copies
recordings on its own worker so a large export never holds up the database."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from ui.shell.data_changes import ATTEMPTS, CLIPS, PROFILE, RATINGS, REVIEWS

if TYPE_CHECKING:
    from app.deletion.workflow import Deleted, DeletionWorkflow, Hidden
    from app.personal_export import ExportResult
    from practice_db.deletion.records import ClipUsage, ProfileFootprint
    from practice_db.records import AttemptRecord, ClipRecord, ProfileRecord
    from practice_db.store import PracticeStore
    from ui.common.tasks import TaskRunner
    from ui.deletion.dialogs import DeleteProfileDialog
    from ui.shell.context import UiContext

log = logging.getLogger(__name__)
EVERYTHING = (ATTEMPTS, RATINGS, REVIEWS, CLIPS)


class DeletionController(QObject):
    def __init__(self, ctx: UiContext, window: QMainWindow) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.store: PracticeStore | None = None
        self.profile: ProfileRecord | None = None
        self.workflow: DeletionWorkflow | None = None
        self.question: QWidget | None = None  # the open confirmation (tests and screenshots)
        self.profile_dialog: DeleteProfileDialog | None = None
        self._export_tasks: TaskRunner | None = None
        self.undo_action = self._action("&Undo delete", QKeySequence.StandardKey.Undo, self.undo)
        self.undo_action.setEnabled(False)
        self.export_action = self._action("E&xport all my data…", None, self.export_all)
        self.delete_profile_action = self._action("Delete my profi&le…", None, self.delete_profile)

    def _action(self, text: str, key: Any, slot: Any) -> QAction:
        action = QAction(text, self.window)
        if key is not None:
            action.setShortcut(QKeySequence(key))
        action.triggered.connect(slot)
        action.setEnabled(False)  # until storage is open
        self.window.addAction(action)
        return action

    def watch_pages(self, stack: QStackedWidget) -> None:
        stack.currentChanged.connect(lambda _index: self._sync())

    def add_actions(self, file_menu: QMenu) -> None:
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.delete_profile_action)
        edit = self.window.menuBar().addMenu("&Edit")
        edit.addAction(self.undo_action)

    def set_store(self, store: PracticeStore) -> None:
        from app.deletion.workflow import DeletionWorkflow

        self.store = store
        self.workflow = DeletionWorkflow(self.ctx.paths, store)
        self._sync()

    def set_profile(self, profile: ProfileRecord | None) -> None:
        self.profile = profile
        self._sync()

    def _sync(self) -> None:
        ready = self.workflow is not None and self.profile is not None
        self.export_action.setEnabled(ready)
        self.delete_profile_action.setEnabled(ready)
        # Rehearse has its own Ctrl+Z (a thrown-away take comes back): two enabled actions on one
        # key would leave both silent, so this Undo steps aside there.
        rehearsing = self.window.current_page_key() == "rehearse"  # type: ignore[attr-defined]
        self.undo_action.setEnabled(bool(self.workflow and self.workflow.undo_stack) and not rehearsing)

    # -- pages: the Delete key on their lists ---------------------------------
    def attach_page(self, key: str, page: QWidget) -> None:
        """Delete on the Library's clip list deletes (or hides) the clip; on the Review page's
        list, the attempt. Bound to the list only, so Delete in a text box edits text."""
        if key == "library":
            self._delete_key(page.table, lambda: self._clip_requested(page.selected_clip()))  # type: ignore[attr-defined]
        elif key == "review":
            self._delete_key(page.list.table, lambda: self.delete_attempt(page.list.selected_attempt()))  # type: ignore[attr-defined]

    def _delete_key(self, view: QAbstractItemView, slot: Any) -> None:
        action = QAction("Delete…", view)
        action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence("Backspace")])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        view.addAction(action)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    # -- attempts ---------------------------------------------------------------
    def delete_attempt(self, attempt_id: int | None) -> None:
        if attempt_id is None or self.store is None or self.profile is None:
            return
        store = self.store

        def facts() -> tuple[AttemptRecord, ClipRecord]:
            attempt = store.attempts.get(attempt_id)
            return attempt, store.clips.get(attempt.clip_id)

        self.ctx.tasks.submit(facts, on_done=self._ask_attempt, on_error=self._failed)

    def _ask_attempt(self, found: tuple[AttemptRecord, ClipRecord]) -> None:
        from ui.deletion.dialogs import ask_delete_attempt

        attempt, clip = found
        if self.profile is None or attempt.profile_id != self.profile.id:
            self._say("Only the person who recorded an attempt can delete it.")
            return
        when = attempt.started_at.astimezone().strftime("%d %b %Y, %H:%M")
        me = self.profile.id
        self.question = ask_delete_attempt(
            self.window, clip.title, when, lambda: self._run(self._flow().delete_attempts, [attempt.id], me)
        )

    # -- clips ------------------------------------------------------------------
    def _clip_requested(self, clip: ClipRecord | None) -> None:
        if clip is None or self.store is None or self.profile is None:
            return
        self.ctx.tasks.submit(
            self.store.deletion.clip_usage,
            clip.id,
            self.profile.id,
            on_done=self._ask_clip,
            on_error=self._failed,
        )

    def _ask_clip(self, usage: ClipUsage) -> None:
        from ui.deletion.dialogs import ask_delete_clip

        if self.profile is None:
            return
        me = self.profile.id
        self.question = ask_delete_clip(
            self.window,
            usage,
            lambda: self._run(self._flow().delete_clip, usage.clip_id, me),
            lambda: self._hide(usage),
        )

    def _hide(self, usage: ClipUsage) -> None:
        def done(_: object) -> None:
            self._sync()
            self.ctx.changes.announce(CLIPS)
            self._status(f"“{usage.title}” is hidden; its attempts stay in your history. Undo: Ctrl+Z.")

        self.ctx.tasks.submit(self._flow().hide_clip, usage.clip_id, on_done=done, on_error=self._failed)

    # -- undo -------------------------------------------------------------------
    def undo(self) -> None:
        if self.workflow is None or not self.workflow.undo_stack:
            return
        self.undo_action.setEnabled(False)  # one undo at a time
        self.ctx.tasks.submit(self.workflow.undo_last, on_done=self._undone, on_error=self._failed)

    def _undone(self, deleted: Deleted | Hidden | None) -> None:
        self._sync()
        if deleted is not None:
            self.ctx.changes.announce(*EVERYTHING)
            self._status(f"Put back {deleted.what}.")

    def _run(self, fn: Any, *args: Any) -> None:
        self.ctx.tasks.submit(fn, *args, on_done=self._deleted, on_error=self._failed)

    def _deleted(self, deleted: Deleted) -> None:
        self._sync()
        self.ctx.changes.announce(*EVERYTHING)
        self._status(f"Deleted {deleted.what}. Undo: Ctrl+Z (until you close Practice Room).")

    # -- profiles ---------------------------------------------------------------
    def delete_profile(self) -> None:
        if self.store is None or self.profile is None:
            return
        if any(getattr(page, "session", None) is not None for page in self.window.pages.built()):  # type: ignore[attr-defined]
            self._say(
                "A practice session is running on the Rehearse page. Finish it first, then delete "
                "the profile.",
                "The profile was not deleted",
            )
            return
        self.ctx.tasks.submit(
            self.store.deletion.footprint, self.profile.id, on_done=self._ask_profile, on_error=self._failed
        )

    def _ask_profile(self, footprint: ProfileFootprint) -> None:
        from ui.deletion.dialogs import DeleteProfileDialog

        def confirmed(typed: str) -> None:
            self.ctx.tasks.submit(
                self._flow().delete_profile,
                footprint.profile_id,
                typed,
                on_done=self._profile_deleted,
                on_error=lambda exc: dialog.show_error(self._plain(exc)),
            )

        dialog = DeleteProfileDialog(footprint, confirmed, self.window)
        self.profile_dialog = dialog
        self.question = dialog
        dialog.open()

    def _profile_deleted(self, footprint: ProfileFootprint) -> None:
        if self.profile_dialog is not None:
            self.profile_dialog.accept()
            self.profile_dialog = None
        self._sync()
        self.ctx.settings.update(last_profile_uuid=None)
        self.ctx.changes.announce(*EVERYTHING, PROFILE)
        self._status(f"The profile {footprint.name} and everything it owned were deleted.")
        forget = getattr(self.window, "profile_deleted", None)
        if forget is not None:
            forget()

    # -- export -----------------------------------------------------------------
    def export_all(self) -> None:
        if self.store is None or self.profile is None:
            return
        folder = QFileDialog.getExistingDirectory(self.window, "Export all my data into…", str(Path.home()))
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> None:
        from app.personal_export import export_all
        from ui.common.tasks import TaskRunner

        assert self.store is not None and self.profile is not None
        if self._export_tasks is None:
            self._export_tasks = TaskRunner("personal-export", self)
        self.export_action.setEnabled(False)
        self._export_tasks.submit(
            export_all,
            self.store,
            self.ctx.paths,
            self.profile.id,
            folder,
            on_done=self._exported,
            on_error=self._export_failed,
        )

    def _exported(self, result: ExportResult) -> None:
        self._sync()
        missing = f" ({len(result.missing)} recording(s) were no longer on disk.)" if result.missing else ""
        self._status(f"Exported your data to {result.folder}.{missing} Keep it private: it holds your voice.")

    def _export_failed(self, exc: BaseException) -> None:
        self._sync()
        self._say(self._plain(exc), "Your data was not exported")

    # -- closing ----------------------------------------------------------------
    def empty_trash_on_close(self) -> None:
        """Queued before the worker shuts down: this session's deletions become final."""
        if self.workflow is not None:
            self.ctx.tasks.submit(self.workflow.empty_trash, on_error=lambda exc: log.error("Trash: %s", exc))
        if self._export_tasks is not None:
            self._export_tasks.shutdown(wait=True)

    # -- helpers ----------------------------------------------------------------
    def _flow(self) -> DeletionWorkflow:
        assert self.workflow is not None
        return self.workflow

    @staticmethod
    def _plain(exc: BaseException) -> str:
        from app.deletion.workflow import DeletionFailed
        from app.personal_export import ExportFailed
        from practice_db.errors import StorageError

        if isinstance(exc, DeletionFailed | ExportFailed | StorageError):
            return str(exc)
        log.error("Deletion or export failed", exc_info=exc)
        return "That could not be done; nothing was changed. Details are in the log."

    def _failed(self, exc: BaseException) -> None:
        self._sync()
        self._say(self._plain(exc))

    def _say(self, message: str, title: str = "Nothing was deleted") -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=self.window)
        box.setObjectName("deletionProblem")
        self.question = box
        box.open()

    def _status(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 15000)
