"""Library page on a real store holding the installed starter pack."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from practice_db.records import RatingInput, TakeFacts
from tests.support.starter import STARTER_CLIPS
from tests.ui.shell.test_app_shell import open_window


def test_library_lists_filters_and_explains_exercises(qtbot: QtBot, data_paths: DataPaths) -> None:
    window = open_window(qtbot, data_paths)
    page = window.pages["library"]
    # the starter pack is installed at start
    qtbot.waitUntil(lambda: page.model.rowCount() == STARTER_CLIPS, timeout=15000)
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
    qtbot.waitUntil(lambda: page.model.rowCount() == STARTER_CLIPS - 1, timeout=5000)


def test_an_exercise_shows_my_history_and_can_be_practised_from_the_button(
    qtbot: QtBot, data_paths: DataPaths
) -> None:
    window = open_window(qtbot, data_paths)
    page = window.pages["library"]
    qtbot.waitUntil(lambda: page.model.rowCount() == STARTER_CLIPS, timeout=15000)
    assert window.store is not None
    me = window.store.profiles.create("Me", "clinician")
    clip = page.model.clips[0]
    attempt = window.store.attempts.begin(me.id, clip.id, None, "recordings/x.wav")
    window.store.attempts.finish(attempt.id, TakeFacts("recordings/x.wav", 8000))
    window.store.ratings.save(
        attempt.id, me.id, RatingInput(scores={"empathy": 3, "hope": 4}, reaction="too_easy")
    )
    window.set_profile(me)  # reloads the list; the first exercise is selected again
    qtbot.waitUntil(lambda: "Your attempts" in page.history.text.text(), timeout=5000)
    assert "(1 attempt)" in page.history.text.text() and "you 2 of 8" in page.history.text.text()
    assert "too easy" in page.history.text.text()
    page.table.selectRow(1)
    qtbot.waitUntil(lambda: "haven't tried" in page.history.text.text(), timeout=5000)
    chosen = []
    page.clip_activated.connect(chosen.append)
    page.history.button.click()
    assert [c.id for c in chosen] == [page.model.clips[1].id]
