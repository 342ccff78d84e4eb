"""Asked before a protected profile is used. The check (argon2, a moment's work) runs on a worker;
after a wrong password the field stays locked for the wait the gate gives (1, 2, 4 ... s), with a
countdown, while the window stays responsive."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from practice_db.records import ProfileRecord
from ui.common.dialog_keys import close_on_ctrl_w

if TYPE_CHECKING:
    from app.profiles.password import PasswordGate, Unlock
    from practice_db.store import PracticeStore
    from ui.common.tasks import TaskRunner

ERROR_STYLE = "color: #b3261e;"


class PasswordPrompt(QDialog):
    """Emits `unlocked(ProfileRecord)` and closes on the right password; Esc gives up."""

    unlocked = Signal(object)

    def __init__(
        self,
        profile: ProfileRecord,
        gate: PasswordGate,
        store: PracticeStore,
        runner: TaskRunner,
        parent: QWidget | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(parent)
        close_on_ctrl_w(self)
        self.profile, self.gate, self.store, self.runner = profile, gate, store, runner
        self.setObjectName("passwordPrompt")
        self.setWindowTitle(f"Password for {profile.name}")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        intro = QLabel(f"{profile.name}'s profile is protected. Enter its password to open it.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.field = QLineEdit()
        self.field.setObjectName("passwordField")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setPlaceholderText("Password")
        self.field.returnPressed.connect(self.submit)
        layout.addWidget(self.field)
        self.message = QLabel()
        self.message.setObjectName("passwordMessage")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(36)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton("Open profile", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setObjectName("passwordOpen")
        self.open_button.clicked.connect(self.submit)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._said = ""  # the last answer, shown above the countdown
        self._ticker = QTimer(self)
        self._ticker.setInterval(250)
        self._ticker.timeout.connect(self._tick)
        self.checking = False
        self.field.setFocus()
        if gate.wait_left(profile.id) > 0:  # reopened during a wait: the wait goes on
            self._said = "A wrong password was given a moment ago."
            self._lock_for_wait()

    def submit(self) -> None:
        if self.checking or self.waiting:
            return
        self.checking = True
        self._set_enabled(False)
        self.message.setStyleSheet("")
        self.message.setText("Checking…")
        self.runner.submit(
            self.gate.unlock,
            self.store,
            self.profile.id,
            self.field.text(),
            on_done=self._answered,
            on_error=self._failed,
        )

    def _answered(self, answer: Unlock) -> None:
        self.checking = False
        if answer.ok:
            self.message.setText("")
            self.unlocked.emit(self.profile)
            self.accept()
            return
        self.field.clear()
        self._said = answer.message.split(" You can try")[0]
        self._lock_for_wait()

    def _failed(self, exc: BaseException) -> None:
        self.checking = False
        self._set_enabled(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(f"The password could not be checked just now ({exc.__class__.__name__}).")

    def _lock_for_wait(self) -> None:
        self._set_enabled(False)
        self.message.setStyleSheet(ERROR_STYLE)
        self._tick()
        self._ticker.start()

    def _tick(self) -> None:
        left = self.gate.wait_left(self.profile.id)
        if left <= 0:
            self._ticker.stop()
            self.message.setText(f"{self._said} Please try again.".strip())
            self._set_enabled(True)
            self.field.setFocus()
            return
        seconds = math.ceil(left)
        self.message.setText(
            f"{self._said} You can try again in {seconds} second{'' if seconds == 1 else 's'}.".strip()
        )

    @property
    def waiting(self) -> bool:
        return self.field.isReadOnly()

    def _set_enabled(self, enabled: bool) -> None:
        # read-only rather than disabled: the field keeps the focus (and the dialog stays active)
        self.field.setReadOnly(not enabled)
        self.open_button.setEnabled(enabled)

    def done(self, result: int) -> None:
        self._ticker.stop()
        super().done(result)
