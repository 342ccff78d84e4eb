"""A whole keyboard-driven session on the real stack: suggested set of two, Esc (stop, then throw
away) + undo, number-key rating, Next, Finish and the summary; plus the session choices themselves."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.records import NewClip
from practice_db.vocabulary import FACET_KEYS, PRESENTATION_LABELS
from tests.support.fakemic import PulseMic
from tests.support.fakemic_plugin import FakeMic
from tests.support.keys import create_first_profile, press
from tests.support.starter import STARTER_CLIPS
from tests.ui.shell.test_app_shell import open_window
from ui.rehearse.page import RehearsePage
from ui.shell.main_window import MainWindow


def ready_window(qtbot: QtBot, data_paths: DataPaths, device: str) -> tuple[MainWindow, RehearsePage]:
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.ctx.settings.update(input_device_name=device, response_window_s=15)
    qtbot.waitUntil(lambda: window.pages["library"].model.rowCount() == STARTER_CLIPS, timeout=15000)
    create_first_profile(qtbot, window, "Dana")
    press(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # the Rehearse page
    assert window.current_page_key() == "rehearse"
    return window, window.pages["rehearse"]


def record_a_reply(qtbot: QtBot, page: RehearsePage) -> None:
    qtbot.waitUntil(lambda: page.state == "recording", timeout=30000)
    qtbot.wait(400)


def test_keyboard_session_with_discard_undo_next_finish(
    qtbot: QtBot, data_paths: DataPaths, realtime_mic: PulseMic
) -> None:
    # The real-time microphone keeps a take running until Space or Esc (the file one ends by itself).
    window, page = ready_window(qtbot, data_paths, realtime_mic.device)
    store = window.store
    assert store is not None and page.state == "setup"
    page.setup.length_value.setValue(2)
    page.setup.start_button.click()
    record_a_reply(qtbot, page)
    first_clip = page.clip
    assert first_clip is not None and first_clip.difficulty == 1  # a newcomer starts at the beginning
    assert page.view.guidance.isHidden()  # the example reply waits until after the attempt

    qtbot.wait(6500)  # a reply long enough to seek in while listening back
    press(window, Qt.Key.Key_Escape)  # Esc stops the recording and keeps what was said…
    qtbot.waitUntil(lambda: page.state == "rating", timeout=10000)
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
    assert page.attempt is not None and store.attempts.get(page.attempt.id).status == "complete"
    press(window, Qt.Key.Key_Escape)  # …a second Esc throws this take away…
    qtbot.waitUntil(lambda: page.state == "discarded", timeout=10000)
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
    assert page.attempt is not None and store.attempts.get(page.attempt.id).status == "discarded"
    assert page.view.undo_bar.isVisible()
    press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # …and take it back
    qtbot.waitUntil(lambda: page.state == "rating", timeout=5000)
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
    assert store.attempts.get(page.attempt.id).status == "complete"
    assert page.view.guidance.isVisible()
    press(window, Qt.Key.Key_Space)  # Space in listen-back plays your own reply
    assert page.listening and page.playback is not None and page.playback.owner is page
    qtbot.waitUntil(lambda: page.playback.position_ms() > 0, timeout=5000)
    press(window, Qt.Key.Key_Space)  # …and pauses it
    paused_at = page.playback.position_ms()
    press(window, Qt.Key.Key_Right)  # → skips 5 s on
    qtbot.waitUntil(lambda: page.playback.position_ms() >= paused_at + 4000, timeout=5000)
    # Listening back shows where you are in your reply: its waveform, the position and the length.
    waveform = page.view.waveform
    qtbot.waitUntil(lambda: waveform.waveform is not None, timeout=5000)
    assert waveform.isVisible() and not page.video.isVisible()
    assert waveform.position_ms >= paused_at + 4000 and waveform.duration_ms() >= 6000
    assert first_clip.example_response and first_clip.example_response[:30] in page.view.guidance.text()

    for _ in FACET_KEYS:  # number keys rate the highlighted row and move down
        press(window, Qt.Key.Key_4)
    press(window, Qt.Key.Key_3)  # last row: 3 = too hard
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
    (rating,) = store.ratings.for_attempt(page.attempt.id)
    assert all(rating.scores[k] == 4 for k in FACET_KEYS) and rating.reaction == "too_hard"
    assert page.care_note.isVisible()
    assert "gentlest" in page.view.advice.text()  # beginner already: stay
    first_attempt = page.attempt

    press(window, Qt.Key.Key_N)
    record_a_reply(qtbot, page)
    assert page.clip is not None and page.clip.id != first_clip.id
    assert page.clip.difficulty == 1  # too hard at beginner: not stepped up
    press(window, Qt.Key.Key_Space)  # Space stops early
    qtbot.waitUntil(lambda: page.state == "rating", timeout=10000)
    page.form.reaction_buttons["good_challenge"].click()
    assert "completes the session" in page.view.advice.text()

    press(window, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: page.state == "summary", timeout=10000)
    table = page.summary.table
    assert table.rowCount() == 2
    assert [table.item(r, 0).text() for r in range(2)] == [first_clip.title, page.clip.title]
    assert table.item(0, 2).text() == "4.0" and table.item(0, 11).text() == "Too hard"
    # Where each kind of client starts next time (each keeps its own level).
    heading = page.summary.heading.text()
    assert f"{PRESENTATION_LABELS[page.clip.presentation]} at beginner" in heading
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
    sessions = {a.session_id for a in store.attempts.for_profile(first_attempt.profile_id)}
    assert len(sessions) == 1 and None not in sessions


def test_a_chosen_set_starts_at_the_chosen_level_and_presentation(
    qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic
) -> None:
    window, page = ready_window(qtbot, data_paths, fake_mic.device)
    setup = page.setup
    setup.chosen_set.setChecked(True)
    setup.presentation.setCurrentIndex(setup.presentation.findData("confronting"))
    setup.level.setCurrentIndex(setup.level.findData(3))
    setup.length_unit.setCurrentIndex(setup.length_unit.findData("minutes"))
    setup.length_value.setValue(10)
    request = setup.request()
    assert (request.presentation, request.level, request.minutes, request.clip_count) == (
        "confronting",
        3,
        10,
        None,
    )
    setup.start_button.click()
    qtbot.waitUntil(lambda: page.state in ("playing", "note"), timeout=10000)
    if page.state == "note":  # an advanced confronting clip may carry a content note: play it
        press(window, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.state == "playing", timeout=10000)
    assert page.clip is not None and (page.clip.presentation, page.clip.difficulty) == ("confronting", 3)
    assert page.session is not None and page.session.progress_text() == "0 of 10 minutes"
    qtbot.waitUntil(lambda: page.state == "recording", timeout=30000)
    page.stop_recording()
    qtbot.waitUntil(lambda: page.state == "rating", timeout=10000)
    page.form.reaction_buttons["too_hard"].click()
    assert "step down" in page.view.advice.text()
    page.next_button.click()
    qtbot.waitUntil(lambda: page.state == "playing", timeout=10000)
    assert page.clip.presentation == "confronting" and page.clip.difficulty == 2  # stepped down
    qtbot.waitUntil(lambda: page.state == "recording", timeout=30000)
    page.stop_recording()
    qtbot.waitUntil(lambda: page.state == "rating", timeout=10000)


def test_hiding_the_statement_is_remembered(qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic) -> None:
    window, page = ready_window(qtbot, data_paths, fake_mic.device)
    page.view.show_statement.setChecked(False)
    assert window.ctx.settings.current.show_statement is False
    clip = next(c for c in window.pages["library"].model.clips if c.media_path.endswith(".opus"))
    page.practise(clip)
    qtbot.waitUntil(lambda: page.state == "playing", timeout=10000)
    assert page.video.caption_text() != clip.statement
    page.view.show_statement.setChecked(True)
    assert page.video.caption_text() == clip.statement
    qtbot.waitUntil(lambda: page.state == "recording", timeout=30000)
    page.stop_recording()
    qtbot.waitUntil(lambda: page.state == "rating", timeout=10000)


def test_a_statement_only_exercise_is_read_then_answered(
    qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic
) -> None:
    window, page = ready_window(qtbot, data_paths, fake_mic.device)
    assert window.store is not None
    clip = window.store.clips.add(
        NewClip("From a bundle", "withdrawn", 2, "", "f" * 64, "I don't know. Whatever.", source="bundle")
    )
    page.practise(clip)
    qtbot.waitUntil(lambda: page.state == "playing", timeout=10000)
    assert page.video.caption_text() == clip.statement and page.video.is_caption_shown()
    assert page.view.stop_button.isEnabled() and page.view.stop_button.text().startswith("Start my reply")
    press(window, Qt.Key.Key_Space)  # read it: now answer
    qtbot.waitUntil(lambda: page.state in ("recording", "rating"), timeout=10000)
    page.stop_recording()
    qtbot.waitUntil(lambda: page.state == "rating", timeout=10000)
    qtbot.waitUntil(lambda: page.attempt is not None and page.attempt.status == "complete", timeout=10000)
    assert page.attempt is not None and (data_paths.home / (page.attempt.recording_path or "")).is_file()
