"""Choose the microphone once; Practice Room remembers it and falls back to the default if it's gone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from media.recording.devices import DeviceChoice, InputDevice, list_input_devices, resolve_input_device
from ui.common.dialog_keys import close_on_ctrl_w
from ui.shell.context import UiContext


def _scan(remembered: str | None) -> tuple[list[InputDevice], DeviceChoice]:
    return list_input_devices(), resolve_input_device(remembered)


class MicrophoneDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        close_on_ctrl_w(self)
        self.ctx = ctx
        self.setObjectName("microphoneDialog")
        self.setWindowTitle("Microphone")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        self.message = QLabel("Looking for microphones…")
        self.message.setObjectName("microphoneMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.list = QListWidget()
        self.list.setObjectName("microphoneList")
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.devices: list[InputDevice] = []
        # PortAudio's device scan can stall on a misbehaving driver: keep it off the GUI thread.
        ctx.tasks.submit(
            _scan, ctx.settings.current.input_device_name, on_done=self._show, on_error=self._failed
        )

    def _show(self, found: tuple[list[InputDevice], DeviceChoice]) -> None:
        self.devices, choice = found
        for device in self.devices:
            label = f"{device.name}{'  (system default)' if device.is_default else ''}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, device.name)
            self.list.addItem(item)
            if choice.device is not None and device.name == choice.device.name:
                self.list.setCurrentItem(item)
        self.save_button.setEnabled(bool(self.devices))
        if choice.message:
            self.message.setText(choice.message)
        elif self.devices:
            self.message.setText("Choose the microphone to record your replies with.")

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(f"Could not list microphones: {exc}")

    def _save(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.ctx.settings.update(input_device_name=item.data(Qt.ItemDataRole.UserRole))
        self.accept()
