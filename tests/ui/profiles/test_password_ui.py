"""A protected supervisor profile in the real window, driven from the keyboard: set a password
from the profile chooser, choose the profile again (asked; wrong answers lock the field for 1 s,
then 2 s, with a plain message; the check runs off the GUI thread), the right one opens it, the
password is removed again. At start-up a protected last profile asks first; Esc leads to the
chooser, not into the profile."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from app.profiles.password import PasswordGate
from app.settings import SettingsFile
from practice_db.store import PracticeStore
from tests.support.keys import activate, press, type_text
from tests.ui.bundles.test_bundle_ui import save_shot
from tests.ui.shell.test_app_shell import open_window
from ui.profiles.profile_dialog import ProfileDialog
from ui.shell.main_window import MainWindow

SECRET = "lantern-Quartz-71"


def _prepare(paths: DataPaths, template_db: Path, protect: bool = False) -> None:
    import shutil

    shutil.copy(template_db, paths.database)
    store = PracticeStore.open(f"sqlite:///{paths.database}", paths.backups)
    lee = store.profiles.create("Dr Lee", "supervisor")
    store.profiles.create("Sam", "clinician")
    if protect:
        PasswordGate().set_password(store, lee.id, SECRET, SECRET)
    store.close()
    settings = SettingsFile(paths.settings_file)
    settings.update(last_profile_uuid=lee.uuid, microphone_checked=True)
    settings.flush()


def _chooser(qtbot: QtBot, window: MainWindow) -> ProfileDialog:
    activate(qtbot, window)
    press(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(
        lambda: window.profile_dialog is not None and window.profile_dialog.isVisible(), timeout=10000
    )
    dialog = window.profile_dialog
    assert dialog is not None
    activate(qtbot, dialog)
    return dialog


def _rows(dialog: ProfileDialog) -> list[str]:
    return [dialog.list.item(i).text() for i in range(dialog.list.count())]


def test_set_wrong_right_and_remove_by_keys(
    qtbot: QtBot, data_paths: DataPaths, template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _prepare(data_paths, template_db)
    checked_on: list[str] = []
    original = PasswordGate.unlock

    def watched(self: PasswordGate, *args: object) -> object:
        checked_on.append(threading.current_thread().name)
        return original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(PasswordGate, "unlock", watched)
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.profile is not None, timeout=20000)
    assert window.profile is not None and window.profile.name == "Dr Lee"
    store = window.store
    assert store is not None

    # 1. Dr Lee protects the profile: chooser, Alt+W, the password twice, Enter
    dialog = _chooser(qtbot, window)
    assert _rows(dialog) == ["Dr Lee  —  supervisor", "Sam  —  clinician"]
    press(dialog, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    gate = window.profile_gate
    qtbot.waitUntil(lambda: gate.dialog is not None and gate.dialog.isVisible(), timeout=10000)
    setter = gate.dialog
    assert setter is not None
    activate(qtbot, setter)
    save_shot(setter, "password-set.png", tmp_path)
    type_text(setter, "short")
    press(setter, Qt.Key.Key_Tab)
    type_text(setter, "short")
    press(setter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "at least 6" in setter.message.text(), timeout=10000)
    assert store.profiles.password_hash(window.profile.id) is None  # refused: nothing stored
    type_text(setter, SECRET)
    press(setter, Qt.Key.Key_Tab)
    type_text(setter, SECRET)
    press(setter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gate.dialog is None, timeout=20000)
    assert _rows(dialog)[0] == "Dr Lee  —  supervisor  —  protected"
    assert window.profile.protected
    save_shot(dialog, "profile-chooser.png", tmp_path)
    stored = store.profiles.password_hash(window.profile.id)
    assert stored is not None and stored.startswith("$argon2id$")

    # 2. Sam takes over the computer (no password there)
    activate(qtbot, dialog)
    press(dialog, Qt.Key.Key_Down)
    press(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.profile is not None and window.profile.name == "Sam", timeout=10000)

    # 3. and tries Dr Lee's profile: asked; wrong answers wait 1 s, then 2 s
    dialog = _chooser(qtbot, window)
    press(dialog, Qt.Key.Key_Return)  # Dr Lee is first
    qtbot.waitUntil(lambda: gate.prompt is not None and gate.prompt.isVisible(), timeout=10000)
    prompt = gate.prompt
    assert prompt is not None
    activate(qtbot, prompt)
    waits = []
    for expected in ("1 second", "2 seconds"):
        type_text(prompt, "lantern")
        press(prompt, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "not right" in prompt.message.text(), timeout=20000)
        assert f"You can try again in {expected}" in prompt.message.text()
        assert prompt.waiting and not prompt.open_button.isEnabled() and prompt.field.text() == ""
        start = time.monotonic()
        if expected == "2 seconds":
            prompt.resize(460, prompt.sizeHint().height())
            save_shot(prompt, "password-prompt.png", tmp_path)
        type_text(prompt, SECRET)  # typing during the wait does nothing
        press(prompt, Qt.Key.Key_Return)
        assert prompt.field.text() == "" and window.profile.name == "Sam"
        qtbot.waitUntil(lambda: not prompt.waiting, timeout=10000)  # the window kept running meanwhile
        waits.append(time.monotonic() - start)
        assert "Please try again" in prompt.message.text()
        assert window.profile.name == "Sam"
    assert 0.6 < waits[0] < waits[1] and waits[1] > 1.5
    assert prompt.field.hasFocus() and prompt.isActiveWindow()
    type_text(prompt, SECRET)
    press(prompt, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.profile is not None and window.profile.name == "Dr Lee", timeout=20000)
    assert not prompt.isVisible() and window.profile_dialog is None
    # setting it checked on the database worker, the prompt on its own worker: never the GUI thread
    assert checked_on[0].startswith("practice-db") and len(checked_on) == 4
    assert all(name.startswith("profile-password") for name in checked_on[1:])

    # 4. Dr Lee removes the password again: the current one, then Alt+R
    dialog = _chooser(qtbot, window)
    press(dialog, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: gate.dialog is not None and gate.dialog.isVisible(), timeout=10000)
    remover = gate.dialog
    assert remover is not None and remover.remove_button is not None
    activate(qtbot, remover)
    type_text(remover, SECRET)
    press(remover, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: gate.dialog is None, timeout=20000)
    assert _rows(dialog)[0] == "Dr Lee  —  supervisor"
    assert store.profiles.password_hash(window.profile.id) is None and not window.profile.protected

    # 5. nobody can put a password on someone else's unprotected profile
    activate(qtbot, dialog)
    press(dialog, Qt.Key.Key_Down)
    press(dialog, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: gate.notice is not None and gate.notice.isVisible(), timeout=5000)
    notice = gate.notice
    assert notice is not None
    assert notice.text() == "Open Sam's profile first, then come back here to give it a password."
    notice.close()
    window.close()


def test_protected_last_profile_asks_at_start_up(
    qtbot: QtBot, data_paths: DataPaths, template_db: Path
) -> None:
    _prepare(data_paths, template_db, protect=True)
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(
        lambda: window._profile_gate is not None and window.profile_gate.prompt is not None, timeout=20000
    )
    prompt = window.profile_gate.prompt
    assert prompt is not None
    qtbot.waitUntil(prompt.isVisible, timeout=10000)
    assert window.profile is None  # not opened behind the prompt
    activate(qtbot, prompt)
    press(prompt, Qt.Key.Key_Escape)
    qtbot.waitUntil(
        lambda: window.profile_dialog is not None and window.profile_dialog.isVisible(), timeout=10000
    )
    assert window.profile is None
    assert window.profile_dialog is not None
    assert _rows(window.profile_dialog)[0] == "Dr Lee  —  supervisor  —  protected"
    window.close()
