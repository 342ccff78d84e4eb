"""The window in clinic mode against a real PostgreSQL server (offscreen Qt, keys to the window)."""

from __future__ import annotations

import psycopg
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import DB_URL_ENV, DataPaths
from app.settings import SettingsFile, read_settings
from tests.support.clinic_logins import database_of, make_login
from tests.support.keys import activate, press, type_text
from tests.support.pg_cluster import Cluster
from ui.clinic.window_clinic import CLINIC_NOTE, LOCAL_NOTE
from ui.shell.main_window import MainWindow
from ui.shell.startup import build_main_window


def open_window(qtbot: QtBot, paths: DataPaths) -> MainWindow:
    window: MainWindow = build_main_window(paths, SettingsFile(paths.settings_file))
    qtbot.addWidget(window)
    window.show()
    window.start()
    return window


def superuser_sql(cluster: Cluster, database: str, sql: str) -> None:
    with psycopg.connect(
        host=str(cluster.socket_dir), port=cluster.port, user="postgres", dbname=database, autocommit=True
    ) as conn:
        conn.execute(sql)  # type: ignore[arg-type]  # test-made statements


def test_signed_in_person_opens_without_the_chooser_and_a_trainee_who_cannot_add_clips_still_starts(
    qtbot: QtBot, pg_cluster: Cluster, pg_url: str, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    login = make_login(pg_cluster, database_of(pg_url), person="Robin")
    superuser_sql(pg_cluster, login.database, f"REVOKE INSERT ON clips FROM {login.role}")
    monkeypatch.setenv(DB_URL_ENV, pg_cluster.url(login.database, login.role))
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.profile is not None, timeout=20000)
    assert window.profile is not None and window.profile.name == "Robin"
    assert window.profile_dialog is None  # no chooser: the sign-in decides
    assert window.profile_label.text() == "Robin (clinician)"
    assert window.clinic.status_label.text() == "Clinic server: connected"
    assert window.privacy_label.text() == CLINIC_NOTE
    assert not window.switch_profile_action.isEnabled()
    assert "stored there" in (window.clinic.privacy_text() or "")
    qtbot.waitUntil(lambda: window.startup_note is not None, timeout=5000)
    assert window.startup_note is not None and "clinic init" in window.startup_note.text()
    window.startup_note.close()
    window.resize(1280, 720)
    qtbot.wait(300)
    assert window.grab().save("/tmp/connect-window.png")
    assert not data_paths.database.exists()  # nothing on this computer's SQLite


def test_a_login_without_a_person_is_told_to_ask_the_admin(
    qtbot: QtBot, pg_cluster: Cluster, pg_url: str, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    login = make_login(pg_cluster, database_of(pg_url), person=None)
    monkeypatch.setenv(DB_URL_ENV, pg_cluster.url(login.database, login.role))
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(
        lambda: window.clinic.choice is not None and window.clinic.choice.isVisible(), timeout=20000
    )
    assert window.clinic.choice is not None
    assert window.clinic.choice.text() == (
        "Your sign-in is not yet set up as a person in this clinic; ask your admin."
    )
    assert window.profile is None and window.profile_dialog is None


def test_saved_server_asks_the_password_at_start_and_never_writes_it(
    qtbot: QtBot, pg_cluster: Cluster, pg_url: str, data_paths: DataPaths
) -> None:
    login = make_login(pg_cluster, database_of(pg_url), password="pw-start", person="Kim")
    settings = SettingsFile(data_paths.settings_file)
    settings.update(clinic_server=pg_cluster.url(login.database, login.role))
    settings.flush()
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: getattr(window.clinic, "sign_in", None) is not None, timeout=20000)
    dialog = window.clinic.sign_in
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    activate(qtbot, dialog)
    type_text(dialog, "pw-wrong")
    press(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.clinic.sign_in is not dialog and window.clinic.sign_in.isVisible(), timeout=20000
    )
    again = window.clinic.sign_in
    assert "did not accept" in again.problem.text()
    assert again.grab().save("/tmp/connect-sign-in.png")
    activate(qtbot, again)
    type_text(again, "pw-start")
    press(again, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.profile is not None, timeout=20000)
    assert window.profile is not None and window.profile.name == "Kim"
    window.close()
    stored = data_paths.settings_file.read_text()
    assert "pw-start" not in stored and "pw-wrong" not in stored
    assert "pw-start" not in "".join(p.read_text(errors="replace") for p in data_paths.logs.glob("*"))


