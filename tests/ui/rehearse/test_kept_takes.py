"""A reply kept after an interruption waits on the Rehearse page, named by its exercise; from the
keyboard: choose it, Enter, listen, rate, F. Then it is gone from the list and rated."""

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
from practice_db.vocabulary import FACET_KEYS
from tests.support.keys import choose_profile, press
from tests.support.seeding import add_clip
from tests.ui.shell.test_app_shell import open_window
from ui.rehearse.page import RehearsePage


def test_a_kept_take_is_rated_from_the_rehearse_page(
    qtbot: QtBot, data_paths: DataPaths, store: PracticeStore
) -> None:
    dana = store.profiles.create("Dana", "clinician")
    clip_id = add_clip(store, "Still flat", "demoralized", 1)
    path = "recordings/kept.wav"
    tone = (0.3 * np.sin(np.arange(16000 * 4) * 2 * np.pi * 220 / 16000)).astype(np.float32)
    soundfile.write(str(data_paths.home / path), tone, 16000)
    attempt = store.attempts.begin(dana.id, clip_id, None, path)
    store.attempts.finish(attempt.id, TakeFacts(path, 4000))
    store.attempts.set_status(attempt.id, "recovered")  # what start-up recovery leaves
    store.close()

    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    choose_profile(qtbot, window, "Dana")
    press(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page: RehearsePage = window.pages["rehearse"]
    kept = page.setup.kept
    qtbot.waitUntil(lambda: kept.isVisible() and kept.list.count() == 1, timeout=10000)
    assert "Still flat" in kept.list.item(0).text() and "rate it now" in kept.list.item(0).text()
    for _ in range(15):  # Tab to the list of kept replies
        if kept.list.hasFocus():
            break
        press(window, Qt.Key.Key_Tab)
    assert kept.list.hasFocus()
    press(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.state == "rating", timeout=5000)
    assert page.attempt is not None and page.attempt.id == attempt.id
    press(window, Qt.Key.Key_Space)  # listen back
    qtbot.waitUntil(lambda: page.playback is not None and page.playback.position_ms() > 0, timeout=5000)
    qtbot.waitUntil(lambda: page.view.waveform.waveform is not None, timeout=5000)
    for _ in FACET_KEYS:
        press(window, Qt.Key.Key_4)
    press(window, Qt.Key.Key_2)  # a good challenge
    press(window, Qt.Key.Key_F)  # done: back to the start
    qtbot.waitUntil(lambda: page.state == "setup", timeout=5000)
    qtbot.waitUntil(lambda: not kept.isVisible(), timeout=5000)
    opened = window.store
    assert opened is not None
    (rating,) = opened.ratings.for_attempt(attempt.id)
    assert rating.rater_role == "self" and all(rating.scores[k] == 4 for k in FACET_KEYS)
    assert rating.reaction == "good_challenge"
    assert opened.attempts.recovered_unrated(dana.id) == []
