"""Clip packs from the Library, by keyboard: select rows, export, import on another computer.

Real windows on two real data folders, real zip files, real libvlc checks, offscreen Qt. A file
dialog cannot be driven offscreen, so QFileDialog's static getters answer with a path in tmp;
every other step is a key sent to the window."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from app.settings import SettingsFile
from tests.support.bundle_world import listing, open_world, row_counts
from tests.support.keys import activate, press, type_text
from tests.support.pack_world import add_file_clip, tone
from tests.support.starter import STARTER_CLIPS
from tests.ui.shell.test_app_shell import open_window
from ui.library.pack_dialogs import PACK_CONSENT, ExportPackDialog, ImportPackDialog
from ui.library.pack_flow import ClipPackFlow
from ui.library.page import LibraryPage
from ui.shell.main_window import MainWindow

OWN = (
    ("Programme: partner shouting", 330, "hostile", "Raised voices"),
    ("Programme: quiet after a loss", 196, "withdrawn", "Bereavement"),
)


def computer(root: Path, template_db: Path, own: bool) -> DataPaths:
    """A data folder with the starter pack, one profile chosen at start-up, and our own clips."""
    world = open_world(root, template_db)
    profile = world.store.profiles.create("Sam", "clinician")
    if own:
        for title, hz, presentation, note in OWN:
            add_file_clip(
                world,
                tone(root / f"{hz}.wav", hz),
                title=title,
                presentation=presentation,
                statement=f"What the client says in {title.lower()}.",
                facets=("empathy",),
                criteria=("Slow down", "Name what you notice"),
                example_response="I can hear how much this matters.",
                content_note=note,
            )
            (root / f"{hz}.wav").unlink()
    world.close()
    settings = SettingsFile(world.paths.settings_file)
    settings.update(last_profile_uuid=profile.uuid, microphone_checked=True)
    settings.flush()
    return world.paths


def library(qtbot: QtBot, paths: DataPaths, clips: int) -> tuple[MainWindow, LibraryPage, ClipPackFlow]:
    window = open_window(qtbot, paths)
    window.resize(1280, 720)
    page = window.pages["library"]
    assert isinstance(page, LibraryPage)
    qtbot.waitUntil(lambda: window.profile is not None and page.model.rowCount() == clips, timeout=20000)
    qtbot.waitUntil(lambda: page.packs.export_action.isEnabled(), timeout=5000)
    activate(qtbot, window)
    return window, page, page.packs


def fake_file_dialogs(monkeypatch: pytest.MonkeyPatch, save: Path | None, open_: Path | None) -> None:
    def answer(path: Path | None) -> object:
        return lambda *args, **kwargs: (str(path) if path else "", "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer(save))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer(open_))


def shot(widget: QWidget, name: str, tmp_path: Path) -> None:
    """For a look; PRACTICE_ROOM_SCREENSHOTS=<dir> keeps copies."""
    path = tmp_path / name
    assert widget.grab().save(str(path))
    if target := os.environ.get("PRACTICE_ROOM_SCREENSHOTS"):
        shutil.copy(path, Path(target) / name)


def answer_message(qtbot: QtBot, flow: ClipPackFlow) -> str:
    qtbot.waitUntil(lambda: flow.message_box is not None and flow.message_box.isVisible(), timeout=60000)
    box = flow.message_box
    assert isinstance(box, QMessageBox)
    text = box.text()
    activate(qtbot, box)
    press(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: flow.message_box is None, timeout=5000)  # closed (and deleted)
    return text


def test_export_selected_rows_and_import_on_another_computer_by_keyboard(
    qtbot: QtBot, tmp_path: Path, template_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = tmp_path / "shared" / "our-programme.prpack"
    pack.parent.mkdir()
    fake_file_dialogs(monkeypatch, save=pack, open_=pack)

    # -- the trainer's computer: search, select both own rows, export --------------------------
    trainer = computer(tmp_path / "trainer", template_db, own=True)
    window, page, flow = library(qtbot, trainer, STARTER_CLIPS + 2)
    page.search.setFocus()  # where typing goes; the keys themselves go to the window
    type_text(window, "Programme")
    # every keystroke reloads the list: wait for the last load before choosing rows
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0 and page.model.rowCount() == 2, timeout=5000)
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus, timeout=5000)
    press(window, Qt.Key.Key_Home)
    press(window, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: len(page.selected_clips()) == 2, timeout=5000)
    assert [c.title for c in page.selected_clips()] == [t for t, *_ in OWN]  # hostile, then withdrawn
    press(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: isinstance(flow.export_dialog, ExportPackDialog), timeout=5000)
    dialog = flow.export_dialog
    assert isinstance(dialog, ExportPackDialog) and dialog.table.rowCount() == 2
    qtbot.waitUntil(lambda: dialog.size_label.text().startswith("Size of the clip pack: about"), timeout=5000)
    assert dialog.findChild(QWidget, "packConsent").text() == PACK_CONSENT  # type: ignore[union-attr]
    assert dialog.width() <= 1280 and dialog.sizeHint().height() <= 720
    shot(dialog, "export-pack-dialog.png", tmp_path)
    activate(qtbot, dialog)
    press(dialog, Qt.Key.Key_Return)  # Save clip pack…
    assert answer_message(qtbot, flow).startswith("Saved our-programme.prpack (")
    assert pack.is_file() and [p.name for p in pack.parent.iterdir()] == ["our-programme.prpack"]
    window.close()

    # -- another computer: import, then the same pack again ------------------------------------
    trainee = computer(tmp_path / "trainee", template_db, own=False)
    window, page, flow = library(qtbot, trainee, STARTER_CLIPS)
    press(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: isinstance(flow.import_dialog, ImportPackDialog), timeout=10000)
    preview = flow.import_dialog
    assert isinstance(preview, ImportPackDialog) and preview.import_button.isEnabled()
    assert [preview.table.item(r, 2).text() for r in range(2)] == ["new", "new"]  # type: ignore[union-attr]
    assert preview.sizeHint().height() <= 720
    shot(preview, "import-pack-dialog.png", tmp_path)
    activate(qtbot, preview)
    press(preview, Qt.Key.Key_Return)  # Import
    assert answer_message(qtbot, flow) == "Added 2 exercises from our-programme.prpack."
    qtbot.waitUntil(lambda: page.model.rowCount() == STARTER_CLIPS + 2, timeout=10000)
    assert window.store is not None
    added = {c.title: c for c in window.store.clips.list() if c.source == "clip_pack"}
    assert set(added) == {t for t, *_ in OWN}
    assert {c.content_note for c in added.values()} == {"Raised voices", "Bereavement"}
    assert all(c.criteria == ("Slow down", "Name what you notice") for c in added.values())
    shot(window, "library-after-pack.png", tmp_path)
    counts, files = row_counts(window.store), listing(trainee)

    activate(qtbot, window)
    press(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: isinstance(flow.import_dialog, ImportPackDialog), timeout=10000)
    again = flow.import_dialog
    assert isinstance(again, ImportPackDialog) and not again.import_button.isEnabled()
    assert again.table.item(0, 2).text() == "already here"  # type: ignore[union-attr]
    shot(again, "import-pack-again.png", tmp_path)
    activate(qtbot, again)
    press(again, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: flow.import_dialog is None, timeout=5000)
    assert row_counts(window.store) == counts and listing(trainee) == files
    window.close()


def test_a_file_that_is_not_a_pack_gets_a_plain_message_and_changes_nothing(
    qtbot: QtBot, tmp_path: Path, template_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "notes.prpack"
    bad.write_text("Not a pack, just notes from the training day.\n" * 20)
    fake_file_dialogs(monkeypatch, save=None, open_=bad)
    paths = computer(tmp_path / "home", template_db, own=False)
    window, page, flow = library(qtbot, paths, STARTER_CLIPS)
    assert window.store is not None
    counts, files = row_counts(window.store), listing(paths)
    press(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: flow.message_box is not None and flow.message_box.isVisible(), timeout=10000)
    assert flow.message_box is not None and flow.message_box.icon() == QMessageBox.Icon.Warning
    assert answer_message(qtbot, flow) == (
        "This file is not a Practice Room clip pack (it is not a zip archive)."
    )
    assert flow.import_dialog is None
    assert row_counts(window.store) == counts and listing(paths) == files
    window.close()
