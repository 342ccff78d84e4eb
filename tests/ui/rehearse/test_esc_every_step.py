"""Esc stops what is running at every step of the loop, and never loses what was recorded: real
libvlc plays a real clip, the real-time fake microphone answers, keys go to the window.

- as soon as the clip begins (the microphone usually still arming): playback stops, the
  microphone is let go, the begun attempt (no audio yet) is set aside, and no recording starts;
- while the clip is playing with the microphone armed: the same;
- while recording (the countdown running): the recording stops and the take is KEPT, to rate;
- while listening back: the playback stops, the take stays as it was;
- with nothing running, Esc on a rating throws the take away, and Ctrl+Z brings it back.
(The content-note card's Esc is in test_content_notes.py.)"""

from __future__ import annotations

import soundfile
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from practice_db.records import NewClip
from tests.support.fakemic import PulseMic
from tests.support.keys import press
from tests.ui.rehearse.safety_world import idle, rehearse_window
from ui.rehearse.page import RehearsePage
from ui.rehearse.safety_flow import KEPT_AFTER_ESC, STOPPED_BEFORE_REPLY
from ui.shell.main_window import MainWindow


def playing(qtbot: QtBot, window: MainWindow, page: RehearsePage) -> None:
    qtbot.waitUntil(lambda: page.state in ("note", "playing"), timeout=15000)
    if page.state == "note":  # a starter clip may carry a content note: play it
        press(window, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.state == "playing", timeout=5000)


def assert_stopped_before_reply(qtbot: QtBot, window: MainWindow, page: RehearsePage) -> None:
    qtbot.waitUntil(lambda: page.state == "idle", timeout=5000)
    assert page.status.text() == STOPPED_BEFORE_REPLY
    assert page.recorder is None and page.playback is not None and page.playback.position_ms() == 0
    assert page.again_button.isEnabled() and page.next_button.isEnabled()
    clip = page.clip
    assert clip is not None and clip.duration_ms is not None
    qtbot.wait(clip.duration_ms + 1500)  # longer than the clip: nothing ends it and starts a take
    assert page.state == "idle" and page.recorder is None and page.playback.position_ms() == 0
    idle(qtbot, window)
    session = page.session
    assert session is not None and window.store is not None
    begun = window.store.attempts.for_profile(session.record.profile_id, include_discarded=True)
    last = [a for a in begun if a.session_id == session.record.id][-1]
    assert last.clip_id == clip.id and last.status == "discarded"  # nothing left waiting for a recording


def test_esc_stops_every_step_and_keeps_the_take(
    qtbot: QtBot, data_paths: DataPaths, realtime_mic: PulseMic
) -> None:
    window, page, store = rehearse_window(qtbot, data_paths, realtime_mic.device)
    press(window, Qt.Key.Key_Return)  # a suggested session

    # 1. The clip has just begun and the microphone is still arming.
    playing(qtbot, window, page)
    press(window, Qt.Key.Key_Escape)
    assert_stopped_before_reply(qtbot, window, page)

    # 2. Again: the clip is audibly under way and the microphone armed (its meter says ready).
    press(window, Qt.Key.Key_A)
    playing(qtbot, window, page)
    qtbot.waitUntil(lambda: page.recorder is not None, timeout=10000)
    qtbot.waitUntil(lambda: page.playback is not None and page.playback.position_ms() > 300, timeout=10000)
    assert page.view.meter.state_text() == "Microphone: ready"
    press(window, Qt.Key.Key_Escape)
    assert_stopped_before_reply(qtbot, window, page)

    # 3. Recording, the countdown running: Esc stops it and the take is kept.
    press(window, Qt.Key.Key_A)
    playing(qtbot, window, page)
    qtbot.waitUntil(lambda: page.state == "recording", timeout=40000)
    assert page.countdown.isActive()
    qtbot.wait(1500)
    press(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.state == "rating", timeout=10000)
    assert page.status.text().startswith(KEPT_AFTER_ESC) and not page.countdown.isActive()
    idle(qtbot, window)
    attempt = page.attempt
    assert attempt is not None
    qtbot.waitUntil(lambda: store.attempts.get(attempt.id).status == "complete", timeout=10000)
    kept = store.attempts.get(attempt.id)
    assert kept.recording_path is not None and kept.duration_ms is not None and kept.duration_ms >= 1000
    audio, rate = soundfile.read(str(data_paths.home / kept.recording_path), dtype="int16")
    assert len(audio) / rate >= 1.0

    # 4. Listening back: Esc stops the playback; the take and the rating step stay.
    press(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.playback is not None and page.playback.position_ms() > 200, timeout=5000)
    assert page.listening
    press(window, Qt.Key.Key_Escape)
    assert not page.listening and page.state == "rating" and page.form.isEnabled()
    qtbot.wait(700)
    assert page.playback is not None and page.playback.position_ms() == 0
    idle(qtbot, window)
    assert store.attempts.get(attempt.id).status == "complete"
    for _ in range(8):  # rating still works after the stop
        press(window, Qt.Key.Key_4)
    idle(qtbot, window)
    (rating,) = store.ratings.for_attempt(attempt.id)
    assert set(rating.scores.values()) == {4}

    # 5. Nothing running: Esc throws the take away (undoable), as before.
    press(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.state == "discarded", timeout=5000)
    idle(qtbot, window)
    assert store.attempts.get(attempt.id).status == "discarded"
    press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.state == "rating", timeout=5000)
    idle(qtbot, window)
    assert store.attempts.get(attempt.id).status == "complete"


def test_esc_while_reading_a_statement_only_exercise(
    qtbot: QtBot, data_paths: DataPaths, realtime_mic: PulseMic
) -> None:
    window, page, store = rehearse_window(qtbot, data_paths, realtime_mic.device)
    clip = store.clips.add(
        NewClip("From a bundle", "withdrawn", 2, "", "r" * 64, "I don't know. Whatever.", source="bundle")
    )
    window.practise_clip(clip)
    qtbot.waitUntil(lambda: page.state == "playing", timeout=10000)  # reading, the microphone arming
    assert page.view.stop_button.text().startswith("Start my reply")
    press(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.state == "idle", timeout=5000)
    assert page.status.text() == STOPPED_BEFORE_REPLY and page.recorder is None
    qtbot.wait(1000)
    assert page.state == "idle" and page.recorder is None  # a microphone that opened late was let go
    idle(qtbot, window)
    assert page.profile is not None
    (begun,) = store.attempts.for_profile(page.profile.id, include_discarded=True)
    assert begun.clip_id == clip.id and begun.status == "discarded"
    assert not (data_paths.home / (begun.recording_path or "none")).exists()
