"""The supervisor judges the exercise's criteria from the keyboard on the Review page (keys sent
to the window): Tab to the criteria, 1/2/3 and ↑/↓ there; saved at once, shown again on return."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import soundfile
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.records import CriterionVerdict, NewClip, RatingInput, RatingRecord, TakeFacts
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS
from tests.support.keys import choose_profile, press
from tests.ui.shell.test_app_shell import open_window
from ui.review.page import ReviewPage

CRITERIA = (
    "Names the client's anger before explaining anything",
    "Keeps an even tone",
    "Asks what would help in the time left",
)


def _seed(store: PracticeStore, data_paths: DataPaths) -> list[int]:
    sam = store.profiles.create("Sam", "clinician")
    store.profiles.create("Dr Lee", "supervisor")
    clip = store.clips.add(
        NewClip(
            title="Kept waiting",
            presentation="hostile",
            difficulty=1,
            media_path="clips/kept.ogg",
            content_hash="hash-kept",
            facets=("empathy",),
            criteria=CRITERIA,
        )
    ).id
    tone = (0.3 * np.sin(np.arange(16000 * 3) * 2 * np.pi * 220 / 16000)).astype(np.float32)
    ids = []
    for n in range(2):
        path = f"recordings/take{n}.wav"
        soundfile.write(str(data_paths.home / path), tone, 16000)
        attempt = store.attempts.begin(sam.id, clip, None, path)
        store.attempts.finish(attempt.id, TakeFacts(path, 3000))
        ids.append(attempt.id)
    return ids


def test_supervisor_judges_criteria_by_keys(
    qtbot: QtBot, data_paths: DataPaths, store: PracticeStore
) -> None:
    _seed(store, data_paths)
    store.close()
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.resize(1280, 720)
    choose_profile(qtbot, window, "Dr Lee")
    press(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # the Review page
    page: ReviewPage = window.pages["review"]
    criteria = page.form.criteria
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 2, timeout=10000)
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10000)
    assert page.detail is not None
    shown = page.detail.attempt.id
    qtbot.waitUntil(criteria.isVisible, timeout=5000)
    assert criteria.criteria == CRITERIA
    opened = window.store
    assert opened is not None

    def mine(attempt_id: int) -> RatingRecord | None:
        rows = [r for r in opened.ratings.for_attempt(attempt_id) if r.rater_role == "supervisor"]
        return rows[0] if rows else None

    for digit in (3, 4, 3, 4, 3, 4, 3, 2):  # the eight facets, wherever the focus is
        press(window, Qt.Key(Qt.Key.Key_0.value + digit))
    for _ in range(20):  # Tab on to the criteria
        if criteria.hasFocus():
            break
        press(window, Qt.Key.Key_Tab)
    assert criteria.hasFocus()
    press(window, Qt.Key.Key_3)  # first: not met
    press(window, Qt.Key.Key_2)  # second: partly
    press(window, Qt.Key.Key_1)  # third: met
    press(window, Qt.Key.Key_Up)
    press(window, Qt.Key.Key_Up)
    press(window, Qt.Key.Key_2)  # second again: partly -> (still) partly; first untouched
    press(window, Qt.Key.Key_Up)
    press(window, Qt.Key.Key_Up)
    press(window, Qt.Key.Key_Up)  # stays on the first row
    press(window, Qt.Key.Key_2)  # first: partly after all
    expected = (
        CriterionVerdict(CRITERIA[0], "partly"),
        CriterionVerdict(CRITERIA[1], "partly"),
        CriterionVerdict(CRITERIA[2], "met"),
    )
    qtbot.waitUntil(lambda: (r := mine(shown)) is not None and r.criteria_verdicts == expected, timeout=10000)
    rating = mine(shown)
    assert rating is not None
    assert [rating.scores[k] for k in FACET_KEYS] == [3, 4, 3, 4, 3, 4, 3, 2]  # digits stayed with criteria
    if target := os.environ.get("PRACTICE_ROOM_SCREENSHOTS"):
        window.grab().save(str(Path(target) / "review-criteria.png"))
    press(window, Qt.Key.Key_Tab)  # on to what went well
    assert QApplication.focusWidget() is page.form.went_well

    press(window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # the other attempt: nothing judged
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.attempt.id != shown, timeout=10000)
    assert criteria.value() == () and criteria.isVisible()
    page.open_attempt(shown)  # back (it has left the queue): the verdicts as saved
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.attempt.id == shown, timeout=10000)
    assert criteria.value() == expected

    # The trainee sees both verdicts beside each criterion in their feedback
    sam = next(p for p in opened.profiles.list() if p.name == "Sam")
    opened.ratings.save(shown, sam.id, RatingInput(criteria_verdicts=(CriterionVerdict(CRITERIA[0], "met"),)))
    window.set_profile(sam)
    page.list.mode.setCurrentIndex(page.list.mode.findData("reviewed"))
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.attempt.id == shown, timeout=10000)
    words = page.feedback.words
    qtbot.waitUntil(lambda: "What this exercise asks" in words.text(), timeout=10000)
    assert "anger before explaining anything: you <b>Met</b> · supervisor <b>Partly</b>" in words.text()
    assert f"{CRITERIA[2]}: you <b>–</b> · supervisor <b>Met</b>" in words.text()
    if target := os.environ.get("PRACTICE_ROOM_SCREENSHOTS"):
        page.detail_scroll.ensureWidgetVisible(page.feedback.words)
        window.grab().save(str(Path(target) / "review-criteria-trainee.png"))
