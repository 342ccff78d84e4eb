"""The rating step judges the exercise's criteria from the keyboard: Tab from the facets to the
criteria, ↑/↓ and 1/2/3 there, Delete takes one back, Tab on to the note. Every verdict lands in
the SQLite file at once, the facet keys keep meaning the facets, and the step still fits 1280×720."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.records import CriterionVerdict, RatingRecord
from tests.support.fakemic import PulseMic
from tests.support.keys import create_first_profile, press, type_text
from tests.support.starter import STARTER_CLIPS
from tests.ui.rehearse.test_loop_fits_the_screen import controls_off_screen
from tests.ui.shell.test_app_shell import open_window
from ui.rehearse.page import RehearsePage


def test_criteria_are_judged_by_keys_and_saved_at_once(
    qtbot: QtBot, data_paths: DataPaths, realtime_mic: PulseMic
) -> None:
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.ctx.settings.update(input_device_name=realtime_mic.device, response_window_s=15)
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.pages["library"].model.rowCount() == STARTER_CLIPS, timeout=15000)
    create_first_profile(qtbot, window, "Dana")
    press(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page: RehearsePage = window.pages["rehearse"]
    criteria_form = page.view.criteria
    store = window.store
    assert store is not None

    def idle() -> None:
        qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)

    def saved() -> RatingRecord:
        assert page.attempt is not None
        [rating] = store.ratings.for_attempt(page.attempt.id)
        return rating

    press(window, Qt.Key.Key_Return)  # the suggested session
    qtbot.waitUntil(lambda: page.state == "playing", timeout=15000)
    assert not criteria_form.isVisible()  # the criteria come only after the attempt
    qtbot.waitUntil(lambda: page.state == "recording", timeout=30000)
    assert not criteria_form.isVisible()
    qtbot.wait(500)
    press(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.state == "rating", timeout=10000)
    assert page.clip is not None
    criteria = page.clip.criteria
    assert len(criteria) == 3 and criteria_form.isVisible()
    for _ in range(8):
        press(window, Qt.Key.Key_4)
    press(window, Qt.Key.Key_2)  # a good challenge
    idle()
    assert saved().criteria_verdicts == () and saved().reaction == "good_challenge"

    press(window, Qt.Key.Key_Tab)  # facets -> criteria
    assert QApplication.focusWidget() is criteria_form
    press(window, Qt.Key.Key_1)  # first: met, and on to the second
    idle()
    assert saved().criteria_verdicts == (CriterionVerdict(criteria[0], "met"),)  # saved, no Save button
    press(window, Qt.Key.Key_2)  # second: partly
    press(window, Qt.Key.Key_3)  # third: not met
    press(window, Qt.Key.Key_Up)
    press(window, Qt.Key.Key_Delete)  # the second taken back...
    idle()
    assert [v.criterion for v in saved().criteria_verdicts] == [criteria[0], criteria[2]]
    press(window, Qt.Key.Key_Down)
    press(window, Qt.Key.Key_Up)
    press(window, Qt.Key.Key_1)  # ...and judged met after all
    press(window, Qt.Key.Key_5)  # means nothing here, and must not rate a facet either
    idle()
    rating = saved()
    assert rating.criteria_verdicts == (
        CriterionVerdict(criteria[0], "met"),
        CriterionVerdict(criteria[1], "met"),
        CriterionVerdict(criteria[2], "not_met"),
    )
    # the digits stayed with the criteria: facets and check-in as given
    assert set(rating.scores.values()) == {4} and rating.reaction == "good_challenge"
    if target := os.environ.get("PRACTICE_ROOM_SCREENSHOTS"):
        window.grab().save(str(Path(target) / "rehearse-criteria.png"))
    assert window.size().toTuple() == (1280, 720)
    assert controls_off_screen(page) == []  # all of it on screen, no scrolling

    press(window, Qt.Key.Key_Tab)  # criteria -> note: digits are text there
    assert QApplication.focusWidget() is page.form.note
    type_text(window, "3 of 3 tried")
    idle()
    rating = saved()
    assert rating.note == "3 of 3 tried" and len(rating.criteria_verdicts) == 3
    assert rating.criteria_verdicts[2].verdict == "not_met"

    press(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Next, from the note
    qtbot.waitUntil(lambda: page.state == "playing", timeout=15000)
    assert not criteria_form.isVisible() and criteria_form.value() == ()
