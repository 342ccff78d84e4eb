"""When the database fails its integrity check: tell the user and offer the newest backup."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from practice_db.errors import DatabaseDamagedError
from ui.shell.context import UiContext


class DatabaseRecovery:
    def __init__(self, parent: QWidget, ctx: UiContext, retry: Callable[[], None]) -> None:
        self.parent = parent
        self.ctx = ctx
        self.retry = retry
        self.box: QMessageBox | None = None

    def offer_restore(self, exc: DatabaseDamagedError) -> None:
        box = QMessageBox(self.parent)
        box.setObjectName("databaseDamagedDialog")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Your practice data needs attention")
        if exc.backups:
            newest = exc.backups[0]
            box.setText("The practice database on this computer looks damaged.")
            box.setInformativeText(
                f"The newest backup was made {newest.created:%d %b %Y %H:%M} UTC. Restore it? "
                "The damaged file is kept beside it, nothing is deleted."
            )
            restore = box.addButton("Restore the backup", QMessageBox.ButtonRole.AcceptRole)
            restore.setObjectName("restoreBackupButton")
            restore.clicked.connect(lambda: self._restore(exc, newest.path))
        else:
            box.setText("The practice database on this computer looks damaged, and there is no backup yet.")
            box.setInformativeText(
                f"The file is {exc.path}. Practice Room will not change it. "
                "Close the app and keep a copy of the file before trying anything else."
            )
        quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        quit_button.clicked.connect(self.parent.close)
        self.box = box
        box.open()

    def _restore(self, exc: DatabaseDamagedError, backup_path: object) -> None:
        from practice_db.integrity import restore_backup  # only ever needed here

        self.ctx.tasks.submit(
            restore_backup,
            backup_path,
            exc.path,
            on_done=lambda _kept: self.retry(),
            on_error=lambda err: QMessageBox.critical(self.parent, "Restore failed", str(err)),
        )
