"""Library page on a real store holding the installed starter pack."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from practice_db.records import RatingInput
from tests.test_app_shell import open_window


def test_library_lists_filters_and_explains_exercises(qtbot: QtBot, data_paths: DataPaths) -> None:
    window = open_window(qtbot, data_paths)
    page = window.pages["library"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 21, timeout=15000)  # starter pack installed at start
    assert "A good reply" in page.details.text()  # first exercise's criteria shown
    page.presentation.setCurrentIndex(page.presentation.findData("withdrawn"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=5000)
    assert {c.presentation for c in page.model.clips} == {"withdrawn"}
    page.presentation.setCurrentIndex(0)
    page.search.setText("fifteen minutes")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert "fifteen minutes" in page.model.clips[0].statement
    assert window.store is not None
    me = window.store.profiles.create("Me", "clinician")
    window.set_profile(me)
    clip = page.model.clips[0]
    attempt = window.store.attempts.begin(me.id, clip.id, None, "recordings/x.wav")
    window.store.ratings.save(attempt.id, me.id, RatingInput(scores={"empathy": 3}, reaction="too_hard"))
    page.search.setText("")
    page.struggled.setChecked(True)
    qtbot.waitUntil(lambda: [c.id for c in page.model.clips] == [clip.id], timeout=5000)
    page.struggled.setChecked(False)
    page.not_practised.setChecked(True)
    qtbot.waitUntil(lambda: page.model.rowCount() == 20, timeout=5000)
