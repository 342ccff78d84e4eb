"""Library → Edit details (F2) while the same clip is edited on another computer (issue 21): the
save is refused, the dialog shows the other version and keeps what was typed in its note, and
Alt+U saves it over the other version. Real window, store and keys sent to the dialog."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.clips.details import details_of, save_details
from app.paths import DataPaths
from practice_db.engine import make_engine, sqlite_url
from practice_db.records import NewClip
from practice_db.store import PracticeStore
from tests.support.keys import activate, choose_profile, press, type_text
from tests.ui.shell.test_app_shell import open_window
from ui.library.page import LibraryPage


def test_clip_edited_elsewhere_is_shown_and_mine_kept(
    qtbot: QtBot, data_paths: DataPaths, store: PracticeStore
) -> None:
    store.profiles.create("Dana", "clinician")
    store.profiles.create("Lee", "clinician")
    clip = store.clips.add(
        NewClip("Zz own clip", "hostile", 1, "clips/own.ogg", "hash-own", statement="You never listen.")
    )
    store.close()
    window = open_window(qtbot, data_paths)
    window.resize(1280, 720)
    choose_profile(qtbot, window, "Dana")
    page: LibraryPage = window.pages["library"]
    qtbot.waitUntil(lambda: any(c.id == clip.id for c in page.model.clips), timeout=15000)
    page.search.setFocus()
    type_text(window, "Zz own")  # the search box narrows the list to this clip
    qtbot.waitUntil(lambda: [c.id for c in page.model.clips] == [clip.id], timeout=10000)
    page.table.setFocus()
    press(window, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.selected_clip() is not None, timeout=5000)
    press(window, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.edit_flow is not None and page.edit_flow.dialog is not None, timeout=5000)
    assert page.edit_flow is not None and page.edit_flow.dialog is not None
    dialog = page.edit_flow.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    activate(qtbot, dialog)

    # Meanwhile the same clip is renamed on another computer.
    other = PracticeStore(make_engine(sqlite_url(data_paths.database)))
    try:
        theirs = other.clips.get(clip.id)
        renamed = replace(details_of(theirs), title="Their title")
        assert save_details(other, clip.id, renamed, theirs.version).version == 2
    finally:
        other.close()

    dialog.title.setFocus()
    press(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(dialog, "My title")
    press(dialog, Qt.Key.Key_Return)  # Enter saves, from version 1
    qtbot.waitUntil(dialog.conflict.isVisible, timeout=10000)
    assert dialog.isVisible() and dialog.title.text() == "Their title"  # their version, shown
    text = dialog.conflict.text.text()
    assert "were saved elsewhere" in text and "title “My title”" in text
    assert QApplication.focusWidget() is dialog.conflict.mine_button
    assert dialog.width() <= 1280 and dialog.height() <= 720
    dialog.grab().save("/tmp/conflicts-clip-edit.png")

    press(dialog, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # "Use mine"
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)  # saved over version 2
    opened = window.store
    assert opened is not None
    now = opened.clips.get(clip.id)
    assert now.title == "My title" and now.version == 3
