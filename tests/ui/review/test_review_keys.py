"""A supervisor reviews two attempts from the keyboard alone (keys sent to the window): choose
the profile, go to Review, open an attempt from the list, play, seek, pin a comment at the moment,
rate eight facets, write the corrective point, then the next attempt. Clicking a row first must
not change what the keys act on."""

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
from tests.support.keys import choose_profile, press, type_text
from tests.support.seeding import add_clip
from tests.ui.shell.test_app_shell import open_window
from ui.review.page import ReviewPage


def seed_two_attempts(store: PracticeStore, data_paths: DataPaths) -> list[int]:
    sam = store.profiles.create("Sam", "clinician")
    store.profiles.create("Dr Lee", "supervisor")
    tone = (0.3 * np.sin(np.arange(16000 * 12) * 2 * np.pi * 220 / 16000)).astype(np.float32)
    ids = []
    for n, title in enumerate(("Kept waiting", "Still flat")):
        clip_id = add_clip(store, title, "hostile", 1)
        path = f"recordings/take{n}.wav"
        soundfile.write(str(data_paths.home / path), tone, 16000)
        attempt = store.attempts.begin(sam.id, clip_id, None, path)
        store.attempts.finish(attempt.id, TakeFacts(path, 12000))
        ids.append(attempt.id)
    return ids


def test_supervisor_reviews_two_attempts_with_keys_only(
    qtbot: QtBot, data_paths: DataPaths, store: PracticeStore
) -> None:
    attempt_ids = seed_two_attempts(store, data_paths)
    store.close()
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    choose_profile(qtbot, window, "Dr Lee")
    press(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # the Review page
    page: ReviewPage = window.pages["review"]
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 2, timeout=10000)
    opened = store_of(window)
    reviewed: list[int] = []
    # The tester's case: a click on a row gives the list the focus; Space and C must still act on
    # the attempt shown, not type ahead in the list.
    table = page.list.table
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(table.model().index(0, 1)).center()
    )
    assert table.hasFocus()
    for _ in range(2):
        qtbot.waitUntil(
            lambda: page.detail is not None and page.detail.attempt.id not in reviewed, timeout=10000
        )
        assert page.detail is not None
        shown = page.detail.attempt.id
        qtbot.waitUntil(lambda: page.waveform.waveform is not None, timeout=10000)
        press(window, Qt.Key.Key_Space)  # play
        qtbot.waitUntil(lambda: page.playback is not None and page.playback.position_ms() > 0, timeout=5000)
        press(window, Qt.Key.Key_Space)  # pause
        before = page.playback.position_ms() if page.playback else 0
        press(window, Qt.Key.Key_Right)  # 5 s on
        qtbot.waitUntil(
            lambda b=before: page.playback is not None and page.playback.position_ms() >= b + 4000,
            timeout=5000,
        )
        press(window, Qt.Key.Key_C)  # a comment at this moment: the comment field takes the typing
        qtbot.waitUntil(page.comments.text.hasFocus, timeout=3000)
        type_text(window, "Here the pace changed")  # C and Space typed here are letters, not keys
        press(window, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda a=shown: len(opened.ratings.comments(a)) == 1, timeout=10000)
        (comment,) = opened.ratings.comments(shown)
        assert comment.text == "Here the pace changed" and comment.offset_ms >= 4000
        assert page.detail is not None and page.detail.attempt.id == shown  # still the same attempt
        for digit in (3, 4, 3, 4, 3, 4, 3, 2):  # the eight facets, top to bottom
            press(window, Qt.Key(Qt.Key.Key_0.value + digit))
        for _ in range(6):  # Tab on to the corrective point
            if page.form.corrective.hasFocus():
                break
            press(window, Qt.Key.Key_Tab)
        assert page.form.corrective.hasFocus()
        type_text(window, "Name the anger first.")

        def saved(a: int = shown) -> bool:
            rows = [r for r in opened.ratings.for_attempt(a) if r.rater_role == "supervisor"]
            return bool(rows) and rows[0].corrective_point == "Name the anger first."

        qtbot.waitUntil(saved, timeout=10000)
        rating = next(r for r in opened.ratings.for_attempt(shown) if r.rater_role == "supervisor")
        assert [rating.scores[k] for k in FACET_KEYS] == [3, 4, 3, 4, 3, 4, 3, 2]
        reviewed.append(shown)
        press(window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # the next attempt
    assert sorted(reviewed) == sorted(attempt_ids)


def store_of(window: object) -> PracticeStore:
    store = getattr(window, "store", None)
    assert store is not None
    return store
