"""File > "Connect to your clinic's server…": where the server is and who you are there.

The connection is tested on a worker of the dialog's own (the network may take seconds); what
failed is said in plain words under the fields and nothing is kept. On success `connected` is
emitted with the address (no password: that is what settings keep) and the password (kept in
memory by the window only). "Use this computer only" emits `local_chosen`."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.clinic.link import ConnectionCheck, check_connection
from app.clinic.urls import DEFAULT_PORT, ServerAddress, parse_address
from ui.common.dialog_keys import close_on_ctrl_w
from ui.common.tasks import TaskRunner

PRIVACY = (
    "With a clinic server, your recordings, ratings and notes are stored on that server, where "
    "your supervisor and the clinic's admin can reach them; they are no longer only on this "
    "computer. Never type anything that could identify a client: no names, places or dates."
)
NOT_SET_UP = "Your sign-in is not yet set up as a person in this clinic; ask your admin."
SUPERUSER = (
    "That sign-in is the server's administrator, to whom the clinic's permissions don't apply. "
    "Please sign in with your own name."
)


class ConnectDialog(QDialog):
    connected = Signal(str, str)  # URL without a password, password ("" if none)
    local_chosen = Signal()

    def __init__(self, saved_url: str | None, clinic_active: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        close_on_ctrl_w(self)
        self.setObjectName("connectDialog")
        self.setWindowTitle("Connect to your clinic's server")
        self.setMinimumWidth(520)
        # No Qt parent: a check still waiting on the network when the dialog is deleted keeps
        # its runner alive (the worker holds it) instead of reporting to a deleted object.
        self.runner = TaskRunner("clinic-connect")
        self.testing = False

        intro = QLabel(
            "Your clinic's IT gives you the server's name, its port and the database; sign in with "
            "the name and password the clinic's admin set up for you."
        )
        intro.setWordWrap(True)
        self.host_edit = QLineEdit()
        self.host_edit.setObjectName("hostEdit")
        self.host_edit.setPlaceholderText("e.g. practice.clinic.example")
        self.port_box = QSpinBox()
        self.port_box.setObjectName("portBox")
        self.port_box.setRange(1, 65535)
        self.port_box.setValue(DEFAULT_PORT)
        self.database_edit = QLineEdit("practice_room")
        self.database_edit.setObjectName("databaseEdit")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("nameEdit")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("&Server:", self.host_edit)
        form.addRow("P&ort:", self.port_box)
        form.addRow("&Database:", self.database_edit)
        form.addRow("Your sign-in &name:", self.name_edit)
        form.addRow("&Password:", self.password_edit)
        if saved_url:
            self._fill(parse_address(saved_url))

        self.message = QLabel("")
        self.message.setObjectName("connectMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        privacy = QLabel(PRIVACY)
        privacy.setObjectName("clinicPrivacy")
        privacy.setWordWrap(True)
        privacy.setStyleSheet("color: #4a5560;")
        password_note = QLabel("The password is not saved: you type it when Practice Room starts.")
        password_note.setWordWrap(True)

        buttons = QDialogButtonBox()
        self.connect_button = QPushButton("&Connect")
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self.test_and_connect)
        buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.local_button = QPushButton("&Use this computer only")
        self.local_button.setObjectName("useLocalButton")
        self.local_button.setEnabled(clinic_active or bool(saved_url))
        self.local_button.clicked.connect(self._use_local)
        buttons.addButton(self.local_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(password_note)
        layout.addWidget(privacy)
        layout.addWidget(buttons)

    def _fill(self, address: ServerAddress) -> None:
        self.host_edit.setText(address.host)
        self.port_box.setValue(address.port)
        self.database_edit.setText(address.database)
        self.name_edit.setText(address.user)

    def address(self) -> ServerAddress | None:
        """What was typed, or None after saying what is missing."""
        missing = [
            label
            for label, text in (
                ("the server", self.host_edit.text()),
                ("the database", self.database_edit.text()),
                ("your sign-in name", self.name_edit.text()),
            )
            if not text.strip()
        ]
        if missing:
            self.show_message("Please fill in " + " and ".join(missing) + ".", error=True)
            return None
        return ServerAddress(
            self.host_edit.text().strip(),
            self.port_box.value(),
            self.database_edit.text().strip(),
            self.name_edit.text().strip(),
        )

    def test_and_connect(self) -> None:
        if self.testing:
            return
        address = self.address()
        if address is None:
            return
        password = self.password_edit.text()
        self.testing = True
        self.connect_button.setEnabled(False)
        self.show_message(f"Connecting to {address.describe()}…")
        self.runner.submit(
            check_connection,
            address.url(password or None),
            on_done=lambda found: self._checked(address, password, found),
            on_error=self._failed,
        )

    def _checked(self, address: ServerAddress, password: str, found: ConnectionCheck) -> None:
        self.testing = False
        self.connect_button.setEnabled(True)
        if found.superuser:
            self.show_message(SUPERUSER, error=True)
            return
        if found.person is None:
            self.show_message(NOT_SET_UP, error=True)
            return
        self.show_message(f"Connected as {found.person}.")
        self.connected.emit(address.url(), password)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from practice_db.clinic_session import ClinicServerError  # loaded by the check already

        self.testing = False
        self.connect_button.setEnabled(True)
        if isinstance(exc, ClinicServerError):
            said = str(exc)
            if exc.problem == "password_needed":
                said = "The server asks for a password: please type yours."
                self.password_edit.setFocus()
        else:
            said = "Practice Room could not use that server; details are in the log file."
        self.show_message(said, error=True)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #a4262c;" if error else "color: #2f3b45;")
        self.message.setText(text)

    def _use_local(self) -> None:
        self.local_chosen.emit()
        self.accept()

    def done(self, result: int) -> None:
        self.runner.shutdown(wait=False)  # a test still waiting on the network is left to finish
        super().done(result)
