"""The platform's standard keys from anywhere in the window: F1 help, Ctrl+W closes a dialog,
Ctrl+Q quits; and the Library from the keyboard: Tab between controls, arrows, Enter practises."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from tests.support.keys import activate, create_first_profile, press
from tests.support.starter import STARTER_CLIPS
from tests.ui.shell.test_app_shell import open_window
from ui.shell.shortcuts_help import ShortcutsDialog


def test_f1_help_ctrl_w_closes_it_and_ctrl_q_quits(qtbot: QtBot, data_paths: DataPaths) -> None:
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.pages["library"].model.rowCount() == STARTER_CLIPS, timeout=15000)
    create_first_profile(qtbot, window, "Dana")
    press(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ShortcutsDialog), timeout=5000)
    help_box = QApplication.activeModalWidget()
    assert help_box is not None and help_box.objectName() == "shortcutsDialog"
    assert isinstance(help_box, ShortcutsDialog) and "Ctrl+Q" in help_box.text()
    press(help_box, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not help_box.isVisible(), timeout=5000)
    activate(qtbot, window)  # the window manager's part: the window is active again
    press(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)


def test_library_tab_arrows_and_enter(qtbot: QtBot, data_paths: DataPaths) -> None:
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    page = window.pages["library"]
    qtbot.waitUntil(lambda: page.model.rowCount() == STARTER_CLIPS, timeout=15000)
    create_first_profile(qtbot, window, "Dana")
    for _ in range(12):  # Tab through the controls until the list has the focus
        if page.table.hasFocus():
            break
        press(window, Qt.Key.Key_Tab)
    assert page.table.hasFocus()
    press(window, Qt.Key.Key_Tab)
    assert not page.table.hasFocus()  # one Tab leaves the list: no walking through its cells
    press(window, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert page.table.hasFocus()
    start = page.table.currentIndex().row()
    press(window, Qt.Key.Key_Down)
    press(window, Qt.Key.Key_Down)
    chosen = page.model.clips[start + 2]
    press(window, Qt.Key.Key_Return)
    assert window.current_page_key() == "rehearse"
    qtbot.waitUntil(lambda: window.pages["rehearse"].clip is not None, timeout=10000)
    assert window.pages["rehearse"].clip.id == chosen.id
