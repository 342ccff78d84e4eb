"""Clinic mode, real window and server: a take saved while the server is away waits on this
computer (the status bar counts it), and reaches the server once it is back; a take left from
an earlier session goes at sign-in. Dana signs in as her own login (row-level security on)."""

from __future__ import annotations

from pathlib import Path

import pytest
import soundfile as sf
from pytestqt.qtbot import QtBot
from sqlalchemy.exc import DBAPIError

from app.clinic.file_sync import attempt_key
from app.clinic.upload_queue import UPLOADS
from app.paths import DB_URL_ENV, DataPaths
from media.recording.recorder import TakeResult
from practice_db.store import PracticeStore
from tests.app.clinic.file_world import clip_on, computer, record, signed_in
from tests.support.bundle_world import write_take
from tests.support.clinic_logins import make_durable
from tests.support.clinic_world import ClinicWorld
from tests.ui.shell.test_app_shell import open_window
from ui.clinic.window_clinic import CLINIC_NOTE, status_text
from ui.rehearse.take_workers import store_take


def _take(path: Path, seconds: float) -> TakeResult:
    write_take(path, seconds=seconds, rate=48_000, seed=3)
    frames = sf.info(str(path)).frames
    return TakeResult(path, frames, 48_000, seconds, 0, 5.0, "stopped", None)


def _on_server(store: PracticeStore, key: str) -> bool:
    try:
        return store.stored_files.info(key) is not None
    except DBAPIError:  # the server may still be starting
        return False


def test_a_take_saved_while_the_server_is_away_goes_when_it_is_back(
    clinic: ClinicWorld,
    qtbot: QtBot,
    data_paths: DataPaths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dana_id, dana_url = clinic.person("Dana", "clinician")
    monkeypatch.setenv(DB_URL_ENV, dana_url)
    monkeypatch.setattr("ui.clinic.window_clinic.ClinicControls.RETRY_MS", 300)
    window = open_window(qtbot, data_paths)
    signed_in(qtbot, window, "Dana")
    assert window.privacy_label.text() == CLINIC_NOTE
    store = window.store
    assert store is not None
    pc = computer(data_paths.home, dana_url)  # the clip, as Dana, from the test's side
    try:
        clip_id = clip_on(pc, owner=dana_id)
    finally:
        pc.close()
    attempt = store.attempts.begin(dana_id, clip_id, None, "pending")
    make_durable(clinic.cluster)
    clinic.cluster.stop_server_only()
    try:
        result = _take(data_paths.recordings / f"{attempt.uuid}.wav", seconds=2)
        store_take(store, data_paths.home, attempt.id, result)  # what the Rehearse page runs
        UPLOADS.wait()
        qtbot.waitUntil(
            lambda: (
                window.clinic.status_label.text()
                == "Clinic server: not reachable — 1 save and 1 recording waiting"
            ),
            timeout=20000,
        )
        assert window.statusBar().grab().save("/tmp/filesfix-status-waiting.png")
        assert not _on_server(store, attempt_key(attempt.uuid))
    finally:
        clinic.cluster.start_again()
    qtbot.waitUntil(lambda: _on_server(store, attempt_key(attempt.uuid)), timeout=30000)
    qtbot.waitUntil(lambda: window.clinic.status_label.text() == "Clinic server: connected", timeout=20000)
    stored = store.stored_files.info(attempt_key(attempt.uuid))
    assert stored is not None and stored.profile_id == dana_id and stored.kind == "attempt"
    assert store.attempts.get(attempt.id).status == "complete"


def test_a_take_left_waiting_from_an_earlier_session_goes_at_sign_in(
    clinic: ClinicWorld,
    qtbot: QtBot,
    data_paths: DataPaths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dana_id, dana_url = clinic.person("Dana", "clinician")
    pc = computer(data_paths.home, dana_url)  # saved here, but its upload never happened
    try:
        take = record(pc, dana_id, clip_on(pc, owner=dana_id), seconds=1)
        assert pc.store.stored_files.info(attempt_key(take.uuid)) is None
    finally:
        pc.close()
    monkeypatch.setenv(DB_URL_ENV, dana_url)
    window = open_window(qtbot, data_paths)
    assert window.privacy_label.text() == CLINIC_NOTE  # from the start: never "only on this computer"
    signed_in(qtbot, window, "Dana")
    store = window.store
    assert store is not None
    qtbot.waitUntil(lambda: _on_server(store, attempt_key(take.uuid)), timeout=20000)
    qtbot.waitUntil(lambda: not window.clinic.uploads.sending, timeout=10000)
    assert window.clinic.status_label.text() == "Clinic server: connected"


def test_the_status_line_counts_saves_and_recordings() -> None:
    assert status_text(True, 0) == "Clinic server: connected"
    assert status_text(True, 0, takes=2) == "Clinic server: connected — sending 2 recordings"
    assert status_text(False, 2, takes=0) == "Clinic server: not reachable — 2 saves waiting"
    assert status_text(False, 1, takes=1) == "Clinic server: not reachable — 1 save and 1 recording waiting"
