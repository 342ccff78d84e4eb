"""Set, change or remove a profile's password (from the profile chooser's "Password…" button).
Hashing and storing run on the database worker; a refusal is shown as a plain sentence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice_db.records import ProfileRecord
from ui.common.dialog_keys import close_on_ctrl_w

if TYPE_CHECKING:
    from app.profiles.password import PasswordGate
    from practice_db.store import PracticeStore
    from ui.common.tasks import TaskRunner

NOTE = (
    "A password keeps others at this computer out of this profile, so nobody else can rate work "
    "in its name. It does not encrypt your recordings. Keep it somewhere safe: if it is forgotten, "
    "this profile can't be opened here again."
)


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class PasswordDialog(QDialog):
    """Emits `changed(ProfileRecord)` after a password was set, changed or removed."""

    changed = Signal(object)

    def __init__(
        self,
        profile: ProfileRecord,
        gate: PasswordGate,
        store: PracticeStore,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        close_on_ctrl_w(self)
        self.profile, self.gate, self.store, self.runner = profile, gate, store, runner
        self.setObjectName("passwordDialog")
        self.setWindowTitle(f"Password for {profile.name}")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        state = "is protected by a password" if profile.protected else "has no password yet"
        heading = QLabel(f"{profile.name}'s profile {state}.")
        heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(heading)
        note = QLabel(NOTE)
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.current = _password_field("currentPassword")
        self.new = _password_field("newPassword")
        self.repeat = _password_field("repeatPassword")
        if profile.protected:
            form.addRow("Current password", self.current)
        form.addRow("New password", self.new)
        form.addRow("New password again", self.repeat)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("passwordDialogMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.save_button = QPushButton("Change password" if profile.protected else "Set password")
        self.save_button.setObjectName("savePassword")
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(self._save)
        self.remove_button: QPushButton | None = None
        if profile.protected:
            self.remove_button = QPushButton("&Remove password")
            self.remove_button.setObjectName("removePassword")
            self.remove_button.setToolTip("Type the current password first")
            buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.DestructiveRole)
            self.remove_button.clicked.connect(self._remove)
        buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.save_button.setDefault(True)
        (self.current if profile.protected else self.new).setFocus()

    def _save(self) -> None:
        self._run(
            self.gate.set_password,
            self.store,
            self.profile.id,
            self.new.text(),
            self.repeat.text(),
            self.current.text(),
        )

    def _remove(self) -> None:
        self._run(self.gate.remove_password, self.store, self.profile.id, self.current.text())

    def _run(self, fn: object, *args: object) -> None:
        self._busy(True)
        self.message.setText("Working…")
        self.runner.submit(fn, *args, on_done=self._done, on_error=self._refused)  # type: ignore[arg-type]

    def _done(self, profile: ProfileRecord) -> None:
        self._busy(False)
        self.message.setText("")
        self.changed.emit(profile)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        from app.profiles.password import PasswordError
        from practice_db.errors import StorageError

        self._busy(False)
        if isinstance(exc, (PasswordError, StorageError)):
            self.message.setText(str(exc))
        else:
            self.message.setText("The password could not be saved just now; nothing was changed.")
        for field in (self.current, self.new, self.repeat):
            field.clear()
        (self.current if self.profile.protected else self.new).setFocus()

    def _busy(self, busy: bool) -> None:
        for widget in (self.current, self.new, self.repeat, self.save_button, self.remove_button):
            if widget is not None:
                widget.setEnabled(not busy)
