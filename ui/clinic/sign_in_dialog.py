"""The small password box at start-up when the saved clinic server needs a password.
The password stays in memory for this session only; it is never written anywhere."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.clinic.urls import parse_address
from ui.common.dialog_keys import close_on_ctrl_w


class SignInDialog(QDialog):
    def __init__(self, url: str, problem: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        close_on_ctrl_w(self)
        self.setObjectName("signInDialog")
        self.setWindowTitle("Sign in to your clinic's server")
        self.setMinimumWidth(420)
        address = parse_address(url)
        where = QLabel(f"Server: {address.describe()}\nSign-in name: {address.user}")
        where.setObjectName("signInWhere")
        self.problem = QLabel(problem or "")
        self.problem.setObjectName("signInProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a4262c;")
        self.problem.setVisible(bool(problem))
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("signInPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("Your password")
        buttons = QDialogButtonBox()
        sign_in = QPushButton("&Sign in")
        sign_in.setDefault(True)
        buttons.addButton(sign_in, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addWidget(self.problem)
        label = QLabel("&Password:")
        label.setBuddy(self.password_edit)
        layout.addWidget(label)
        layout.addWidget(self.password_edit)
        layout.addWidget(QLabel("It is kept only while Practice Room is open."))
        layout.addWidget(buttons)

    def password(self) -> str:
        return self.password_edit.text()
