"""Importing clips from the Library page: real window, real store, real files, real libvlc, offscreen Qt."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from app.startup.starter_library import pack_folder
from tests.app.clips.test_clip_import import write_tone
from tests.support.starter import STARTER_CLIPS
from tests.ui.shell.test_app_shell import open_window
from ui.library.import_dialog import (
    LEVEL_COL,
    PRESENTATION_COL,
    PRIVACY_REMINDER,
    TITLE_COL,
    ImportClipsDialog,
)
from ui.library.page import LibraryPage
from ui.shell.main_window import MainWindow

STARTER = STARTER_CLIPS  # the starter pack installed at start-up


def library(qtbot: QtBot, data_paths: DataPaths) -> tuple[MainWindow, LibraryPage]:
    window = open_window(qtbot, data_paths)
    window.resize(1100, 640)
    page = window.pages["library"]
    assert isinstance(page, LibraryPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == STARTER, timeout=15000)
    assert page.import_button.isEnabled()
    return window, page


def open_dialog(qtbot: QtBot, page: LibraryPage) -> ImportClipsDialog:
    """The details table, once every file has been checked (libvlc decodes each: allow time)."""
    flow = page.import_flow
    assert flow is not None
    qtbot.waitUntil(lambda: flow.dialog is not None or not flow.busy, timeout=60000)
    assert flow.dialog is not None, [o.message for o in flow.outcomes]
    qtbot.waitUntil(flow.dialog.isVisible, timeout=5000)
    return flow.dialog


def set_cell(dialog: ImportClipsDialog, row: int, col: int, value: object) -> None:
    """What the cell's list would store (the keyboard way is in test_import_each_file.py)."""
    item = dialog.table.item(row, col)
    assert item is not None
    if col == TITLE_COL:
        item.setText(str(value))
    else:
        item.setData(Qt.ItemDataRole.UserRole, value)


def save_shot(widget: object, name: str, tmp_path: Path) -> Path:
    """Grabbed for a look; PRACTICE_ROOM_SCREENSHOTS=<dir> keeps copies (docs/import-clips.png)."""
    path = tmp_path / name
    assert widget.grab().save(str(path))  # type: ignore[attr-defined]
    if target := os.environ.get("PRACTICE_ROOM_SCREENSHOTS"):
        shutil.copy(path, Path(target) / name)
    return path


def test_import_one_file_through_the_dialog_selects_it(
    qtbot: QtBot, data_paths: DataPaths, tmp_path: Path
) -> None:
    window, page = library(qtbot, data_paths)
    clip = write_tone(tmp_path / "dad_shouting-at-intake.WAV", seconds=2)
    page.search.setText("no such words")  # a filter that would hide the new clip
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=5000)
    page.import_paths([clip])
    dialog = open_dialog(qtbot, page)
    assert dialog.titles() == ["Dad shouting at intake"]
    assert PRIVACY_REMINDER in [w.text() for w in dialog.findChildren(type(dialog.problem))]
    assert not dialog.import_button.isEnabled()  # a presentation must be chosen first
    assert "needs a presentation" in dialog.problem.text()
    set_cell(dialog, 0, PRESENTATION_COL, "hostile")
    set_cell(dialog, 0, LEVEL_COL, 3)
    set_cell(dialog, 0, TITLE_COL, "Father shouting at intake")
    dialog.pane.statement.setPlainText("Nobody here listens to a word I say!")
    dialog.pane.facet_boxes["rupture_repair"].setChecked(True)
    save_shot(dialog, "import-one.png", tmp_path)
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: page.model.rowCount() == STARTER + 1, timeout=20000)
    selected = page.model.clips[page.table.currentIndex().row()]
    assert selected.title == "Father shouting at intake" and selected.difficulty == 3
    assert selected.facets == ("rupture_repair",) and selected.source == "imported"
    assert (data_paths.home / selected.media_path).is_file()
    assert page.search.text() == "" and "Father shouting at intake" in page.details.text()
    flow = page.import_flow
    assert flow is not None and flow.summary_box is not None
    assert flow.summary_box.text() == "1 clip imported."
    flow.summary_box.close()
    assert window.store is not None and window.store.clips.count() == STARTER + 1


