"""Taking the assessment at its edges: no set installed yet, and the window closed mid-reply
(the reply is kept, the sitting marked incomplete)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from tests.support.fakemic_plugin import FakeMic
from tests.support.keys import activate, press
from tests.support.taking_world import drop_builtin_sets
from tests.ui.assessment.test_taking import start
from tests.ui.shell.test_app_shell import open_window
from ui.assessment.page import AssessmentPage


def test_without_a_set_the_page_says_so_and_enter_does_nothing(qtbot: QtBot, data_paths: DataPaths) -> None:
    window = open_window(qtbot, data_paths)
    window.resize(1280, 720)
    qtbot.waitUntil(
        lambda: window.profile_dialog is not None and window.profile_dialog.isVisible(), timeout=15000
    )
    assert window.profile_dialog is not None and window.store is not None
    window.profile_dialog.reject()
    drop_builtin_sets(window.store)  # as if the built-in set could not be installed
    window.set_profile(window.store.profiles.create("Dana", "clinician"))
    activate(qtbot, window)
    press(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    page = window.pages["assessment"]
    assert isinstance(page, AssessmentPage)
    taking = page.taking
    qtbot.waitUntil(lambda: "No assessment set" in taking.intro.text.text(), timeout=10000)
    activate(qtbot, window)
    assert not taking.intro.begin_button.isEnabled()
    press(window, Qt.Key.Key_Return)
    qtbot.wait(300)
    assert taking.state == "intro"
    assert window.store.assessment_sittings.for_profile(window.profile.id if window.profile else -1) == []
    # The other two parts have their own clearly named tabs.
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles == ["Take the assessment", "Rate assessments", "Results"]


def test_closing_the_window_mid_reply_keeps_it_and_ends_the_sitting(
    qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic
) -> None:
    s, _set_id, clips = start(qtbot, data_paths, fake_mic)
    taking, window, store = s.taking, s.window, s.store
    press(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: taking.state == "recording", timeout=40000)
    qtbot.wait(1000)
    profile_id = window.profile.id if window.profile else -1
    window.close()  # the worker finishes the queued writes before the window goes
    (sitting,) = store.assessment_sittings.for_profile(profile_id)
    assert sitting.assessment.status == "incomplete"
    assert [(t.clip_id, t.status) for t in sitting.takes] == [(clips[0], "complete")]
    assert (data_paths.home / (sitting.takes[0].recording_path or "")).stat().st_size > 44


def test_leaving_the_page_mid_sitting_stops_it(
    qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic
) -> None:
    s, _set_id, clips = start(qtbot, data_paths, fake_mic)
    taking, window = s.taking, s.window
    press(window, Qt.Key.Key_Return)
    s.reply()
    assert taking.state == "between"
    press(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # to the Library
    assert window.current_page_key() == "library"
    qtbot.waitUntil(lambda: "stopped" in taking.end.heading.text(), timeout=10000)
    s.idle()
    qtbot.wait(3000)  # longer than the gap: no clip starts out of sight
    assert s.played == [0]
    (sitting,) = s.store.assessment_sittings.for_profile(window.profile.id if window.profile else -1)
    assert sitting.assessment.status == "incomplete"
    assert [(t.clip_id, t.status) for t in sitting.takes] == [(clips[0], "complete")]
    assert "You left the assessment" in taking.end.summary.text()
