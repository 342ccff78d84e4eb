"""Check the microphone: choose it, watch a live level, record a 3-second test and hear it back.
The choice is remembered (input_device_name); a missing one falls back to the default.

Keys: ↑/↓ choose, Alt+T tests, Enter keeps the choice, Esc closes without changing it."""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from media.recording.audio_constants import PARTIAL_SUFFIX
from media.recording.devices import DeviceChoice, InputDevice, list_input_devices, resolve_input_device
from media.recording.recorder import TakeResult
from media.recording.sound_check import heard
from ui.common.dialog_keys import close_on_ctrl_w
from ui.common.level_meter import LevelMeter
from ui.microphone.microphone_monitor import MicrophoneMonitor
from ui.shell.context import UiContext

TEST_SECONDS = 3.0
SILENCE_S = 4.0  # this long without a sound while listening: say so
INTRO = (
    "Choose the microphone you will answer with, then say a few words: "
    "the green bar moves when it hears you."
)
NOTHING_HEARD = (
    "We can't hear anything from this microphone. Check it is plugged in and not muted, "
    "or choose another."
)
HEARD = "We can hear you."
COULD_NOT_OPEN = "This microphone could not be started. Check it is plugged in, or choose another."
TEST_RECORDING = "Recording for 3 seconds… speak now."
TEST_PLAYING = "Playing your test back…"
TEST_DONE = "That was your test. If you heard yourself clearly, this microphone is ready."


def _scan(remembered: str | None) -> tuple[list[InputDevice], DeviceChoice]:
    return list_input_devices(), resolve_input_device(remembered)


def _remove_test(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + PARTIAL_SUFFIX)):
        leftover.unlink(missing_ok=True)