def test_dropping_a_folder_imports_each_and_sums_up(
    qtbot: QtBot, data_paths: DataPaths, tmp_path: Path
) -> None:
    window, page = library(qtbot, data_paths)
    folder = tmp_path / "Role-play day"
    folder.mkdir()
    shutil.copy(pack_folder() / "withdrawn-3.mp4", folder / "Withdrawn teen – actor take 2.mp4")
    write_tone(folder / "angry_partner.wav")
    shutil.copy(pack_folder() / "hostile-1.opus", folder / "already have this.opus")  # starter duplicate
    # cut off inside its header (the pack writes the header first): no track can be found
    (folder / "broken.mov").write_bytes((pack_folder() / "hostile-3.mp4").read_bytes()[:512])
    (folder / "notes.txt").write_text("who played whom")

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(page, enter)
    assert enter.isAccepted()  # the page offers to take the folder
    # Qt only delivers a Drop inside a real drag-and-drop session, so hand the event over directly.
    page.dropEvent(QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, buttons, keys))
    dialog = open_dialog(qtbot, page)
    # The duplicate and the broken file were checked first: listed with their reason, not rows.
    assert dialog.titles() == ["Angry partner", "Withdrawn teen – actor take 2"]
    refused = dialog.findChild(type(dialog.problem), "refusedList")
    assert refused is not None and "broken.mov" in refused.text()
    assert "already have this.opus" in refused.text()
    assert dialog.findChild(type(dialog.problem), "ignoredNote") is not None  # notes.txt left out
    set_cell(dialog, 0, TITLE_COL, "Partner, angry on the phone")
    set_cell(dialog, 0, PRESENTATION_COL, "hostile")  # each file its own presentation
    set_cell(dialog, 1, PRESENTATION_COL, "withdrawn")
    dialog.go_to_row(1)
    dialog.pane.facet_boxes["empathy"].setChecked(True)
    save_shot(dialog, "import-dialog.png", tmp_path)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    flow = page.import_flow
    assert flow is not None
    qtbot.waitUntil(lambda: flow.summary_box is not None and flow.summary_box.isVisible(), timeout=30000)
    assert flow.summary_box is not None
    assert flow.summary_box.text() == "2 clips imported."
    details = flow.summary_box.informativeText()
    assert "already have this.opus" in details and "already in your library as «" in details.lower()
    assert "broken.mov" in details and "No sound or picture" in details
    qtbot.waitUntil(lambda: page.model.rowCount() == STARTER + 2, timeout=10000)
    selected = page.model.clips[page.table.currentIndex().row()]
    assert selected.title == "Withdrawn teen – actor take 2" and selected.facets == ("empathy",)
    assert window.store is not None
    own = {c.title: c.presentation for c in window.store.clips.list() if c.source == "imported"}
    assert own == {"Partner, angry on the phone": "hostile", "Withdrawn teen – actor take 2": "withdrawn"}
    assert not [p for p in data_paths.clips.iterdir() if p.name.startswith(".")]  # no staging copies
    save_shot(window, "import-clips.png", tmp_path)
    summary_png = save_shot(flow.summary_box, "import-summary.png", tmp_path)
    assert summary_png.stat().st_size > 0


def test_cancel_during_import_leaves_nothing_behind(
    qtbot: QtBot, data_paths: DataPaths, tmp_path: Path
) -> None:
    window, page = library(qtbot, data_paths)
    files = [write_tone(tmp_path / f"take {i}.wav", seconds=1 + i) for i in range(3)]
    page.import_paths(files)
    flow = page.import_flow
    assert flow is not None
    qtbot.waitUntil(lambda: flow.progress is not None, timeout=10000)  # checking, before any details
    assert flow.progress is not None and flow.dialog is None
    flow.progress.findChild(QPushButton).click()  # Cancel; the first file is already on its way
    qtbot.waitUntil(lambda: flow.summary_box is not None and flow.summary_box.isVisible(), timeout=20000)
    assert flow.summary_box is not None and flow.summary_box.text() == "No clips were imported."
    assert "3 not imported because you cancelled" in flow.summary_box.informativeText()
    assert window.store is not None and window.store.clips.count() == STARTER
    qtbot.waitUntil(
        lambda: not [p for p in data_paths.clips.iterdir() if p.name.startswith(".")], timeout=5000
    )
