"""The same blind rating saved on another computer meanwhile (issue 21): the view shows those
scores, the note keeps this rater's own, and Alt+U saves them over it. Keys go to the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.engine import make_engine, sqlite_url
from practice_db.records import NEW_ROW
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS
from tests.support.blind_batch_world import build_world
from tests.support.keys import choose_profile, press
from tests.ui.assessment.test_blind_rating_view import host
from tests.ui.shell.test_app_shell import open_window

FIRST, SECOND = FACET_KEYS[0], FACET_KEYS[1]


def test_blind_rating_saved_elsewhere_is_shown_and_mine_kept(
    qtbot: QtBot, data_paths: DataPaths, store: PracticeStore
) -> None:
    world = build_world(store, raters=("Rae Rater",), clips=1, recording="recordings/assessment/take-{n}.wav")
    rae = world.raters["Rae Rater"]
    store.close()
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.resize(1280, 720)
    choose_profile(qtbot, window, "Rae Rater")
    dialog, view = host(qtbot, window)
    qtbot.waitUntil(lambda: view.set_list.count() == 1, timeout=10000)
    press(dialog, Qt.Key.Key_Return)  # rate this set
    qtbot.waitUntil(lambda: view.state == "rating", timeout=10000)
    assert view.batch is not None
    take = view.batch.takes[0].take_id

    laptop = PracticeStore(make_engine(sqlite_url(data_paths.database)))
    try:  # Rae's laptop, open on the same batch, rates this take first
        assert laptop.assessment_ratings.save_blind(take, rae, {SECOND: 5}, NEW_ROW).version == 1
    finally:
        laptop.close()

    press(dialog, Qt.Key.Key_3)  # here: the first facet, saved as a new rating
    qtbot.waitUntil(view.conflict.isVisible, timeout=10000)
    assert view.form.value().scores[SECOND] == 5 and view.form.value().scores[FIRST] is None  # theirs
    assert "Your rating of this take was saved elsewhere at" in view.conflict.text.text()
    assert " 3" in view.conflict.text.text()  # mine, kept in the note
    assert QApplication.focusWidget() is view.conflict.mine_button
    dialog.grab().save("/tmp/conflicts-blind-rating.png")

    opened = window.store
    assert opened is not None
    press(dialog, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # "Use mine"
    qtbot.waitUntil(lambda: opened.assessment_ratings.mine(rae, [take])[take].version == 2, timeout=10000)
    now = opened.assessment_ratings.mine(rae, [take])[take]
    assert now.scores[FIRST] == 3 and now.scores[SECOND] is None
    assert view.form.value().scores[FIRST] == 3 and not view.conflict.isVisible()
