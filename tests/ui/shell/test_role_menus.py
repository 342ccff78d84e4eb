"""Menus per role, through the real window: each role sees its own items, and every menu's
accelerators are unique. Generic on purpose: it walks whatever the menu bar holds, so items other
parts add later are checked too (mark role-only items with ui.shell.role_menus.for_role)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from app.settings import SettingsFile
from tests.support.bundle_world import open_world
from tests.support.keys import activate, choose_profile, press
from tests.ui.shell.test_app_shell import open_window
from ui.shell.main_window import MainWindow
from ui.shell.role_menus import SUPERVISOR, TRAINEE, Role, accelerator, marked_role, menus

TRAINEE_ITEMS = {"Send attempts for &review…", "&Import supervisor feedback…"}
SUPERVISOR_ITEMS = {"&Open a review bundle…", "Send &feedback to a trainee…"}
SHOTS = Path("/tmp")


def visible_items(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if a.isVisible() and not a.isSeparator()]


def check_menus(window: MainWindow, role: Role | None) -> dict[str, list[str]]:
    """Every menu the role sees: items all have an accelerator, unique in that menu; no item of
    another role shows, every item of this role does. Returns {menu title: visible item texts}."""
    bar = window.menuBar()
    titles = [a.text() for a in bar.actions() if a.isVisible()]
    keys = [accelerator(t) for t in titles]
    assert None not in keys and len(set(keys)) == len(keys), titles
    seen: dict[str, list[str]] = {}
    for menu in menus(bar):
        for action in menu.actions():
            wanted = marked_role(action)
            if wanted is not None:
                assert action.isVisible() == (wanted == role), (role, action.text())
        texts = visible_items(menu)
        keys = [accelerator(t) for t in texts]
        assert None not in keys, f"{menu.title()}: an item without an accelerator in {texts}"
        clashes = sorted({k for k in keys if keys.count(k) > 1})  # type: ignore[type-var]
        assert not clashes, f"{menu.title()} ({role}): {clashes} used twice in {texts}"
        seen[menu.title()] = texts
    return seen


@pytest.fixture
def two_people(tmp_path: Path, template_db: Path) -> DataPaths:
    world = open_world(tmp_path / "home", template_db)
    world.store.profiles.create("Dana Lee", "clinician")
    sam = world.store.profiles.create("Sam Reviewer", "supervisor")
    world.close()
    settings = SettingsFile(world.paths.settings_file)
    settings.update(last_profile_uuid=sam.uuid)
    settings.flush()
    return world.paths


def open_file_menu(qtbot: QtBot, window: MainWindow) -> QMenu:
    press(window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(window.file_menu.isVisible, timeout=5000)
    return window.file_menu


def test_each_role_sees_its_own_file_menu_with_unique_accelerators(
    qtbot: QtBot, two_people: DataPaths
) -> None:
    window = open_window(qtbot, two_people)
    flow = window.bundle_flow
    qtbot.waitUntil(lambda: window.profile is not None and flow.store is not None, timeout=20000)
    activate(qtbot, window)

    # -- supervisor: Alt+F, F is "Send feedback…" (it was "Import supervisor feedback")
    file_items = check_menus(window, SUPERVISOR)["&File"]
    assert SUPERVISOR_ITEMS <= set(file_items) and not TRAINEE_ITEMS & set(file_items)
    menu = open_file_menu(qtbot, window)
    assert menu.grab().save(str(SHOTS / "compact-file-menu-supervisor.png"))
    press(window, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: flow.message_box is not None and flow.message_box.isVisible(), timeout=10000)
    assert not menu.isVisible() and flow.message_box is not None
    assert flow.message_box.windowTitle() == "No feedback to send yet"  # Sam has rated no one yet
    flow.message_box.close()
    flow.message_box = None  # deleted on close

    # -- switch to the trainee from the keyboard: the supervisor's items leave the File menu
    activate(qtbot, window)
    press(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    choose_profile(qtbot, window, "Dana Lee")
    file_items = check_menus(window, TRAINEE)["&File"]
    assert TRAINEE_ITEMS <= set(file_items) and not SUPERVISOR_ITEMS & set(file_items)
    menu = open_file_menu(qtbot, window)
    assert menu.grab().save(str(SHOTS / "compact-file-menu-trainee.png"))
    press(window, Qt.Key.Key_R)  # Alt+F, R: send attempts for review
    qtbot.waitUntil(lambda: flow.message_box is not None and flow.message_box.isVisible(), timeout=10000)
    assert flow.message_box is not None and flow.message_box.windowTitle() == "Nothing to send yet"
    flow.message_box.close()
    flow.message_box = None  # deleted on close
    window.close()


def test_before_a_profile_only_the_items_for_everyone_show(qtbot: QtBot, data_paths: DataPaths) -> None:
    window = open_window(qtbot, data_paths)  # a first run: the profile dialog waits
    qtbot.waitUntil(lambda: window.profile_dialog is not None, timeout=15000)
    file_items = check_menus(window, None)["&File"]
    assert not (TRAINEE_ITEMS | SUPERVISOR_ITEMS) & set(file_items)
    assert {"Switch &profile…", "&Quit"} <= set(file_items)
    window.profile_dialog.reject()  # type: ignore[union-attr]
    window.close()


@pytest.mark.parametrize(
    ("text", "key"),
    [("&File", "f"), ("Send &feedback…", "f"), ("Re&view", "v"), ("R&&D &notes", "n"), ("Plain", None)],
)
def test_accelerator_letter(text: str, key: str | None) -> None:
    assert accelerator(text) == key
