"""Keys as a user presses them: sent to the window, which routes them to whatever has focus
and to the shortcuts, exactly as a real keyboard does (never to a chosen widget)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot


def activate(qtbot: QtBot, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)  # shortcuts go to the active window


def press(
    window: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    handle = window.windowHandle()
    assert handle is not None, "the window must be shown before keys can reach it"
    QTest.keyClick(handle, key, modifiers)


def type_text(window: QWidget, text: str) -> None:
    handle = window.windowHandle()
    assert handle is not None
    for char in text:
        QTest.keyClick(handle, char)


def create_first_profile(
    qtbot: QtBot, window: QWidget, name: str, *, close_microphone_check: bool = True
) -> None:
    """The first-run dialog, answered from the keyboard: type the name, Enter (clinician is the
    default role). Waits until the window has the profile. The microphone check that first run
    offers next is closed with Esc, unless the test wants it (close_microphone_check=False)."""
    qtbot.waitUntil(lambda: getattr(window, "profile_dialog", None) is not None, timeout=15000)
    dialog = window.profile_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=15000)
    activate(qtbot, dialog)
    type_text(dialog, name)
    press(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(window, "profile", None) is not None, timeout=10000)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    if not close_microphone_check:
        return
    qtbot.waitUntil(lambda: getattr(window, "microphone_dialog", None) is not None, timeout=5000)
    check = window.microphone_dialog
    qtbot.waitUntil(check.isVisible, timeout=5000)
    activate(qtbot, check)
    press(check, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not check.isVisible(), timeout=5000)
    activate(qtbot, window)


def choose_profile(qtbot: QtBot, window: QWidget, name: str) -> None:
    """The start-up profile chooser, answered from the keyboard: arrows to the name, Enter."""
    qtbot.waitUntil(lambda: getattr(window, "profile_dialog", None) is not None, timeout=15000)
    dialog = window.profile_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=15000)
    activate(qtbot, dialog)
    names = [dialog.list.item(i).text().split("  —  ")[0] for i in range(dialog.list.count())]
    for _ in range(names.index(name) - dialog.list.currentRow()):
        press(dialog, Qt.Key.Key_Down)
    press(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(getattr(window, "profile", None), "name", None) == name, timeout=10000)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    activate(qtbot, window)
