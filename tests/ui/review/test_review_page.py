"""Review on one computer, real widgets and files: a supervisor pins a comment to a moment by
clicking the waveform, rates with one corrective point; the clinician sees it beside their own
rating, can't change it, and can go again from there."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.errors import PermissionDeniedError
from practice_db.records import RatingInput, TakeFacts
from practice_db.vocabulary import FACET_KEYS
from tests.support.starter import STARTER_CLIPS
from tests.ui.shell.test_app_shell import open_window
from ui.review.page import ReviewPage


def test_supervisor_comments_and_rates_then_clinician_sees_it(qtbot: QtBot, data_paths: DataPaths) -> None:
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    qtbot.waitUntil(lambda: window.pages["library"].model.rowCount() == STARTER_CLIPS, timeout=15000)
    store = window.store
    assert store is not None
    sam = store.profiles.create("Sam", "clinician")
    lee = store.profiles.create("Dr Lee", "supervisor")
    clip = window.pages["library"].model.clips[0]
    attempt = store.attempts.begin(sam.id, clip.id, None, "recordings/take.wav")
    tone = (0.3 * np.sin(np.arange(16000 * 6) * 2 * np.pi * 220 / 16000)).astype(np.float32)
    soundfile.write(str(data_paths.home / "recordings/take.wav"), tone, 16000)
    store.attempts.finish(attempt.id, TakeFacts("recordings/take.wav", 6000))
    own = {**dict.fromkeys(FACET_KEYS, 3), "empathy": 4, "warmth": 5}  # total 27 / 8
    store.ratings.save(attempt.id, sam.id, RatingInput(scores=own, reaction="too_hard"))

    window.set_profile(lee)
    window.show_page("review")
    page: ReviewPage = window.pages["review"]
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=10000)
    qtbot.waitUntil(lambda: page.waveform.waveform is not None, timeout=10000)
    assert page.waveform.duration_ms() == 6000
    assert clip.title in page.header.text()

    # Click the middle of the waveform: playback jumps there and the next comment is pinned to it.
    middle = QPoint(page.waveform.width() // 2, page.waveform.height() // 2)
    qtbot.mouseClick(page.waveform, Qt.MouseButton.LeftButton, pos=middle)
    pinned = page.comments.pinned_ms
    assert abs(pinned - 3000) < 100
    qtbot.keyClicks(page.comments.text, "Here your voice tightened")
    qtbot.keyClick(page.comments.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.comments.list.count() == 1, timeout=10000)
    (comment,) = store.ratings.comments(attempt.id)
    assert comment.offset_ms == pinned and comment.author_profile_id == lee.id
    assert page.waveform.pins == [pinned]

    for key in FACET_KEYS:  # all eight: empathy 2, the rest 3 (total 23 / 8)
        page.form.facets.groups[key].button(2 if key == "empathy" else 3).click()
    qtbot.keyClicks(page.form.corrective, "Name the frustration before explaining.")
    assert page.form.extra.isHidden()  # one point; a second needs a deliberate click
    page.form.add_second.click()
    assert not page.form.extra.isHidden()
    page.form.ask_again.setChecked(True)
    page.form.flush()
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
    supervisor = next(r for r in store.ratings.for_attempt(attempt.id) if r.rater_profile_id == lee.id)
    assert supervisor.rater_role == "supervisor" and supervisor.scores["empathy"] == 2
    assert supervisor.corrective_point == "Name the frustration before explaining." and supervisor.ask_again
    # Reviewed: it leaves the queue at once, stays open beside it, and is listed as reviewed.
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 0, timeout=10000)
    assert page.detail is not None and page.detail.attempt.id == attempt.id and page.form.isVisible()
    page.list.mode.setCurrentIndex(page.list.mode.findData("reviewed"))
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=10000)
    assert page.list.model.data(page.list.model.index(0, 5), Qt.ItemDataRole.DisplayRole) == "2.9"
    assert page.list.model.data(page.list.model.index(0, 4), Qt.ItemDataRole.DisplayRole) == "3.4"

    # The clinician: feedback beside their own rating, read-only, and "again" from here.
    window.set_profile(sam)
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=10000)
    qtbot.waitUntil(lambda: page.feedback.table.item(5, 2) is not None, timeout=10000)
    assert not page.form.isVisibleTo(page) and page.feedback.isVisibleTo(page)
    assert page.list.trainee.isHidden()  # no choosing other people's attempts
    empathy = [page.feedback.table.item(5, c).text() for c in range(4)]
    assert empathy == ["Empathy", "4", "2", "+2"]
    total = [page.feedback.table.item(8, c).text() for c in range(4)]
    assert total == ["Total (mean of all eight)", "3.4", "2.9", "+0.5"]
    assert "Name the frustration" in page.feedback.words.text() and "asks for another attempt" in (
        page.feedback.words.text()
    )
    # Calibration: one attempt rated whole by both, too few pairs to say anything yet.
    qtbot.waitUntil(lambda: "too few to say" in page.calibration.body.text(), timeout=10000)
    with pytest.raises(PermissionDeniedError):
        store.ratings.delete(supervisor.id, sam.id)
    with pytest.raises(PermissionDeniedError):
        store.ratings.delete_comment(comment.id, sam.id)
    page.feedback.again.click()
    assert window.current_page_key() == "rehearse"
    qtbot.waitUntil(lambda: window.pages["rehearse"].clip is not None, timeout=10000)
    assert window.pages["rehearse"].clip.id == clip.id


def test_a_missing_recording_is_explained_not_drawn(qtbot: QtBot, data_paths: DataPaths) -> None:
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.pages["library"].model.rowCount() == STARTER_CLIPS, timeout=15000)
    store = window.store
    assert store is not None
    sam = store.profiles.create("Sam", "clinician")
    lee = store.profiles.create("Dr Lee", "supervisor")
    attempt = store.attempts.begin(
        sam.id, window.pages["library"].model.clips[0].id, None, "recordings/gone.wav"
    )
    store.attempts.finish(attempt.id, TakeFacts("recordings/gone.wav", 4000))
    window.set_profile(lee)
    window.show_page("review")  # a hidden Review page loads its list when first shown
    page: ReviewPage = window.pages["review"]
    qtbot.waitUntil(lambda: "missing from the data folder" in page.waveform.message, timeout=10000)
    assert page.waveform.waveform is None


def test_the_queue_filters_by_trainee_and_exercise(qtbot: QtBot, data_paths: DataPaths) -> None:
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.pages["library"].model.rowCount() == STARTER_CLIPS, timeout=15000)
    store = window.store
    assert store is not None
    sam, kim = store.profiles.create("Sam", "clinician"), store.profiles.create("Kim", "clinician")
    lee = store.profiles.create("Dr Lee", "supervisor")
    clips = window.pages["library"].model.clips
    for who, clip in ((sam, clips[0]), (sam, clips[1]), (kim, clips[0])):
        attempt = store.attempts.begin(who.id, clip.id, None, "recordings/x.wav")
        store.attempts.finish(attempt.id, TakeFacts("recordings/x.wav", 4000))
    window.set_profile(lee)
    window.show_page("review")
    page: ReviewPage = window.pages["review"]
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 3, timeout=10000)
    qtbot.waitUntil(lambda: page.list.exercise.count() == 3, timeout=10000)  # all + the queue's two
    page.list.exercise.setCurrentIndex(page.list.exercise.findData(clips[0].title))
    qtbot.waitUntil(lambda: {r.exercise for r in page.list.rows} == {clips[0].title}, timeout=10000)
    assert page.list.model.rowCount() == 2  # storage filters the queue by exercise
    page.list.trainee.setCurrentIndex(page.list.trainee.findData(kim.id))
    qtbot.waitUntil(lambda: [r.trainee for r in page.list.rows] == ["Kim"], timeout=10000)
    assert page.list.exercise.currentData() == clips[0].title  # the exercise choice survives a reload
    page.list.exercise.setCurrentIndex(0)
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
    assert page.list.model.rowCount() == 1
