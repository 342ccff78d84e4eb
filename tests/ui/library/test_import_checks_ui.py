"""The import's whole-file check as the Library shows it: the bar moves within a file, and the
summary says what the folder held that was skipped, and why (real window, libvlc, offscreen Qt)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from tests.app.clips.test_clip_import import write_tone
from tests.ui.library.test_library_import import STARTER, library, open_dialog, save_shot, set_cell
from ui.library.import_dialog import PRESENTATION_COL


def test_folder_import_moves_the_bar_and_lists_what_it_skipped(
    qtbot: QtBot, data_paths: DataPaths, tmp_path: Path
) -> None:
    window, page = library(qtbot, data_paths)
    folder = tmp_path / "Sent by a colleague"
    folder.mkdir()
    write_tone(folder / "angry_partner.wav", seconds=4)
    os.mkfifo(folder / "live feed.wav")
    with zipfile.ZipFile(folder / "more role-plays.zip", "w") as zf:
        zf.writestr("take.wav", b"RIFF")
    page.import_paths([folder])
    flow = page.import_flow
    assert flow is not None
    fractions: list[float] = []
    flow.file_progress.connect(fractions.append, Qt.ConnectionType.DirectConnection)
    # Checking comes first: the bar has 100 steps for the one file and moves while it is decoded.
    qtbot.waitUntil(lambda: flow.progress is not None, timeout=10000)
    assert flow.progress is not None and flow.progress.maximum() == 100
    qtbot.waitUntil(lambda: flow.progress is None or "played through once" in flow.progress.labelText())
    if flow.progress is not None:
        save_shot(flow.progress, "import-progress.png", tmp_path)
    dialog = open_dialog(qtbot, page)
    set_cell(dialog, 0, PRESENTATION_COL, "hostile")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.summary_box is not None and flow.summary_box.isVisible(), timeout=30000)
    assert flow.summary_box is not None and flow.summary_box.text() == "1 clip imported."
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert len([f for f in fractions if 0.2 < f < 1.0]) >= 3  # it moved while the file was decoded
    details = flow.summary_box.informativeText()
    assert "Skipped in the folders (2)" in details
    assert "more role-plays.zip" in details and "unzip it first" in details
    assert "live feed.wav" in details and "Not an ordinary file" in details
    save_shot(flow.summary_box, "import-skipped.png", tmp_path)
    flow.summary_box.close()
    assert window.store is not None and window.store.clips.count() == STARTER + 1


def test_folder_with_only_an_archive_says_unzip_it_first(
    qtbot: QtBot, data_paths: DataPaths, tmp_path: Path
) -> None:
    _window, page = library(qtbot, data_paths)
    folder = tmp_path / "Downloads"
    folder.mkdir()
    with zipfile.ZipFile(folder / "clips.zip", "w") as zf:
        zf.writestr("take.wav", b"RIFF")
    page.import_paths([folder])
    flow = page.import_flow
    assert flow is not None
    qtbot.waitUntil(lambda: isinstance(flow.summary_box, QMessageBox) and flow.summary_box.isVisible())
    assert flow.summary_box is not None and flow.summary_box.objectName() == "importNothingFound"
    details = flow.summary_box.informativeText()
    assert "clips.zip" in details and "unzip it first" in details
    save_shot(flow.summary_box, "import-nothing-found.png", tmp_path)
    flow.summary_box.close()
    assert not flow.busy
