"""The supervisor's "ask for another attempt" reaches the trainee: the Rehearse page names the
exercise, a suggested session (started with Enter) begins with it, and once it has been tried
again, from the keyboard, the request is answered and the note goes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.records import NewClip, RatingInput
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS
from tests.support.fakemic_plugin import FakeMic
from tests.support.keys import choose_profile, press
from tests.support.seeding import add_attempt
from tests.ui.shell.test_app_shell import open_window
from ui.rehearse.page import RehearsePage


def test_an_exercise_the_supervisor_asked_for_comes_first(
    qtbot: QtBot, data_paths: DataPaths, store: PracticeStore, fake_mic: FakeMic, tmp_path: Path
) -> None:
    dana = store.profiles.create("Dana", "clinician")
    sam = store.profiles.create("Sam", "supervisor")
    clip = NewClip("Asked for again", "hostile", 3, "", "a" * 64, "You never listen.", source="bundle")
    clip_id = store.clips.add(clip).id  # advanced, read not played: not where a newcomer starts
    # An hour ago and rated well: not due again for days, so only the request brings it first.
    attempt = add_attempt(store, dana.id, clip_id, datetime.now(UTC) - timedelta(hours=1))
    every = dict.fromkeys(FACET_KEYS, 4)
    store.ratings.save(attempt.id, dana.id, RatingInput(scores=every, reaction="good_challenge"))  # type: ignore[arg-type]
    store.ratings.save(attempt.id, sam.id, RatingInput(scores=every, ask_again=True))  # type: ignore[arg-type]
    store.close()

    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.ctx.settings.update(input_device_name=fake_mic.device, response_window_s=15)
    choose_profile(qtbot, window, "Dana")
    press(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page: RehearsePage = window.pages["rehearse"]
    asked = page.setup.asked
    qtbot.waitUntil(asked.isVisible, timeout=15000)
    assert "Asked for again" in asked.text() and "supervisor asked" in asked.text()
    page.setup.length_value.setValue(1)
    assert page.setup.grab().save(str(tmp_path / "setup-asked-again.png"))

    press(window, Qt.Key.Key_Return)  # a suggested session
    qtbot.waitUntil(lambda: page.clip is not None, timeout=15000)
    assert page.clip is not None and page.clip.id == clip_id
    qtbot.waitUntil(lambda: page.state == "playing", timeout=10000)
    press(window, Qt.Key.Key_Space)  # read it: now answer
    qtbot.waitUntil(lambda: page.state == "recording", timeout=30000)
    qtbot.wait(400)
    press(window, Qt.Key.Key_Space)  # stop the reply
    qtbot.waitUntil(lambda: page.state == "rating", timeout=10000)
    for _ in FACET_KEYS:
        press(window, Qt.Key.Key_4)
    press(window, Qt.Key.Key_2)  # a good challenge
    press(window, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: page.state == "summary", timeout=10000)
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
    press(window, Qt.Key.Key_Return)  # back to the start: the request has been answered
    qtbot.waitUntil(lambda: page.state == "setup", timeout=5000)
    qtbot.waitUntil(lambda: not asked.isVisible(), timeout=10000)
    opened = window.store
    assert opened is not None and opened.asked_again(dana.id) == []
