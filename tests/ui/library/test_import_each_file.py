"""Import that fits each file, from the keyboard: every file is checked before any details are asked;
each accepted file gets its own title, presentation, level, criteria, example reply and content
note in one table; own clips are edited later from the Library (F2); the consent note shows once;
file dialogs start in the last folder used or the home folder. Real window, store, files, libvlc."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from app.settings import load_settings
from app.startup.starter_library import pack_folder
from tests.app.clips.test_clip_import import write_tone
from tests.support.keys import activate, create_first_profile, press, type_text
from tests.ui.library.test_library_import import STARTER, save_shot
from tests.ui.shell.test_app_shell import open_window
from ui.library.import_dialog import CONSENT_NOTE, LEVEL_COL, PRESENTATION_COL, TITLE_COL, ImportClipsDialog
from ui.library.page import LibraryPage
from ui.shell.main_window import MainWindow

K = Qt.Key
ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


def library(qtbot: QtBot, data_paths: DataPaths) -> tuple[MainWindow, LibraryPage]:
    window = open_window(qtbot, data_paths)
    window.resize(1280, 720)
    create_first_profile(qtbot, window, "Dana")
    page = window.pages["library"]
    assert isinstance(page, LibraryPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == STARTER, timeout=15000)
    return window, page


def open_dialog(qtbot: QtBot, page: LibraryPage) -> ImportClipsDialog:
    """The details table, once every file has been checked (libvlc decodes each: allow time)."""
    flow = page.import_flow
    assert flow is not None
    qtbot.waitUntil(lambda: flow.dialog is not None or not flow.busy, timeout=60000)
    assert flow.dialog is not None, [o.message for o in flow.outcomes]
    qtbot.waitUntil(flow.dialog.isVisible, timeout=5000)
    return flow.dialog


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def choose_in_cell(dialog: ImportClipsDialog, steps: int) -> None:
    """F2 opens the cell's list; Down/Up move through it; Enter keeps the choice."""
    press(dialog, K.Key_F2)
    for _ in range(abs(steps)):
        press(dialog, K.Key_Down if steps > 0 else K.Key_Up)
    press(dialog, K.Key_Return)


def fill_row(qtbot: QtBot, dialog: ImportClipsDialog, row: int, texts: dict[str, str]) -> None:
    """From the table (title cell of `row`): title, presentation, level, then Tab into the details."""
    assert dialog.table.currentRow() == row and dialog.table.currentColumn() == TITLE_COL
    if "title" in texts:
        type_text(dialog, texts["title"])  # typing on a cell replaces it
        press(dialog, K.Key_Return)  # keeps the cell; does not import
        assert dialog.isVisible()
    press(dialog, K.Key_Right)
    assert dialog.table.currentColumn() == PRESENTATION_COL
    choose_in_cell(dialog, int(texts["presentation_steps"]))
    press(dialog, K.Key_Right)
    assert dialog.table.currentColumn() == LEVEL_COL
    choose_in_cell(dialog, int(texts["level_steps"]))
    press(dialog, K.Key_Tab)
    assert focused() is dialog.pane.statement
    type_text(dialog, texts["statement"])
    press(dialog, K.Key_Tab)
    assert focused() is dialog.pane.content_note
    type_text(dialog, texts["note"])
    press(dialog, K.Key_Tab)
    assert focused() is dialog.pane.criteria
    for i, line in enumerate(texts["criteria"].split("\n")):
        if i:
            press(dialog, K.Key_Return)  # a new line inside the criteria box
        type_text(dialog, line)
    assert dialog.isVisible()
    press(dialog, K.Key_Tab)
    assert focused() is dialog.pane.example
    type_text(dialog, texts["example"])


