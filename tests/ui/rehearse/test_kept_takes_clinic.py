"""Clinic mode: a reply kept after an interruption on computer A is listened to and rated on
computer B, from the keyboard; its recording comes from the clinic's server. Dana signs in as her
own login on both computers (row-level security on)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.clinic.file_sync import after_attempt_saved
from app.paths import DB_URL_ENV, DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.vocabulary import FACET_KEYS
from tests.app.clinic.file_world import clip_on, computer, record, signed_in
from tests.support.clinic_world import ClinicWorld
from tests.support.keys import press
from tests.ui.shell.test_app_shell import open_window
from ui.rehearse.page import RehearsePage


def test_a_kept_take_from_another_computer_plays_and_is_rated(
    clinic: ClinicWorld,
    qtbot: QtBot,
    data_paths: DataPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dana_id, dana_url = clinic.person("Dana", "clinician")
    a = computer(tmp_path / "A", dana_url)
    try:
        take = record(a, dana_id, clip_on(a, owner=dana_id), seconds=4)
        kept = a.store.attempts.set_status(take.id, "recovered")  # what start-up recovery leaves
        assert after_attempt_saved(a.store, a.paths.home, kept)
    finally:
        a.close()

    monkeypatch.setenv(DB_URL_ENV, dana_url)
    window = open_window(qtbot, data_paths)  # computer B
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    signed_in(qtbot, window, "Dana")
    press(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page: RehearsePage = window.pages["rehearse"]
    waiting = page.setup.kept
    qtbot.waitUntil(lambda: waiting.isVisible() and waiting.list.count() == 1, timeout=10000)
    for _ in range(15):  # Tab to the list of kept replies
        if waiting.list.hasFocus():
            break
        press(window, Qt.Key.Key_Tab)
    assert waiting.list.hasFocus()
    press(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.state == "rating", timeout=5000)
    qtbot.waitUntil(lambda: page.view.waveform.waveform is not None, timeout=15000)
    assert page.reply == data_paths.cache / f"attempt-{take.uuid}.wav"
    press(window, Qt.Key.Key_Space)  # listen back
    qtbot.waitUntil(lambda: page.playback is not None and page.playback.position_ms() > 0, timeout=5000)
    window.grab().save("/tmp/files-rehearse-kept-clinic.png")
    for _ in FACET_KEYS:
        press(window, Qt.Key.Key_4)
    press(window, Qt.Key.Key_2)  # a good challenge
    press(window, Qt.Key.Key_F)  # done: back to the start
    qtbot.waitUntil(lambda: page.state == "setup", timeout=5000)
    qtbot.waitUntil(lambda: not waiting.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=5000)
    store = window.store
    assert store is not None
    (rating,) = store.ratings.for_attempt(take.id)
    assert rating.rater_profile_id == dana_id and rating.reaction == "good_challenge"
    assert set(rating.scores.values()) == {4}