def _label(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


class MicrophoneDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        close_on_ctrl_w(self)
        self.ctx = ctx
        self.setObjectName("microphoneDialog")
        self.setWindowTitle("Check your microphone")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        self.message = _label("Looking for microphones…", "microphoneMessage")
        layout.addWidget(self.message)
        self.list = QListWidget()
        self.list.setObjectName("microphoneList")
        self.list.setMaximumHeight(140)
        layout.addWidget(self.list)
        self.meter = LevelMeter("microphoneLevel")
        layout.addWidget(self.meter)
        self.hint = _label("", "microphoneHint")
        layout.addWidget(self.hint)
        self.test_button = QPushButton("&Test: speak for 3 seconds")
        self.test_button.setObjectName("microphoneTest")
        self.test_button.setEnabled(False)
        self.test_button.setAutoDefault(False)  # Enter keeps the choice, whatever has the focus
        self.test_button.clicked.connect(self.start_test)
        layout.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.test_status = _label("", "microphoneTestStatus")
        layout.addWidget(self.test_status)
        # Parented at once: setDefault() only sticks on a button that already sits in the dialog.
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Use this microphone")
        self.save_button.setEnabled(False)
        self.save_button.setDefault(True)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.setText("Close")
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.devices: list[InputDevice] = []
        self.test_take: TakeResult | None = None
        self.test_peak: float | None = None
        self.testing = False
        self.test_path = ctx.paths.home / "microphone-test.wav"
        self.monitor = MicrophoneMonitor(self)
        self.monitor.opened.connect(self._listening)
        self.monitor.failed.connect(self._open_failed)
        self.monitor.level_changed.connect(self._level)
        self.monitor.test_recorded.connect(self._test_recorded)
        self.monitor.test_checked.connect(self._test_checked)
        self.listening_since: float | None = None
        self.heard_something = False
        self.silence_timer = QTimer(self)
        self.silence_timer.setInterval(250)
        self.silence_timer.timeout.connect(self._check_silence)
        self.meter.set_state("")
        # A test left behind by a crash is private too: gone before anything else.
        self.monitor.worker.submit(_remove_test, self.test_path)
        # PortAudio's device scan can stall on a misbehaving driver: keep it off the GUI thread.
        self.monitor.worker.submit(_scan, ctx.settings.current.input_device_name, on_done=self._show)

    # -- devices -----------------------------------------------------------------
    def _show(self, found: tuple[list[InputDevice], DeviceChoice]) -> None:
        self.devices, choice = found
        for device in self.devices:
            item = QListWidgetItem(f"{device.name}{'  (system default)' if device.is_default else ''}")
            item.setData(Qt.ItemDataRole.UserRole, device.name)
            self.list.addItem(item)
            if choice.device is not None and device.name == choice.device.name:
                self.list.setCurrentItem(item)
        self.message.setText(choice.message or INTRO)
        if not self.devices:
            self.list.hide()  # an empty list only looks broken
            self.meter.set_state("none found")
            self.save_button.setEnabled(False)
            self.close_button.setDefault(True)  # Enter still closes the dialog
            return
        self.save_button.setEnabled(True)
        if self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        self.list.currentRowChanged.connect(self._listen_to)
        self.list.setFocus()
        self._listen_to(self.list.currentRow())

    def _listen_to(self, row: int) -> None:
        if not 0 <= row < len(self.devices) or self.testing:
            return
        self.silence_timer.stop()
        self.listening_since, self.heard_something = None, False
        self.test_button.setEnabled(False)
        self.meter.set_state("starting…")
        self.meter.set_level(0.0)
        self.hint.clear()
        self.monitor.open(self.devices[row].index)

    def _listening(self) -> None:
        self.meter.set_state("listening")
        self.listening_since = time.monotonic()
        self.test_button.setEnabled(True)
        self.silence_timer.start()

    def _open_failed(self) -> None:
        self.meter.set_state("off")
        self.meter.set_level(0.0)
        self.hint.setText(COULD_NOT_OPEN)

    def _level(self, peak: float) -> None:
        self.meter.set_level(peak)
        if heard(peak) and not self.testing:
            self.heard_something = True
            self.hint.setText(HEARD)

    def _check_silence(self) -> None:
        since = self.listening_since
        if since is not None and not self.heard_something and time.monotonic() - since > SILENCE_S:
            self.hint.setText(NOTHING_HEARD)

    # -- the 3-second test ---------------------------------------------------------
    def start_test(self) -> None:
        if self.testing or not self.test_button.isEnabled():
            return
        self.test_take, self.test_peak = None, None
        if not self.monitor.record_test(self.test_path, TEST_SECONDS):
            self._open_failed()
            return
        self.testing = True
        self.silence_timer.stop()
        self.test_button.setEnabled(False)
        self.list.setEnabled(False)  # the device stays put until the test is over
        self.meter.set_state("recording")
        self.test_status.setText(TEST_RECORDING)

    def _test_recorded(self, take: TakeResult) -> None:
        self.test_take = take
        self.meter.set_state("playing back")
        self.meter.set_level(0.0)
        self.test_status.setText(TEST_PLAYING)

    def _test_checked(self, peak: float, playback_problem: str | None) -> None:
        self.test_peak = peak
        self.testing = False
        self.list.setEnabled(True)
        self.list.setFocus()
        if not heard(peak):
            self.test_status.setText(NOTHING_HEARD)
        else:
            self.test_status.setText(playback_problem or TEST_DONE)
        self._listen_to(self.list.currentRow())  # back to the live level

    # -- closing -------------------------------------------------------------------
    def _save(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.ctx.settings.update(input_device_name=item.data(Qt.ItemDataRole.UserRole))
        self.accept()

    def done(self, result: int) -> None:
        self.silence_timer.stop()
        self.monitor.close(partial(_remove_test, self.test_path))  # the test is private: gone with the dialog
        super().done(result)

    def close_for_quit(self) -> None:
        """The window is closing: close, and return once the microphone is released."""
        if self.isVisible():
            self.reject()
        self.monitor.close(wait=True)