def test_import_checks_first_then_each_file_gets_its_own_details(
    qtbot: QtBot, data_paths: DataPaths, tmp_path: Path
) -> None:
    window, page = library(qtbot, data_paths)
    partner = write_tone(tmp_path / "angry_partner.wav", seconds=1.5)
    teen = write_tone(tmp_path / "silent-teen.wav", seconds=2.5)
    broken = tmp_path / "broken.mov"  # cut off inside its header: no track can be found
    broken.write_bytes((pack_folder() / "hostile-3.mp4").read_bytes()[:512])
    assert not load_settings(data_paths.settings_file).clip_consent_noted

    page.import_paths([partner, broken, teen])
    dialog = open_dialog(qtbot, page)
    # The broken file was checked and refused before any details are asked; it is not a row.
    refused = dialog.findChild(QLabel, "refusedList")
    assert refused is not None and "broken.mov" in refused.text() and "No sound or picture" in refused.text()
    assert dialog.files == [partner, teen] and dialog.table.rowCount() == 2
    assert dialog.titles() == ["Angry partner", "Silent teen"]
    consent = dialog.findChild(QLabel, "consentNote")
    assert consent is not None and consent.text() == CONSENT_NOTE and consent.isVisible()
    assert dialog.width() <= 1280 and dialog.height() <= 720
    assert not dialog.import_button.isEnabled()  # presentations are still to be chosen

    activate(qtbot, dialog)
    qtbot.waitUntil(lambda: focused() is dialog.table, timeout=5000)
    fill_row(
        qtbot,
        dialog,
        0,
        {
            "title": "Partner, angry on the phone",
            "presentation_steps": "1",  # Choose… → Hostile / angry
            "level_steps": "1",  # Intermediate → Advanced
            "statement": "You always take their side!",
            "note": "Shouting",
            "criteria": "Names the anger without defending\nAsks what felt unfair",
            "example": "It sounds like you felt I sided against you.",
        },
    )
    press(dialog, K.Key_Down, ALT)  # the next file, from wherever the focus is
    assert dialog.current == 1 and dialog.pane.criteria.toPlainText() == ""  # its own, empty details
    press(dialog, K.Key_F, ALT)  # back to the table, at the next file
    assert focused() is dialog.table and dialog.table.currentRow() == 1
    press(dialog, K.Key_Left)
    press(dialog, K.Key_Left)
    assert dialog.table.currentColumn() == TITLE_COL
    type_text(dialog, "Oops")
    press(dialog, K.Key_Escape)  # drops the cell edit only
    assert dialog.isVisible() and dialog.titles()[1] == "Silent teen"
    fill_row(
        qtbot,
        dialog,
        1,
        {
            "presentation_steps": "2",  # Choose… → Withdrawn / silent
            "level_steps": "-1",  # Intermediate → Beginner
            "statement": "...",
            "note": "Self-harm mentioned",
            "criteria": "Leaves room\nReflects the silence\nOffers a choice",
            "example": "We can just sit for a moment.",
        },
    )
    press(dialog, K.Key_Up, ALT)  # the first file's details are still its own
    assert dialog.pane.content_note.text() == "Shouting"
    assert dialog.import_button.isEnabled(), dialog.problem.text()
    shot = save_shot(dialog, "import-each-file.png", tmp_path)
    shot.replace(Path("/tmp/d-import-table.png"))
    press(dialog, K.Key_Return)  # in the example box, Enter is a new line: no import yet
    assert dialog.isVisible() and dialog.rows[0].example_response is not None
    press(dialog, K.Key_Backspace)
    press(dialog, K.Key_F, ALT)
    assert focused() is dialog.table, focused()
    press(dialog, K.Key_Return)  # from the table: Enter imports
    assert not dialog.isVisible(), (dialog.table.state(), dialog.import_button.isDefault())

    flow = page.import_flow
    assert flow is not None
    qtbot.waitUntil(lambda: flow.summary_box is not None and flow.summary_box.isVisible(), timeout=30000)
    assert flow.summary_box is not None and flow.summary_box.text() == "2 clips imported."
    assert "broken.mov" in flow.summary_box.informativeText()
    assert window.store is not None
    own = {c.title: c for c in window.store.clips.list() if c.source == "imported"}
    angry, quiet = own["Partner, angry on the phone"], own["Silent teen"]
    assert (angry.presentation, angry.difficulty, quiet.presentation, quiet.difficulty) == (
        "hostile", 3, "withdrawn", 1,
    )  # fmt: skip
    assert angry.criteria == ("Names the anger without defending", "Asks what felt unfair")
    assert quiet.criteria == ("Leaves room", "Reflects the silence", "Offers a choice")
    assert angry.example_response == "It sounds like you felt I sided against you."
    assert quiet.example_response == "We can just sit for a moment."
    assert (angry.content_note, quiet.content_note) == ("Shouting", "Self-harm mentioned")
    assert (angry.statement, quiet.statement) == ("You always take their side!", "...")
    assert not [p for p in data_paths.clips.iterdir() if p.name.startswith(".")]  # no staging copies
    activate(qtbot, flow.summary_box)
    press(flow.summary_box, K.Key_Escape)
    qtbot.waitUntil(lambda: not flow.summary_box.isVisible(), timeout=5000)  # type: ignore[union-attr]

    # Later, from the Library: F2 edits the chosen own clip (the import selected the last one).
    activate(qtbot, window)
    qtbot.waitUntil(
        lambda: page.selected_clip() is not None and page.selected_clip().id == quiet.id, timeout=10000
    )  # type: ignore[union-attr]
    assert "Offers a choice" in page.details.text()  # own clips show their criteria too
    press(window, K.Key_F2)
    qtbot.waitUntil(lambda: page.edit_flow is not None and page.edit_flow.dialog is not None, timeout=5000)
    assert page.edit_flow is not None
    edit = page.edit_flow.dialog
    assert edit is not None
    qtbot.waitUntil(edit.isVisible, timeout=5000)
    activate(qtbot, edit)
    assert edit.width() <= 1280 and edit.height() <= 720
    assert focused() is edit.title
    press(edit, K.Key_A, CTRL)
    type_text(edit, "Teen, silent at intake")
    press(edit, K.Key_Tab)
    assert focused() is edit.presentation
    press(edit, K.Key_Down)  # Withdrawn → Confused / overwhelmed
    press(edit, K.Key_N, ALT)
    assert focused() is edit.pane.content_note
    press(edit, K.Key_A, CTRL)
    press(edit, K.Key_Backspace)  # nothing to note after all
    save_shot(edit, "edit-details.png", tmp_path).replace(Path("/tmp/d-import-edit.png"))
    press(edit, K.Key_Return)
    qtbot.waitUntil(lambda: page.edit_flow is not None and page.edit_flow.dialog is None, timeout=10000)
    changed = window.store.clips.get(quiet.id)
    assert (changed.title, changed.presentation, changed.difficulty) == (
        "Teen, silent at intake",
        "confused",
        1,
    )
    assert changed.content_note is None and changed.criteria == quiet.criteria
    assert changed.media_path == quiet.media_path
    qtbot.waitUntil(lambda: "Teen, silent at intake" in page.details.text(), timeout=10000)
    assert page.edit_button.isVisible() and window.width() <= 1280
    save_shot(window, "library-own-clip.png", tmp_path).replace(Path("/tmp/d-import-library.png"))

    # A starter exercise is not edited: F2 says plainly why.
    activate(qtbot, window)
    page.table.setFocus()
    first_starter = next(i for i, c in enumerate(page.model.clips) if c.source == "starter")
    page.table.selectRow(first_starter)
    press(window, K.Key_F2)
    qtbot.waitUntil(
        lambda: page.edit_flow is not None and page.edit_flow.notice_box is not None, timeout=5000
    )
    note = page.edit_flow.notice_box  # type: ignore[union-attr]
    assert note is not None and "comes with Practice Room" in note.text()
    note.close()

    # The consent note was said once: a second import goes straight to the table.
    assert load_settings(data_paths.settings_file).clip_consent_noted
    third = write_tone(tmp_path / "third.wav", seconds=3)
    page.import_paths([third])
    again = open_dialog(qtbot, page)
    assert again.findChild(QLabel, "consentNote") is None and again.findChild(QLabel, "refusedList") is None
    activate(qtbot, again)
    press(again, K.Key_Escape)  # cancel: nothing added, the checked copy removed
    qtbot.waitUntil(lambda: not again.isVisible(), timeout=5000)
    qtbot.waitUntil(
        lambda: not [p for p in data_paths.clips.iterdir() if p.name.startswith(".")], timeout=5000
    )
    assert window.store.clips.count() == STARTER + 2


