"""Clinic mode, real window: a rater on computer B plays, with Space, a blind take recorded on
computer A that exists only in the clinic's database; the code shown says nothing of whose it is.
Everyone signs in as their own login; the rater supervises the clinicians (row-level security on)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.clinic.file_sync import after_assessment_take_saved
from app.paths import DB_URL_ENV, DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.store import PracticeStore
from tests.app.clinic.file_world import computer, signed_in
from tests.support.blind_batch_world import build_world
from tests.support.clinic_world import ClinicWorld
from tests.support.keys import press
from tests.ui.assessment.test_blind_rating_view import host, sox_tone
from tests.ui.shell.test_app_shell import open_window


def test_a_blind_take_only_on_the_server_plays_on_the_raters_computer(
    clinic: ClinicWorld,
    qtbot: QtBot,
    data_paths: DataPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    admin = PracticeStore.open(clinic.admin_url, tmp_path / "admin-backups")
    try:  # the sittings, as the admin would bring them over
        world = build_world(admin, raters=("Rae Rater",), clips=1)
    finally:
        admin.close()
    for name in world.clinicians:  # the admin gives each person their login
        clinic.person(name, "clinician")
    _, rater_url = clinic.person("Rae Rater", "supervisor")
    for name in world.clinicians:
        clinic.assign("Rae Rater", name)
    for name in world.clinicians:  # each clinician's computer uploads their own takes
        a = computer(tmp_path / name, clinic.url_of(name))
        try:
            for n in range(1, 5):
                sox_tone(a.paths.home / f"recordings/assessment/take-{n}.wav", 200 + 60 * n)
            for (who, _), sitting in world.assessments.items():
                if who != name:
                    continue
                for take in a.store.assessment_sittings.takes(sitting):
                    assert after_assessment_take_saved(a.store, a.paths.home, take)
        finally:
            a.close()
    sox_tone(data_paths.home / "clips/assessment-1.ogg", 440)  # the set's clip is installed here

    monkeypatch.setenv(DB_URL_ENV, rater_url)
    window = open_window(qtbot, data_paths)  # the rater's computer
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    signed_in(qtbot, window, "Rae Rater")
    dialog, view = host(qtbot, window)
    qtbot.waitUntil(lambda: view.set_list.count() == 1, timeout=10000)
    press(dialog, Qt.Key.Key_Return)  # rate this set
    qtbot.waitUntil(lambda: view.state == "rating", timeout=10000)
    assert view.batch is not None and view.take_title.text() == "Take T01"
    assert not (data_paths.home / "recordings/assessment").exists()

    playback = window.playback
    assert playback is not None
    press(dialog, Qt.Key.Key_Space)  # fetched from the server, then played
    qtbot.waitUntil(lambda: playback.owner is view and playback.position_ms() > 0, timeout=15000)
    qtbot.waitUntil(lambda: "Playing take T01" in view.status.text(), timeout=5000)
    assert view.loaded == view.batch.takes[0].take_id
    cached = list(data_paths.cache.iterdir())
    assert len(cached) == 1 and cached[0].name.startswith("assessment_take-")
    dialog.grab().save("/tmp/files-blind-rating-clinic.png")
