"""When the database can't be opened (damaged, or an update could not finish): tell the user and
offer the backup that can bring their data back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from practice_db.errors import DatabaseDamagedError, DatabaseUpgradeFailedError
from ui.shell.context import UiContext


class DatabaseRecovery:
    def __init__(self, parent: QWidget, ctx: UiContext, retry: Callable[[], None]) -> None:
        self.parent = parent
        self.ctx = ctx
        self.retry = retry
        self.box: QMessageBox | None = None

    def offer_restore(self, exc: DatabaseDamagedError) -> None:
        if exc.backups:
            newest = exc.backups[0]
            self._ask(
                "The practice database on this computer looks damaged.",
                f"The newest backup was made {newest.created:%d %b %Y %H:%M} UTC. Restore it? "
                "The damaged file is kept beside it, nothing is deleted.",
                (newest.path, exc.path, "damaged"),
            )
        else:
            self._ask(
                "The practice database on this computer looks damaged, and there is no backup yet.",
                f"The file is {exc.path}. Practice Room will not change it. "
                "Close the app and keep a copy of the file before trying anything else.",
                None,
            )

    def offer_upgrade_restore(self, exc: DatabaseUpgradeFailedError) -> None:
        """An update of the data failed now (rolled back) or was left half-done by an older version."""
        if exc.half_updated:
            text = "An earlier update of your practice data was interrupted before it could finish."
            kept_as = "half-updated"
        else:
            text = "The update of your practice data could not finish. Your data is as it was before."
            kept_as = "not-updated"
        if exc.backup is not None and exc.path is not None:
            made = f"{exc.backup.created:%d %b %Y %H:%M} UTC"
            question = (
                f"Restore the copy made on {made}, before that update? "
                if exc.half_updated
                else f"Restore the copy made just before the update ({made})? "
            )
            self._ask(
                text,
                question + "The current file is kept beside it, nothing is deleted.",
                (exc.backup.path, exc.path, kept_as),
            )
        else:
            where = f"The file is {exc.path}. " if exc.path is not None else ""
            self._ask(
                text + " There is no backup to go back to.",
                f"{where}Practice Room will not change it. Keep a copy before trying anything else; "
                f"details are in {self.ctx.paths.log_file}.",
                None,
            )

    def _ask(self, text: str, info: str, restore: tuple[Path, Path, str] | None) -> None:
        box = QMessageBox(self.parent)
        box.setObjectName("databaseDamagedDialog")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Your practice data needs attention")
        box.setText(text)
        box.setInformativeText(info)
        if restore is not None:
            button = box.addButton("Restore the backup", QMessageBox.ButtonRole.AcceptRole)
            button.setObjectName("restoreBackupButton")
            button.clicked.connect(lambda: self._restore(*restore))
        quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        quit_button.clicked.connect(self.parent.close)
        self.box = box
        box.open()

    def _restore(self, backup: Path, db_path: Path, kept_as: str) -> None:
        from practice_db.integrity import restore_backup  # only ever needed here

        self.ctx.tasks.submit(
            restore_backup,
            backup,
            db_path,
            kept_as,
            on_done=lambda _kept: self.retry(),
            on_error=self._restore_failed,
        )

    def _restore_failed(self, err: BaseException) -> None:
        QMessageBox.critical(self.parent, "Restore failed", str(err))
