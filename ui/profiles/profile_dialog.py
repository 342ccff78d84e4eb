"""Choose who is using Practice Room now, or create the first profile."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from practice_db.records import ProfileRecord
from ui.common.dialog_keys import close_on_ctrl_w

ROLE_TEXT = {"clinician": "Clinician (I practise)", "supervisor": "Supervisor (I review others)"}


class ProfileDialog(QDialog):
    """Emits `chosen(ProfileRecord)` or `create_requested(name, role)`; the caller does the storage work."""

    chosen = Signal(object)
    create_requested = Signal(str, str)
    password_requested = Signal(object)  # set, change or remove the selected profile's password
    merge_requested = Signal(object)  # the selected profile is the same person as another one

    def __init__(self, profiles: list[ProfileRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        close_on_ctrl_w(self)
        self.setObjectName("profileDialog")
        self.setWindowTitle("Who is practising?")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)

        intro = QLabel(
            "Profiles keep each person's recordings and ratings apart. Everything stays on this computer."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.list = QListWidget()
        self.list.setObjectName("profileList")
        for p in profiles:
            item = QListWidgetItem()
            self._show(item, p)
            self.list.addItem(item)
        self.list.itemActivated.connect(lambda _item: self._use_selected())
        self.use_button = QPushButton("Use this profile")
        self.use_button.setObjectName("useProfileButton")
        self.use_button.clicked.connect(self._use_selected)
        existing = QGroupBox("Existing profiles")
        ex_layout = QVBoxLayout(existing)
        ex_layout.addWidget(self.list)
        self.password_button = QPushButton("Pass&word…")
        self.password_button.setObjectName("profilePasswordButton")
        self.password_button.setToolTip("Set, change or remove this profile's password")
        self.password_button.clicked.connect(self._password)
        self.merge_button = QPushButton("Sa&me person as…")
        self.merge_button.setObjectName("profileMergeButton")
        self.merge_button.setToolTip("Two profiles here are one person: make them one")
        self.merge_button.clicked.connect(self._merge)
        ex_buttons = QHBoxLayout()
        ex_buttons.addWidget(self.password_button)
        ex_buttons.addWidget(self.merge_button)
        ex_buttons.addStretch(1)
        ex_buttons.addWidget(self.use_button)
        ex_layout.addLayout(ex_buttons)
        existing.setVisible(bool(profiles))
        if profiles:
            self.list.setCurrentRow(0)
        layout.addWidget(existing)

        create = QGroupBox("New profile" if profiles else "Create your profile to begin")
        form = QFormLayout(create)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("profileName")
        self.name_edit.setPlaceholderText("Your name or initials")
        form.addRow("Name", self.name_edit)
        roles = QHBoxLayout()
        self.role_group = QButtonGroup(self)
        self.role_buttons: dict[str, QRadioButton] = {}
        for role, text in ROLE_TEXT.items():
            button = QRadioButton(text)
            button.setObjectName(f"role_{role}")
            self.role_group.addButton(button)
            self.role_buttons[role] = button
            roles.addWidget(button)
        self.role_buttons["clinician"].setChecked(True)
        form.addRow("Role", roles)
        self.error_label = QLabel()
        self.error_label.setObjectName("profileError")
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.setWordWrap(True)
        form.addRow(self.error_label)
        self.create_buttons = QDialogButtonBox()
        self.create_button = self.create_buttons.addButton(
            "Create profile", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setObjectName("createProfileButton")
        self.create_button.clicked.connect(self._request_create)
        self.name_edit.returnPressed.connect(self._request_create)
        form.addRow(self.create_buttons)
        layout.addWidget(create)
        (self.list if profiles else self.name_edit).setFocus()

    def selected_role(self) -> str:
        return next(r for r, b in self.role_buttons.items() if b.isChecked())

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)

    def _request_create(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            self.show_error("Please enter a name.")
            return
        self.show_error("")
        self.create_requested.emit(name, self.selected_role())

    @staticmethod
    def _show(item: QListWidgetItem, p: ProfileRecord) -> None:
        item.setText(f"{p.name}  —  {p.role}" + ("  —  protected" if p.protected else ""))
        item.setData(Qt.ItemDataRole.UserRole, p)

    def update_profile(self, profile: ProfileRecord) -> None:
        """Show a profile's new state (e.g. a password was set) in the list."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole).id == profile.id:
                self._show(item, profile)

    def profiles(self) -> list[ProfileRecord]:
        return [self.list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.list.count())]

    def profiles_merged(self, kept: ProfileRecord, removed_id: int) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole).id == removed_id:
                self.list.takeItem(row)
                break
        self.update_profile(kept)

    def _merge(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.merge_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    def _password(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.password_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    def _use_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))
