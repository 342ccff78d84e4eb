""" "Too hard" on the real stack, from the keyboard: the take's check-in offers a break (the session
pauses, nothing is lost), a gentler exercise (the next suggestion steps down a level) and
stopping for today (the session ends, every rating kept); the words say it went past a useful
stretch and point to supervision, in the exercise and in the summary."""

from __future__ import annotations

import numpy as np
import soundfile
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.records import TakeFacts
from practice_db.store import PracticeStore
from tests.support.fakemic import PulseMic
from tests.support.fakemic_plugin import FakeMic
from tests.support.keys import choose_profile, press
from tests.support.seeding import add_clip
from tests.ui.rehearse.safety_world import assert_fits, idle, rehearse_window, shoot
from tests.ui.shell.test_app_shell import open_window
from ui.rehearse.page import RehearsePage
from ui.shell.main_window import MainWindow


def reply_and_check_in_too_hard(qtbot: QtBot, window: MainWindow, page: RehearsePage) -> int:
    qtbot.waitUntil(lambda: page.state == "recording", timeout=40000)
    qtbot.wait(800)
    press(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.state == "rating", timeout=10000)
    for _ in range(8):
        press(window, Qt.Key.Key_3)
    press(window, Qt.Key.Key_3)  # the check-in row: 3 = too hard
    idle(qtbot, window)
    assert page.attempt is not None
    return page.attempt.id


def test_too_hard_offers_a_break_a_gentler_one_and_stopping(
    qtbot: QtBot, data_paths: DataPaths, realtime_mic: PulseMic
) -> None:
    window, page, store = rehearse_window(qtbot, data_paths, realtime_mic.device)
    setup = page.setup
    setup.chosen_set.setChecked(True)
    setup.level.setCurrentIndex(setup.level.findData(2))  # start at intermediate
    press(window, Qt.Key.Key_Return)
    first = reply_and_check_in_too_hard(qtbot, window, page)
    first_clip = page.clip
    assert first_clip is not None and first_clip.difficulty == 2
    offer = page.view.care_note
    assert offer.isVisible()
    words = offer.text_shown()
    assert "past a useful stretch" in words and "supervision" in words
    assert "normal" not in words and "edge" not in words  # too hard is not what the edge feels like
    assert offer.gentler_button.text() == "Go on, gentler (G)"
    assert_fits(page)
    shoot(qtbot, window, "too-hard-offer")

    # B: a break. The session pauses and the take and its rating stay as they were.
    session = page.session
    assert session is not None
    press(window, Qt.Key.Key_B)
    qtbot.waitUntil(lambda: page.state == "break", timeout=5000)
    assert page.stack.currentWidget() is page.safety.rest and session.paused_at is not None
    shoot(qtbot, window, "break")
    press(window, Qt.Key.Key_N)  # Next means nothing during a break: the break is left only by choice
    assert page.state == "break"
    press(window, Qt.Key.Key_Return)  # back, ready to go on
    qtbot.waitUntil(lambda: page.state == "rating", timeout=5000)
    assert session.paused_at is None and page.session is session
    assert page.attempt is not None and page.attempt.id == first and offer.isVisible()
    (rating,) = store.ratings.for_attempt(first)
    assert rating.reaction == "too_hard" and store.attempts.get(first).status == "complete"

    # G: go on, gentler. The next suggestion is a level down.
    press(window, Qt.Key.Key_G)
    second = reply_and_check_in_too_hard(qtbot, window, page)
    assert page.clip is not None and page.clip.id != first_clip.id and page.clip.difficulty == 1
    assert offer.isVisible() and offer.gentler_button.text() == "Go on at this level (G)"

    # F: stop for today. The session ends cleanly and both check-ins are kept.
    press(window, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: page.state == "summary", timeout=10000)
    idle(qtbot, window)
    assert page.session is None and page.summary.table.rowCount() == 2
    for attempt_id in (first, second):
        (kept,) = store.ratings.for_attempt(attempt_id)
        assert kept.reaction == "too_hard" and all(v == 3 for v in kept.scores.values())
    heading = page.summary.heading.text()
    assert "2 felt too hard, past a useful stretch" in heading and "supervision" in heading
    assert "edge" not in heading
    assert store.attempts.for_session(session.record.id)  # the session row holds both takes


def test_too_hard_on_a_kept_take_goes_on_gentler_in_a_new_session(
    qtbot: QtBot, data_paths: DataPaths, store: PracticeStore, fake_mic: FakeMic
) -> None:
    """A take kept from a session cut short is rated outside any session: G begins a suggested
    session, and its first exercise is a level below the one that felt too hard."""
    dana = store.profiles.create("Dana", "clinician")
    clip_id = add_clip(store, "Still flat", "demoralized", 2)
    path = "recordings/kept.wav"
    tone = (0.3 * np.sin(np.arange(16000 * 2) * 2 * np.pi * 220 / 16000)).astype(np.float32)
    soundfile.write(str(data_paths.home / path), tone, 16000)
    attempt = store.attempts.begin(dana.id, clip_id, None, path)
    store.attempts.finish(attempt.id, TakeFacts(path, 2000))
    store.attempts.set_status(attempt.id, "recovered")
    store.close()

    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.ctx.settings.update(input_device_name=fake_mic.device)
    choose_profile(qtbot, window, "Dana")
    press(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page: RehearsePage = window.pages["rehearse"]
    kept = page.setup.kept
    qtbot.waitUntil(lambda: kept.isVisible() and kept.list.count() == 1, timeout=10000)
    for _ in range(15):  # Tab to the list of kept replies, Enter rates the one chosen
        if kept.list.hasFocus():
            break
        press(window, Qt.Key.Key_Tab)
    press(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.state == "rating", timeout=5000)
    for _ in range(8):
        press(window, Qt.Key.Key_2)
    press(window, Qt.Key.Key_3)  # too hard
    idle(qtbot, window)
    assert page.view.care_note.isVisible() and page.session is None
    press(window, Qt.Key.Key_G)
    qtbot.waitUntil(lambda: page.session is not None and page.state in ("note", "playing"), timeout=15000)
    assert page.session.request.mode == "suggested"
    shown = page.safety.noted if page.state == "note" else page.clip
    assert shown is not None and shown.difficulty == 1
    press(window, Qt.Key.Key_Escape)
