"""First run: once the profile exists, the microphone check opens, once. Keys only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from app.settings import load_settings
from tests.support.fakemic_plugin import FakeMic
from tests.support.keys import activate, create_first_profile, press, type_text
from tests.ui.shell.test_app_shell import open_window


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Escape], ids=["enter", "esc"])
def test_the_check_is_offered_once_after_the_first_profile(
    qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic, key: Qt.Key
) -> None:
    window = open_window(qtbot, data_paths)
    assert window.microphone_dialog is None
    create_first_profile(qtbot, window, "Dana", close_microphone_check=False)
    check = window.microphone_dialog
    assert check is not None
    qtbot.waitUntil(check.isVisible, timeout=5000)
    qtbot.waitUntil(lambda: check.list.count() > 0, timeout=10000)  # the fake microphone is listed
    chosen = check.list.currentItem().data(Qt.ItemDataRole.UserRole)
    activate(qtbot, check)
    press(check, key)
    qtbot.waitUntil(lambda: not check.isVisible(), timeout=5000)
    window.ctx.settings.flush()  # type: ignore[attr-defined]
    saved = load_settings(data_paths.settings_file)
    assert saved.microphone_checked
    assert saved.input_device_name == (chosen if key == Qt.Key.Key_Return else None)
    window.close()

    again = open_window(qtbot, data_paths)  # second start: the saved profile, no check
    qtbot.waitUntil(lambda: again.profile is not None, timeout=15000)
    activate(qtbot, again)
    # Even a new profile doesn't bring the check back: it was offered once.
    press(again, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: again.profile_dialog is not None, timeout=5000)
    dialog = again.profile_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    activate(qtbot, dialog)
    for _ in range(10):  # Tab to the name field, as a user would
        if dialog.name_edit.hasFocus():
            break
        press(dialog, Qt.Key.Key_Tab)
    type_text(dialog, "Sam")
    press(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: again.profile is not None and again.profile.name == "Sam", timeout=10000)
    qtbot.wait(300)
    assert again.microphone_dialog is None
