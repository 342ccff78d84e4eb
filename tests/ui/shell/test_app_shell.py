"""The real main window (offscreen Qt): start-up, first profile, page shortcuts, error handling."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from app.settings import SettingsFile, load_settings
from practice_db.integrity import backup_database
from tests.support.keys import activate, press
from ui.shell.error_dialog import ExceptionDialogHook
from ui.shell.main_window import MainWindow
from ui.shell.shortcuts_help import ShortcutsDialog
from ui.shell.startup import acquire_instance_lock, build_main_window


def open_window(qtbot: QtBot, paths: DataPaths) -> MainWindow:
    window: MainWindow = build_main_window(paths, SettingsFile(paths.settings_file))
    qtbot.addWidget(window)
    window.show()
    window.start()
    return window


def test_first_run_creates_profile_and_shortcuts_switch_pages(qtbot: QtBot, data_paths: DataPaths) -> None:
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(
        lambda: window.profile_dialog is not None and window.profile_dialog.isVisible(), timeout=10000
    )
    dialog = window.profile_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.name_edit, "Dana")
    dialog.role_buttons["supervisor"].setChecked(True)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.profile is not None, timeout=10000)
    assert (
        window.profile is not None and window.profile.name == "Dana" and window.profile.role == "supervisor"
    )
    assert window.profile_label.text() == "Dana (supervisor)"
    assert window.store is not None and [p.name for p in window.store.profiles.list()] == ["Dana"]
    check = window.microphone_dialog  # the first run offers the microphone check next
    assert check is not None
    qtbot.waitUntil(check.isVisible, timeout=5000)
    activate(qtbot, check)
    press(check, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not check.isVisible(), timeout=5000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)  # shortcuts go to the active window
    keys = ("library", "rehearse", "review", "progress", "assessment")
    for index in (3, 1, 4, 2, 0):  # each press must move somewhere new
        key = keys[index]
        qtbot.keyClick(window.nav, Qt.Key(Qt.Key.Key_1.value + index), Qt.KeyboardModifier.ControlModifier)
        assert window.current_page_key() == key
    window.ctx.settings.flush()  # type: ignore[attr-defined]
    assert load_settings(data_paths.settings_file).last_profile_uuid == window.profile.uuid


def test_duplicate_profile_name_shows_plain_error(qtbot: QtBot, data_paths: DataPaths) -> None:
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.profile_dialog is not None, timeout=10000)
    assert window.store is not None
    window.store.profiles.create("Sam", "clinician")
    dialog = window.profile_dialog
    assert dialog is not None
    dialog.name_edit.setText("sam")
    dialog.create_button.click()
    qtbot.waitUntil(lambda: "already a profile" in dialog.error_label.text(), timeout=5000)
    assert window.profile is None


def test_damaged_database_offers_newest_backup_and_restores(
    qtbot: QtBot, data_paths: DataPaths, template_db: Path
) -> None:
    shutil.copy(template_db, data_paths.database)
    backup_database(data_paths.database, data_paths.backups, "manual")
    size = data_paths.database.stat().st_size
    with data_paths.database.open("r+b") as fh:
        fh.seek(4096)
        fh.write(b"\x00\xff" * ((size - 4096) // 2))
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(
        lambda: window.recovery.box is not None and window.recovery.box.isVisible(), timeout=10000
    )
    box = window.recovery.box
    assert box is not None and "damaged" in box.text()
    restore = box.findChild(QMessageBox, "") or box
    button = next(b for b in box.buttons() if b.objectName() == "restoreBackupButton")
    button.click()
    qtbot.waitUntil(lambda: window.store is not None, timeout=10000)
    assert restore is not None
    assert list(data_paths.home.glob("practice.sqlite3.damaged-*")), "the damaged file is kept"


def test_uncaught_exception_shows_one_dialog_not_a_stack(qtbot: QtBot, tmp_path: Path) -> None:
    hook = ExceptionDialogHook(tmp_path / "log.txt")
    seen: list[str] = []

    def while_first_is_open() -> None:
        box = QApplication.activeModalWidget()
        seen.append(box.objectName() if box else "")
        try:
            raise ValueError("second problem")
        except ValueError as exc:
            hook(type(exc), exc, exc.__traceback__)  # arrives while the first dialog is showing
        if box is not None:
            box.close()

    QTimer.singleShot(100, while_first_is_open)
    try:
        raise RuntimeError("first problem")
    except RuntimeError as exc:
        hook(type(exc), exc, exc.__traceback__)
    assert seen == ["errorDialog"]
    assert hook.shown_count == 1 and hook.suppressed_count == 1


def test_second_instance_on_same_data_folder_is_refused(data_paths: DataPaths) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from app.paths import DataPaths;"
            "from ui.shell.startup import acquire_instance_lock;"
            f"lock = acquire_instance_lock(DataPaths(__import__('pathlib').Path({str(data_paths.home)!r})));"
            "print('held' if lock else 'refused', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert acquire_instance_lock(data_paths) is None
    finally:
        holder.kill()
        holder.wait()
    lock = acquire_instance_lock(data_paths)  # a crashed holder's lock is recognised as stale
    assert lock is not None
    lock.unlock()


def test_player_fallback_reason_is_shown_once_in_status_bar(qtbot: QtBot, data_paths: DataPaths) -> None:
    from media.constants import HEADLESS_VLC_ARGS
    from media.playback.playback_qt import QtPlaybackController, create_playback
    from media.playback.qt_player import QtMediaPlayer

    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    assert window.playback is not None and window.playback.backend_name == "libvlc"
    assert "Qt Multimedia" not in window.statusBar().currentMessage()
    fallback = QtPlaybackController(
        lambda hooks: QtMediaPlayer(hooks), "qt", "libvlc_new is missing", None, window
    )
    window.attach_playback(fallback)
    assert "VLC could not be used: libvlc_new is missing" in window.statusBar().currentMessage()


def test_help_lists_the_keyboard_shortcuts(qtbot: QtBot, data_paths: DataPaths) -> None:
    window = open_window(qtbot, data_paths)
    action = next(a for a in window.actions() if a.text() == "&Keyboard shortcuts")
    assert action.shortcut().toString() == "F1"
    action.trigger()
    box = window.findChild(ShortcutsDialog, "shortcutsDialog")
    assert box is not None and box.isVisible()
    text = box.text()
    assert "keeping the take" in text and "Comment at this moment" in text and "Ctrl+1" in text
    assert box.width() <= 1280 and box.height() <= 680  # fits a 1280×720 screen with its frame
    box.grab().save("/tmp/shortcuts-dialog.png")
    assert "Pause before the next clip" in text
    box.close()


def test_window_reopens_at_the_size_it_was_closed(qtbot: QtBot, data_paths: DataPaths) -> None:
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.store is not None, timeout=10000)
    window.resize(window.width(), 540)
    assert window.height() == 540
    window.close()
    window.ctx.settings.flush()  # type: ignore[attr-defined]
    assert load_settings(data_paths.settings_file).window_geometry

    again: MainWindow = build_main_window(data_paths, SettingsFile(data_paths.settings_file))
    qtbot.addWidget(again)
    assert again.height() == 540  # (widths are clamped to the 800 px offscreen screen)

    data_paths.settings_file.write_text('{"window_geometry": "not base64 at all"}')
    damaged: MainWindow = build_main_window(data_paths, SettingsFile(data_paths.settings_file))
    qtbot.addWidget(damaged)
    assert damaged.height() == 720  # a damaged value is ignored: the default size
