"""Clinic mode, real widgets: the Review page on computer B plays a take recorded on computer A,
which exists only in the clinic's database (fetched, checked and decoded off the GUI thread). Sam
and Dr Lee sign in as their own logins; Dr Lee supervises Sam (row-level security on)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.clinic.file_cache import NOT_ON_SERVER
from app.clinic.file_sync import after_attempt_saved, attempt_key
from app.paths import DB_URL_ENV, DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from tests.app.clinic.file_world import clip_on, computer, record, signed_in
from tests.support.clinic_world import ClinicWorld
from tests.support.keys import press
from tests.ui.shell.test_app_shell import open_window
from ui.review.page import ReviewPage


def test_review_plays_a_take_that_is_only_on_the_server(
    clinic: ClinicWorld,
    qtbot: QtBot,
    data_paths: DataPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sam_id, sam_url = clinic.person("Sam", "clinician")
    _, lee_url = clinic.person("Dr Lee", "supervisor")
    clinic.assign("Dr Lee", "Sam")
    a = computer(tmp_path / "A", sam_url)  # computer A: Sam records and saves a take
    try:
        take = record(a, sam_id, clip_on(a, owner=sam_id), seconds=3)
        assert after_attempt_saved(a.store, a.paths.home, take)
    finally:
        a.close()

    monkeypatch.setenv(DB_URL_ENV, lee_url)
    window = open_window(qtbot, data_paths)  # computer B: Dr Lee reviews it
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    signed_in(qtbot, window, "Dr Lee")
    store = window.store
    assert store is not None and store.engine.dialect.name == "postgresql"
    assert not (data_paths.home / (take.recording_path or "")).exists()
    assert store.stored_files.info(attempt_key(take.uuid)) is not None

    press(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # the Review page
    page: ReviewPage = window.pages["review"]
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=10000)
    qtbot.waitUntil(lambda: page.waveform.waveform is not None, timeout=15000)
    assert abs(page.waveform.duration_ms() - 3000) < 60
    fetched = data_paths.cache / f"attempt-{take.uuid}.wav"
    assert fetched.is_file()

    press(window, Qt.Key.Key_Space)  # play
    playback = page.playback
    assert playback is not None
    qtbot.waitUntil(lambda: page._mine() and playback.position_ms() > 300, timeout=10000)
    assert page.loaded == fetched
    window.grab().save("/tmp/files-review-clinic.png")
    press(window, Qt.Key.Key_Space)  # pause
    qtbot.wait(300)
    paused_at = playback.position_ms()
    qtbot.wait(500)
    assert playback.position_ms() == paused_at


def test_review_says_plainly_when_the_server_lacks_the_take(
    clinic: ClinicWorld,
    qtbot: QtBot,
    data_paths: DataPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sam_id, sam_url = clinic.person("Sam", "clinician")
    _, lee_url = clinic.person("Dr Lee", "supervisor")
    clinic.assign("Dr Lee", "Sam")
    a = computer(tmp_path / "A", sam_url)  # the take was saved, but its upload never happened
    try:
        record(a, sam_id, clip_on(a, owner=sam_id), seconds=1)
    finally:
        a.close()
    monkeypatch.setenv(DB_URL_ENV, lee_url)
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    signed_in(qtbot, window, "Dr Lee")
    press(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page: ReviewPage = window.pages["review"]
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=10000)
    qtbot.waitUntil(lambda: page.waveform.message == NOT_ON_SERVER, timeout=15000)
    press(window, Qt.Key.Key_Space)  # play: nothing to play, and the page says why
    assert page.message.text() == NOT_ON_SERVER
    assert page.playback is not None and page.playback.owner is not page
    window.grab().save("/tmp/files-review-not-on-server.png")
