"""A supervisor's rating saved on the Review page while the clinic's server is down: the page
carries on, the status line counts it, and it lands on the server once it is back."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile
from pytestqt.qtbot import QtBot

from app.paths import DB_URL_ENV, DataPaths
from app.settings import SettingsFile
from practice_db.records import NewClip, TakeFacts
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS
from tests.support.clinic_logins import database_of, make_durable, make_login
from tests.support.pg_cluster import Cluster
from ui.review.page import ReviewPage
from ui.shell.main_window import MainWindow
from ui.shell.startup import build_main_window


def test_rating_on_the_review_page_waits_in_the_outbox_and_lands_once(
    qtbot: QtBot, pg_cluster: Cluster, pg_url: str, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = PracticeStore.open(pg_url, data_paths.backups)
    sam = admin.profiles.create("Sam", "clinician")
    clip = admin.clips.add(
        NewClip(
            title="Door slam",
            presentation="hostile",
            difficulty=2,
            media_path="clips/d.mp4",
            content_hash="d" * 64,
        )
    )
    attempt = admin.attempts.begin(sam.id, clip.id, None, "recordings/sam.wav")
    tone = (0.3 * np.sin(np.arange(16000 * 4) * 2 * np.pi * 220 / 16000)).astype(np.float32)
    soundfile.write(str(data_paths.home / "recordings/sam.wav"), tone, 16000)
    admin.attempts.finish(attempt.id, TakeFacts("recordings/sam.wav", 4000))
    admin.close()
    lee = make_login(pg_cluster, database_of(pg_url), person="Dr Lee", role_kind="supervisor")
    monkeypatch.setenv(DB_URL_ENV, pg_cluster.url(lee.database, lee.role))
    monkeypatch.setattr("ui.clinic.window_clinic.ClinicControls.RETRY_MS", 300)
    window: MainWindow = build_main_window(data_paths, SettingsFile(data_paths.settings_file))
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.profile is not None, timeout=30000)
    window.show_page("review")
    page: ReviewPage = window.pages["review"]  # type: ignore[assignment]
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=15000)
    qtbot.waitUntil(lambda: page.detail is not None, timeout=15000)
    for key in FACET_KEYS:
        page.form.facets.groups[key].button(4 if key == "warmth" else 3).click()
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=15000)  # the scores are saved
    make_durable(pg_cluster)
    pg_cluster.stop_server_only()
    try:
        qtbot.keyClicks(page.form.corrective, "Slow down before the reflection.")
        page.form.flush()
        qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=20000)
        waiting = len(list((data_paths.home / "outbox").glob("*.json")))
        assert waiting >= 1  # the form saves as it is filled in: each save waits, in order
        qtbot.waitUntil(
            lambda: (
                window.clinic.status_label.text()
                == f"Clinic server: not reachable — {waiting} save{'s' if waiting > 1 else ''} waiting"
            ),
            timeout=20000,
        )
        assert "Saved." in page.message.text()  # the page carried on
        assert window.grab().save("/tmp/connect-review-offline.png")
    finally:
        pg_cluster.start_again()
    qtbot.waitUntil(lambda: window.clinic.status_label.text() == "Clinic server: connected", timeout=30000)
    check = PracticeStore.open(pg_url, data_paths.backups)
    try:
        ratings = [r for r in check.ratings.for_attempt(attempt.id) if r.rater_profile_id == lee.profile_id]
    finally:
        check.close()
    assert len(ratings) == 1
    assert (
        ratings[0].scores["warmth"] == 4 and ratings[0].corrective_point == "Slow down before the reflection."
    )
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 0, timeout=15000)  # reviewed: off the queue