def test_unreachable_server_offers_to_work_on_this_computer(
    qtbot: QtBot, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DB_URL_ENV, "postgresql+psycopg://dana@127.0.0.1:1/practice_room")
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(
        lambda: window.clinic.choice is not None and window.clinic.choice.isVisible(), timeout=20000
    )
    box = window.clinic.choice
    assert box is not None and "could not be reached" in box.text()
    grab = box.grab()
    assert grab.save("/tmp/connect-unreachable.png")
    activate(qtbot, box)
    press(box, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # &Work on this computer meanwhile
    qtbot.waitUntil(
        lambda: window.profile_dialog is not None and window.profile_dialog.isVisible(), timeout=20000
    )
    assert window.store is not None and data_paths.database.exists()  # the local SQLite store
    assert window.clinic.status_label.text() == (
        "Clinic server: not reachable — working on this computer meanwhile"
    )
    assert window.privacy_label.text() == LOCAL_NOTE
    assert read_settings(data_paths.settings_file).settings.clinic_server is None  # nothing saved


def test_server_schema_too_old_says_the_admin_must_upgrade(
    qtbot: QtBot, pg_cluster: Cluster, pg_url: str, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    superuser_sql(pg_cluster, database_of(pg_url), "UPDATE alembic_version SET version_num = '0008'")
    monkeypatch.setenv(DB_URL_ENV, pg_url)
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(
        lambda: window.clinic.choice is not None and window.clinic.choice.isVisible(), timeout=20000
    )
    box = window.clinic.choice
    assert box is not None and "`practice-room clinic init` to upgrade it" in box.text()
    assert [b.text() for b in box.buttons() if b.text().startswith("&Try")] == []  # retrying won't help
    activate(qtbot, box)
    press(box, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)


def test_connection_loss_keeps_saves_and_the_status_says_so(
    qtbot: QtBot, pg_cluster: Cluster, pg_url: str, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from practice_db.records import NewClip, RatingInput, TakeFacts
    from tests.support.clinic_logins import make_durable

    login = make_login(pg_cluster, database_of(pg_url), person="Alex")
    monkeypatch.setenv(DB_URL_ENV, pg_cluster.url(login.database, login.role))
    monkeypatch.setattr("ui.clinic.window_clinic.ClinicControls.RETRY_MS", 300)
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.profile is not None, timeout=30000)
    store, profile = window.store, window.profile
    assert store is not None and profile is not None
    clip = store.clips.add(
        NewClip(
            title="A hard one",
            presentation="hostile",
            difficulty=3,
            media_path="clips/x.mp4",
            content_hash="b" * 64,
        )
    )
    attempt = store.attempts.begin(profile.id, clip.id, None, "recordings/t.wav")
    make_durable(pg_cluster)
    pg_cluster.stop_server_only()
    try:
        store.attempts.finish(attempt.id, TakeFacts(recording_path="recordings/t.wav", duration_ms=5000))
        store.ratings.save(attempt.id, profile.id, RatingInput(scores={"warmth": 3}))
        qtbot.waitUntil(
            lambda: window.clinic.status_label.text() == "Clinic server: not reachable — 2 saves waiting",
            timeout=20000,
        )
        assert window.statusBar().grab().save("/tmp/connect-status-waiting.png")
    finally:
        pg_cluster.start_again()
    qtbot.waitUntil(lambda: window.clinic.status_label.text() == "Clinic server: connected", timeout=30000)
    assert window.statusBar().grab().save("/tmp/connect-status-connected.png")
    landed = store.attempts.get(attempt.id)
    assert landed.status == "complete" and landed.duration_ms == 5000
    ratings = store.ratings.for_attempt(attempt.id)
    assert [r.scores["warmth"] for r in ratings] == [3]
    assert list((data_paths.home / "outbox").glob("*.json")) == []
