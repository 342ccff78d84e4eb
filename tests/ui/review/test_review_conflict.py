"""Two computers, one supervisor rating (issue 21): the Review form saves from the version it
loaded; when the other computer saved first, the form shows that version and a note keeps the
supervisor's own values, and Alt+U ("Use mine") saves them over it. Keys go to the window."""

from __future__ import annotations

import numpy as np
import soundfile
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.engine import make_engine, sqlite_url
from practice_db.records import NewClip, RatingInput, TakeFacts
from practice_db.store import PracticeStore
from practice_db.versioning import NEW_ROW
from practice_db.vocabulary import FACET_KEYS
from tests.support.keys import choose_profile, press
from tests.ui.shell.test_app_shell import open_window
from ui.review.page import ReviewPage

FIRST = FACET_KEYS[0]  # the facet the digit keys rate first


def _seed(store: PracticeStore, data_paths: DataPaths) -> tuple[int, int]:
    sam = store.profiles.create("Sam", "clinician")
    lee = store.profiles.create("Dr Lee", "supervisor")
    clip = store.clips.add(
        NewClip("Kept waiting", "hostile", 1, "clips/kept.ogg", "hash-kept", statement="You're late again.")
    ).id
    tone = (0.3 * np.sin(np.arange(16000 * 3) * 2 * np.pi * 220 / 16000)).astype(np.float32)
    soundfile.write(str(data_paths.home / "recordings/take.wav"), tone, 16000)
    attempt = store.attempts.begin(sam.id, clip, None, "recordings/take.wav")
    store.attempts.finish(attempt.id, TakeFacts("recordings/take.wav", 3000))
    return attempt.id, lee.id


def test_review_form_shows_the_newer_rating_and_keeps_mine(
    qtbot: QtBot, data_paths: DataPaths, store: PracticeStore
) -> None:
    attempt, lee = _seed(store, data_paths)
    store.close()
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.resize(1280, 720)
    choose_profile(qtbot, window, "Dr Lee")
    press(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # the Review page
    page: ReviewPage = window.pages["review"]
    qtbot.waitUntil(lambda: page.detail is not None and page.form.isVisible(), timeout=10000)
    assert page.form.went_well.toPlainText() == ""  # not rated yet when it was opened

    # Meanwhile Dr Lee's laptop, open on the same attempt, rates it first.
    laptop = PracticeStore(make_engine(sqlite_url(data_paths.database)))
    try:
        theirs = RatingInput(scores={FIRST: 5}, went_well="Named the anger first")
        assert laptop.ratings.save(attempt, lee, theirs, NEW_ROW).version == 1
    finally:
        laptop.close()

    press(window, Qt.Key.Key_2)  # here: the first facet becomes a 2, saved as a new rating
    note = page.conflict
    qtbot.waitUntil(note.isVisible, timeout=10000)
    text = note.text.text()
    assert "saved elsewhere at" in text and "That version is shown now" in text
    assert "Your changes, not saved:" in text and " 2" in text
    # The form shows the laptop's version; nothing was overwritten.
    assert page.form.went_well.toPlainText() == "Named the anger first"
    assert page.form.facets.groups[FIRST].checkedId() == 5
    assert "Not saved" in page.message.text()
    opened = window.store
    assert opened is not None
    stored = opened.ratings.get(attempt, lee)
    assert stored is not None and stored.version == 1 and stored.scores[FIRST] == 5
    assert note.mine_button.hasFocus()  # the choice is one key away
    assert window.width() <= 1280 and window.height() <= 720
    window.grab().save("/tmp/conflicts-review.png")

    press(window, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # "Use mine"
    qtbot.waitUntil(lambda: (opened.ratings.get(attempt, lee) or stored).version == 2, timeout=10000)
    again = opened.ratings.get(attempt, lee)
    assert again is not None and again.scores[FIRST] == 2 and again.went_well == ""
    qtbot.waitUntil(lambda: page.form.went_well.toPlainText() == "", timeout=5000)
    assert not note.isVisible() and page.form.facets.groups[FIRST].checkedId() == 2

    # Later changes build on the version just saved: no conflict with its own saves.
    press(window, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: (opened.ratings.get(attempt, lee) or stored).version == 3, timeout=10000)
    assert not note.isVisible()
