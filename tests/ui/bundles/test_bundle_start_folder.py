"""Bundle file dialogs start in the folder used last time (kept in the settings across runs), or
the home folder when none is remembered or it has gone; never the program's own folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from app.settings import SettingsFile, load_settings
from ui.bundles.files import BundleFileChooser


def test_bundle_dialogs_start_in_the_last_folder_or_home(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "me"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    asked: list[str] = []

    def pick(_parent: QWidget, _title: str, folder: str, _filter: str) -> tuple[str, str]:
        asked.append(folder)
        return str(downloads / "from-dana.prbundle"), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", pick)
    window = QWidget()
    qtbot.addWidget(window)
    settings_path = tmp_path / "settings.json"
    settings = SettingsFile(settings_path)
    BundleFileChooser(window, ".prbundle", settings).open_path("Open a review bundle")
    assert asked == [str(home)]
    settings.flush()
    assert load_settings(settings_path).last_bundle_folder == str(downloads)

    again = BundleFileChooser(window, ".prbundle", SettingsFile(settings_path))  # the next run
    again.open_path("Open a review bundle")
    assert asked[-1] == str(downloads)
    downloads.rename(tmp_path / "moved")
    BundleFileChooser(window, ".prbundle", SettingsFile(settings_path)).open_path("Open")
    assert asked[-1] == str(home)
