"""A supervisor builds the programme's own clip set by keys on the real stack (SQLite, the window's
workers): seven clips keep Save disabled with the reason, eight and a name save it, the order set
with Alt+Up is kept, the set appears in the taking tab's chooser, a name already used is refused
in plain words with nothing lost, and a clinician never sees the button."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from tests.support.keys import activate, press, type_text
from tests.ui.shell.test_app_shell import open_window
from ui.assessment.page import AssessmentPage
from ui.assessment.set_builder import SetBuilderDialog
from ui.shell.main_window import MainWindow

SHOTS = os.environ.get("ASET_SHOTS")  # a folder: save the dialog there to look at it

ALT = Qt.KeyboardModifier.AltModifier


def open_page(qtbot: QtBot, data_paths: DataPaths, role: str) -> tuple[MainWindow, AssessmentPage]:
    window = open_window(qtbot, data_paths)
    window.resize(1280, 720)
    qtbot.waitUntil(
        lambda: window.profile_dialog is not None and window.profile_dialog.isVisible(), timeout=15000
    )
    assert window.profile_dialog is not None and window.store is not None
    window.profile_dialog.reject()
    window.set_profile(window.store.profiles.create("Sam", role))
    activate(qtbot, window)
    press(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "assessment"
    activate(qtbot, window)
    page = window.pages["assessment"]
    assert isinstance(page, AssessmentPage)
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
    return window, page


def open_builder(qtbot: QtBot, window: MainWindow, page: AssessmentPage) -> SetBuilderDialog:
    press(window, Qt.Key.Key_B, ALT)
    qtbot.waitUntil(lambda: page.builder.dialog is not None, timeout=5000)
    dialog = page.builder.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    qtbot.waitUntil(lambda: dialog.library.count() > 0, timeout=10000)
    activate(qtbot, dialog)
    return dialog


def tick(dialog: SetBuilderDialog, count: int) -> None:
    """Space ticks the current library clip, Down goes to the next."""
    press(dialog, Qt.Key.Key_L, ALT)
    for _ in range(count):
        press(dialog, Qt.Key.Key_Space)
        press(dialog, Qt.Key.Key_Down)


def test_a_supervisor_builds_a_set_by_keys(qtbot: QtBot, data_paths: DataPaths) -> None:
    window, page = open_page(qtbot, data_paths, "supervisor")
    assert page.builder.isVisible()
    if SHOTS:
        window.grab().save(os.path.join(SHOTS, "aset-page.png"))
    store = window.store
    assert store is not None
    before = {s.id for s in store.assessment_sets.list()}
    dialog = open_builder(qtbot, window, page)
    library_ids = [int(dialog.library.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(8)]
    all_clips = store.clips.list(include_assessment=True)
    assert dialog.library.count() == len(all_clips)
    assert any(c.assessment_only for c in all_clips) == any(
        "[assessment clip]" in dialog.library.item(i).text() for i in range(dialog.library.count())
    )
    assert not dialog.save_button.isEnabled() and "8" in dialog.reason.text()
    tick(dialog, 7)
    assert dialog.count.text() == "7 of 8–18 clips"
    assert not dialog.save_button.isEnabled()
    assert dialog.reason.text() == "Choose at least 8 clips (1 more to go)."
    press(dialog, Qt.Key.Key_S, ALT)  # refused while disabled: nothing stored
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=5000)
    assert {s.id for s in store.assessment_sets.list()} == before
    press(dialog, Qt.Key.Key_Space)  # the eighth
    assert dialog.count.text() == "8 of 8–18 clips"
    assert dialog.reason.text() == "Give the set a name." and not dialog.save_button.isEnabled()
    press(dialog, Qt.Key.Key_N, ALT)
    type_text(dialog, "Spring short form")
    assert dialog.save_button.isEnabled() and dialog.reason.text() == ""
    # The chosen list: Home, then the second clip moves up to be played first.
    press(dialog, Qt.Key.Key_H, ALT)
    press(dialog, Qt.Key.Key_Home)
    press(dialog, Qt.Key.Key_Down)
    press(dialog, Qt.Key.Key_Up, ALT)
    order = [library_ids[1], library_ids[0], *library_ids[2:]]
    assert dialog.chosen_ids() == order
    assert dialog.chosen.item(0).text().startswith("1. ")
    # Delete takes the current chosen clip out (and unticks it); Space ticks it back at the end.
    press(dialog, Qt.Key.Key_End)
    press(dialog, Qt.Key.Key_Delete)
    assert dialog.chosen_ids() == order[:-1] and not dialog.save_button.isEnabled()
    press(dialog, Qt.Key.Key_L, ALT)
    press(dialog, Qt.Key.Key_Space)  # the library's current clip is still the eighth
    assert dialog.chosen_ids() == order
    if SHOTS:
        dialog.grab().save(os.path.join(SHOTS, "aset-builder.png"))
    assert dialog.width() <= 1280 and dialog.height() <= 720
    press(dialog, Qt.Key.Key_Return)  # Save is the default button, wherever the focus is
    qtbot.waitUntil(lambda: page.builder.dialog is None, timeout=10000)  # closed (and deleted)
    (made,) = [s for s in store.assessment_sets.list() if s.id not in before]
    assert (made.name, made.builtin, made.clip_ids) == ("Spring short form", False, tuple(order))
    chooser = page.taking.intro.set_choice
    qtbot.waitUntil(lambda: chooser.findData(made.id) >= 0, timeout=10000)
    assert chooser.itemText(chooser.findData(made.id)) == "Spring short form (8 clips)"
    # The same name again: refused in plain words, the dialog and its choices stay.
    activate(qtbot, window)
    again = open_builder(qtbot, window, page)
    tick(again, 9)
    press(again, Qt.Key.Key_N, ALT)
    type_text(again, "Spring short form")
    press(again, Qt.Key.Key_S, ALT)
    qtbot.waitUntil(lambda: "Not saved" in again.reason.text(), timeout=10000)
    assert "already a set called 'Spring short form'" in again.reason.text()
    assert again.isVisible() and len(again.chosen_ids()) == 9 and again.name.text() == "Spring short form"
    assert again.save_button.isEnabled()  # change the name and try again
    press(again, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.builder.dialog is None, timeout=5000)
    assert len(store.assessment_sets.list()) == len(before) + 1


def test_a_clinician_has_no_builder(qtbot: QtBot, data_paths: DataPaths) -> None:
    window, page = open_page(qtbot, data_paths, "clinician")
    assert not page.builder.isVisible()
    press(window, Qt.Key.Key_B, ALT)
    qtbot.wait(300)
    assert page.builder.dialog is None
    assert not any(isinstance(w, SetBuilderDialog) for w in window.findChildren(SetBuilderDialog))