def test_file_dialogs_start_in_the_last_folder_used_or_home(
    qtbot: QtBot, data_paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "me"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    window, page = library(qtbot, data_paths)
    asked: list[str] = []
    clips = tmp_path / "Role-play day"
    clips.mkdir()
    chosen = write_tone(clips / "take.wav")

    def pick(_parent: QWidget, _title: str, folder: str, _filter: str) -> tuple[list[str], str]:
        asked.append(folder)
        return [str(chosen)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", pick)
    page.choose_files()
    assert asked == [str(home)]  # nothing remembered yet: the home folder, not the program's
    dialog = open_dialog(qtbot, page)
    dialog.reject()
    window.ctx.settings.flush()  # type: ignore[attr-defined]
    assert load_settings(data_paths.settings_file).last_clip_folder == str(clips)
    qtbot.waitUntil(lambda: page.import_flow is not None and not page.import_flow.busy, timeout=5000)
    page.choose_files()
    assert asked[-1] == str(clips)
    open_dialog(qtbot, page).reject()
    # A remembered folder that has gone falls back to home; the folder picker follows the same rule.
    window.ctx.settings.update(last_clip_folder=str(tmp_path / "gone"))
    folders: list[str] = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda _p, _t, f: folders.append(f) or "")
    page.choose_folder()
    assert folders == [str(home)]
