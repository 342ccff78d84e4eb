"""Quitting (Ctrl+Q) while a reply is being recorded asks first: Esc goes on recording; keeping
the take leaves it whole on disk for the next start; throwing it away marks it discarded."""

from __future__ import annotations

import pytest
import soundfile
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.store import PracticeStore
from tests.support.fakemic import PulseMic
from tests.support.keys import activate, create_first_profile, press
from tests.support.starter import STARTER_CLIPS
from tests.ui.shell.test_app_shell import open_window
from ui.rehearse.page import RehearsePage
from ui.shell.main_window import MainWindow


def answer_when_asked(key: Qt.Key, seen: list[str]) -> None:
    """The question is modal: its answer has to be typed while it waits."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(100, answer)
            return
        seen.append(box.windowTitle())
        press(box, key)

    QTimer.singleShot(100, answer)


def recording(qtbot: QtBot, data_paths: DataPaths, mic: PulseMic) -> tuple[MainWindow, RehearsePage]:
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.ctx.settings.update(input_device_name=mic.device, response_window_s=60)
    qtbot.waitUntil(lambda: window.pages["library"].model.rowCount() == STARTER_CLIPS, timeout=15000)
    create_first_profile(qtbot, window, "Dana")
    press(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page: RehearsePage = window.pages["rehearse"]
    press(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.state == "recording", timeout=30000)
    qtbot.wait(1500)  # a second or so of reply
    return window, page


def quit_and_answer(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> list[str]:
    seen: list[str] = []
    answer_when_asked(key, seen)
    activate(qtbot, window)
    press(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    return seen


@pytest.mark.parametrize("choice", ["keep", "discard"])
def test_quitting_mid_take_asks_first(
    qtbot: QtBot, data_paths: DataPaths, realtime_mic: PulseMic, choice: str
) -> None:
    window, page = recording(qtbot, data_paths, realtime_mic)
    assert quit_and_answer(qtbot, window, Qt.Key.Key_Escape) == ["You are recording a reply"]
    assert window.isVisible() and page.state == "recording"  # Esc: go on recording
    attempt = page.attempt
    assert attempt is not None and attempt.recording_path is not None
    quit_and_answer(qtbot, window, Qt.Key.Key_Return if choice == "keep" else Qt.Key.Key_T)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=15000)
    store = PracticeStore.open(f"sqlite:///{data_paths.database}", data_paths.backups)
    try:
        status = store.attempts.get(attempt.id).status
    finally:
        store.close()
    take = data_paths.home / attempt.recording_path
    partial = take.with_name(take.name + ".partial")
    kept = take if take.exists() else partial
    assert kept.exists(), "the take is on disk either way: nothing of the user's is deleted"
    frames = soundfile.info(str(kept)).frames if kept == take else kept.stat().st_size
    assert frames > 0
    if choice == "discard":
        assert status == "discarded"
    else:
        assert status in ("recording", "complete")  # whole on disk; the next start recovers it


def test_an_unanswered_question_keeps_the_take(
    qtbot: QtBot, data_paths: DataPaths, realtime_mic: PulseMic, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.rehearse.close_question as question

    monkeypatch.setattr(question, "ANSWER_WITHIN_S", 1)  # nobody at the keyboard: don't hang
    window, page = recording(qtbot, data_paths, realtime_mic)
    attempt = page.attempt
    assert attempt is not None and attempt.recording_path is not None
    activate(qtbot, window)
    press(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=15000)
    store = PracticeStore.open(f"sqlite:///{data_paths.database}", data_paths.backups)
    try:
        assert store.attempts.get(attempt.id).status in ("recording", "complete")
    finally:
        store.close()
