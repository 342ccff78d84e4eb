"""A profile is not deleted under a running practice session (its take would lose its row)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from tests.support.fakemic_plugin import FakeMic
from tests.ui.deletion.test_deletion_window import open_question, shot
from tests.ui.rehearse.test_rehearse_session import ready_window


def test_delete_profile_waits_for_the_practice_session(
    qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic
) -> None:
    window, page = ready_window(qtbot, data_paths, fake_mic.device)
    clip = next(c for c in window.pages["library"].model.clips if c.media_path.endswith(".opus"))  # type: ignore[attr-defined]
    page.practise(clip)
    qtbot.waitUntil(lambda: page.state == "playing", timeout=10000)
    window.deletion.delete_profile_action.trigger()
    box = open_question(qtbot, window)
    assert isinstance(box, QMessageBox) and box.windowTitle() == "The profile was not deleted"
    assert "practice session is running" in box.text()
    shot(box, "mid-session")
    box.accept()
    store = window.store
    assert store is not None and [p.name for p in store.profiles.list()] == ["Dana"]
