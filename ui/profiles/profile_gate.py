"""The window's door to protected profiles: asks the password before one is used, and opens the
set / change / remove dialog. One per window, so the wait after wrong passwords (app/profiles/
password.py) survives closing and reopening the prompt."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from practice_db.records import ProfileRecord
from ui.common.tasks import TaskRunner

if TYPE_CHECKING:
    from app.profiles.password import PasswordGate
    from practice_db.store import PracticeStore
    from ui.profiles.password_dialog import PasswordDialog
    from ui.profiles.password_prompt import PasswordPrompt
    from ui.shell.context import UiContext


class ProfileGate(QObject):
    def __init__(self, ctx: UiContext, parent: QObject) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.checks = TaskRunner("profile-password", self)  # argon2 checks: never the GUI thread
        self._gate: PasswordGate | None = None
        self.prompt: PasswordPrompt | None = None
        self.dialog: PasswordDialog | None = None
        self.notice: QMessageBox | None = None

    @property
    def gate(self) -> PasswordGate:
        if self._gate is None:
            from app.profiles.password import PasswordGate  # argon2: loaded when first needed

            self._gate = PasswordGate()
        return self._gate

    def open_profile(
        self,
        store: PracticeStore,
        profile: ProfileRecord,
        parent: QWidget,
        on_unlocked: Callable[[ProfileRecord], None],
        on_cancel: Callable[[], None] | None = None,
    ) -> None:
        """Hand `profile` to `on_unlocked` at once, or after its password was given."""
        if not profile.protected:
            on_unlocked(profile)
            return
        from ui.profiles.password_prompt import PasswordPrompt

        prompt = PasswordPrompt(profile, self.gate, store, self.checks, parent)
        prompt.unlocked.connect(on_unlocked)
        if on_cancel is not None:
            prompt.rejected.connect(on_cancel)
        prompt.finished.connect(lambda _r: setattr(self, "prompt", None))
        self.prompt = prompt
        prompt.open()

    def manage(
        self,
        store: PracticeStore,
        profile: ProfileRecord,
        current: ProfileRecord | None,
        parent: QWidget,
        on_changed: Callable[[ProfileRecord], None],
    ) -> None:
        """Set, change or remove a password. A profile without one can be protected only by
        whoever is using it now (else anyone could lock a colleague out)."""
        if not profile.protected and (current is None or current.id != profile.id):
            box = QMessageBox(
                QMessageBox.Icon.Information,
                "Password",
                f"Open {profile.name}'s profile first, then come back here to give it a password.",
                QMessageBox.StandardButton.Ok,
                parent,
            )
            box.setObjectName("passwordNotYours")
            box.open()
            self.notice = box
            return
        from ui.profiles.password_dialog import PasswordDialog

        dialog = PasswordDialog(profile, self.gate, store, self.ctx.tasks, parent)
        dialog.changed.connect(on_changed)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def shutdown(self) -> None:
        self.checks.shutdown(wait=False)
