"""Views never go stale (real window offscreen, real store): whatever writes announces what it
changed (ui/shell/data_changes.py) and each page reloads what it shows when it is next visible."""

from __future__ import annotations

import numpy as np
import soundfile
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.records import AttemptRecord, ProfileRecord, RatingInput, TakeFacts
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS
from tests.support.fakemic_plugin import FakeMic
from tests.support.keys import activate, create_first_profile, press
from tests.support.starter import STARTER_CLIPS
from tests.ui.shell.test_app_shell import open_window
from ui.library.page import LibraryPage
from ui.progress.page import ProgressPage
from ui.rehearse.page import RehearsePage
from ui.review.page import ReviewPage
from ui.shell.data_changes import ATTEMPTS, RATINGS, REVIEWS
from ui.shell.main_window import MainWindow

NOT_TRIED = "You haven't tried this one yet"


PAGE_KEYS = {
    "library": Qt.Key.Key_1,
    "rehearse": Qt.Key.Key_2,
    "review": Qt.Key.Key_3,
    "progress": Qt.Key.Key_4,
}


def go_to(qtbot: QtBot, window: MainWindow, key: str) -> None:
    """Ctrl+1…4 from the keyboard. Building a page the first time can leave the offscreen window
    inactive, and shortcuts only reach the active window: it is activated again, as a user would."""
    press(window, PAGE_KEYS[key], Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == key
    activate(qtbot, window)


def started_window(qtbot: QtBot, data_paths: DataPaths) -> tuple[MainWindow, PracticeStore]:
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.pages["library"].model.rowCount() == STARTER_CLIPS, timeout=15000)
    assert window.store is not None
    # First run asks who is practising; these tests choose the profile themselves.
    qtbot.waitUntil(
        lambda: window.profile_dialog is not None and window.profile_dialog.isVisible(), timeout=10000
    )
    assert window.profile_dialog is not None
    window.profile_dialog.reject()
    activate(qtbot, window)  # the page shortcuts (Ctrl+1…4) go to the active window
    return window, window.store


def with_microphone(qtbot: QtBot, data_paths: DataPaths, device: str) -> MainWindow:
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.pages["library"].model.rowCount() == STARTER_CLIPS, timeout=15000)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.ctx.settings.update(input_device_name=device, response_window_s=15)
    return window


def switch_profile(qtbot: QtBot, window: MainWindow, name: str) -> None:
    """File → Switch profile from the keyboard: Ctrl+Shift+P, arrows to the name, Enter."""
    press(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(
        lambda: window.profile_dialog is not None and window.profile_dialog.isVisible(), timeout=5000
    )
    dialog = window.profile_dialog
    assert dialog is not None
    activate(qtbot, dialog)
    for _ in range(dialog.list.count()):
        item = dialog.list.currentItem()
        if item is not None and item.text().startswith(name):
            break
        press(dialog, Qt.Key.Key_Down)
    press(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.profile is not None and window.profile.name == name, timeout=5000)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    activate(qtbot, window)


def reply_and_rate(qtbot: QtBot, window: MainWindow, page: RehearsePage) -> None:
    """Listen, answer, stop with Space, rate all eight facets and how it felt by number keys."""
    qtbot.waitUntil(lambda: page.state == "recording", timeout=30000)
    qtbot.wait(300)
    press(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.state == "rating", timeout=10000)
    for _ in FACET_KEYS:
        press(window, Qt.Key.Key_4)
    press(window, Qt.Key.Key_2)  # how it felt: a good challenge
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)


def finished_attempt(
    store: PracticeStore, who: ProfileRecord, clip_id: int, data_paths: DataPaths
) -> AttemptRecord:
    attempt = store.attempts.begin(who.id, clip_id, None, f"recordings/take-{who.id}-{clip_id}.wav")
    tone = (0.3 * np.sin(np.arange(16000 * 2) * 2 * np.pi * 220 / 16000)).astype(np.float32)
    soundfile.write(str(data_paths.home / (attempt.recording_path or "")), tone, 16000)
    store.attempts.finish(attempt.id, TakeFacts(attempt.recording_path or "", 2000))
    return store.attempts.get(attempt.id)


def test_switching_profile_shows_the_setup_not_the_last_persons_session(
    qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic
) -> None:
    window = with_microphone(qtbot, data_paths, fake_mic.device)
    create_first_profile(qtbot, window, "Dana")
    assert window.store is not None
    window.store.profiles.create("Kim", "clinician")
    go_to(qtbot, window, "rehearse")
    page: RehearsePage = window.pages["rehearse"]
    assert window.current_page_key() == "rehearse" and page.state == "setup"

    # Dana: one exercise, rated, finished: her summary is on screen.
    press(window, Qt.Key.Key_Return)  # the suggested session
    reply_and_rate(qtbot, window, page)
    press(window, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: page.state == "summary", timeout=10000)
    assert page.summary.isVisible() and page.summary.table.rowCount() == 1

    switch_profile(qtbot, window, "Kim")
    assert page.state == "setup" and page.setup.isVisible() and not page.summary.isVisible()

    # Kim mid-session (a rated take, not finished): switching ends it without a summary.
    press(window, Qt.Key.Key_Return)
    reply_and_rate(qtbot, window, page)
    kim_session = page.session
    assert kim_session is not None
    switch_profile(qtbot, window, "Dana")
    assert page.state == "setup" and page.setup.isVisible() and not page.summary.isVisible()
    qtbot.wait(300)  # a late summary for Kim must not appear either
    assert page.state == "setup" and not page.summary.isVisible()
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
    (take,) = window.store.attempts.for_session(kim_session.record.id)  # Kim's rated take is kept
    assert take.status == "complete" and window.store.ratings.for_attempt(take.id)


def test_library_history_follows_attempts_made_elsewhere(qtbot: QtBot, data_paths: DataPaths) -> None:
    window, store = started_window(qtbot, data_paths)
    me = store.profiles.create("Me", "clinician")
    window.set_profile(me)
    library: LibraryPage = window.pages["library"]
    clip = library.model.clips[0]
    qtbot.waitUntil(lambda: NOT_TRIED in library.history.text.text(), timeout=5000)

    # Hidden: nothing reloads until the Library is shown again, then its history is current.
    go_to(qtbot, window, "rehearse")  # Library hidden
    for _ in range(3):
        finished_attempt(store, me, clip.id, data_paths)
    window.ctx.changes.announce(ATTEMPTS)
    assert NOT_TRIED in library.history.text.text() and library.stale_watch.stale
    go_to(qtbot, window, "library")
    qtbot.waitUntil(lambda: "(3 attempts)" in library.history.text.text(), timeout=5000)
    assert NOT_TRIED not in library.history.text.text()
    assert library.selected_clip() is not None and library.selected_clip().id == clip.id  # still chosen

    # On screen: it updates at once, keeping a chosen exercise other than the first.
    library.table.selectRow(2)
    other = library.model.clips[2]
    qtbot.waitUntil(lambda: NOT_TRIED in library.history.text.text(), timeout=5000)
    attempt = finished_attempt(store, me, other.id, data_paths)
    store.ratings.save(attempt.id, me.id, RatingInput(scores={"empathy": 3}, reaction="too_easy"))
    window.ctx.changes.announce(ATTEMPTS, RATINGS)
    qtbot.waitUntil(lambda: "(1 attempt)" in library.history.text.text(), timeout=5000)
    assert "you 1 of 8" in library.history.text.text() and library.selected_clip().id == other.id


def test_library_history_after_practising_it_on_rehearse(
    qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic
) -> None:
    window = with_microphone(qtbot, data_paths, fake_mic.device)
    create_first_profile(qtbot, window, "Dana")
    library: LibraryPage = window.pages["library"]
    clip = library.selected_clip()
    assert clip is not None
    qtbot.waitUntil(lambda: NOT_TRIED in library.history.text.text(), timeout=5000)
    library.history.button.click()  # "Practise this exercise"
    page: RehearsePage = window.pages["rehearse"]
    assert window.current_page_key() == "rehearse"
    reply_and_rate(qtbot, window, page)
    assert page.clip is not None and page.clip.id == clip.id
    press(window, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: page.state == "summary", timeout=10000)
    go_to(qtbot, window, "library")
    qtbot.waitUntil(lambda: "(1 attempt)" in library.history.text.text(), timeout=5000)
    assert NOT_TRIED not in library.history.text.text() and "you 4.0" in library.history.text.text()


def review_world(
    qtbot: QtBot, data_paths: DataPaths
) -> tuple[MainWindow, PracticeStore, ProfileRecord, ProfileRecord, list[AttemptRecord]]:
    """Sam (clinician) made two self-rated attempts; Dr Lee supervises."""
    window, store = started_window(qtbot, data_paths)
    sam = store.profiles.create("Sam", "clinician")
    lee = store.profiles.create("Dr Lee", "supervisor")
    clips = window.pages["library"].model.clips
    made = [finished_attempt(store, sam, clip.id, data_paths) for clip in clips[:2]]
    for attempt in made:
        store.ratings.save(attempt.id, sam.id, RatingInput(scores={k: 4 for k in FACET_KEYS}))
    return window, store, sam, lee, made


def test_review_queue_and_calibration_follow_the_supervisors_rating(
    qtbot: QtBot, data_paths: DataPaths
) -> None:
    window, store, _sam, lee, made = review_world(qtbot, data_paths)
    window.set_profile(lee)
    go_to(qtbot, window, "review")
    page: ReviewPage = window.pages["review"]
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 2, timeout=10000)
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10000)
    assert page.detail is not None
    opened = page.detail.attempt.id
    # Blind review: no calibration while the open attempt lacks the supervisor's full rating.
    assert not page.calibration.isVisibleTo(page) and page.calibration.body.text() == ""

    page.form.facets.groups["empathy"].button(2).click()  # saved at once: reviewed
    # (4) It leaves "Waiting for review" at once; the supervisor stays on it to finish the review.
    qtbot.waitUntil(
        lambda: [r.attempt_id for r in page.list.rows] == [a.id for a in made if a.id != opened],
        timeout=10000,
    )
    assert page.detail is not None and page.detail.attempt.id == opened
    assert page.list.selected_attempt() is None
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
    assert not page.calibration.isVisibleTo(page)  # one facet of eight: still blind
    for key in FACET_KEYS:
        if key != "empathy":
            page.form.facets.groups[key].button(4).click()
    # (3) Calibration counts it once the rating is whole: Sam's self 4 against the supervisor's 2.
    qtbot.waitUntil(lambda: "too few to say" in page.calibration.body.text(), timeout=10000)
    assert page.calibration.isVisibleTo(page)
    assert "1 attempt rated by both so far: too few to say" in page.calibration.body.text()
    qtbot.keyClicks(page.form.corrective, "Name the feeling first.")  # the form still holds this attempt
    page.form.flush()
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
    (given,) = [r for r in store.ratings.for_attempt(opened) if r.rater_profile_id == lee.id]
    assert given.corrective_point == "Name the feeling first." and given.scores["empathy"] == 2


def test_trainee_calibration_and_feedback_update_when_a_review_arrives(
    qtbot: QtBot, data_paths: DataPaths
) -> None:
    window, store, sam, lee, made = review_world(qtbot, data_paths)
    window.set_profile(sam)
    go_to(qtbot, window, "review")
    page: ReviewPage = window.pages["review"]
    page.list.mode.setCurrentIndex(page.list.mode.findData("queue"))
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 2 and page.detail is not None, timeout=10000)
    qtbot.waitUntil(
        lambda: "No attempt has been rated by both you and a supervisor" in page.calibration.body.text(),
        timeout=10000,
    )
    assert page.detail is not None
    opened = page.detail.attempt.id
    # A feedback bundle brings the supervisor's rating of the open attempt (stored, then announced).
    store.ratings.save(
        opened, lee.id, RatingInput(scores={k: 3 for k in FACET_KEYS}, corrective_point="Slow down.")
    )
    window.bundles_imported.emit()
    qtbot.waitUntil(
        lambda: "No attempt has been rated by both" not in page.calibration.body.text(), timeout=10000
    )
    assert "1 attempt rated by both so far: too few to say" in page.calibration.body.text()
    qtbot.waitUntil(
        lambda: [r.attempt_id for r in page.list.rows] == [a.id for a in made if a.id != opened],
        timeout=10000,
    )
    qtbot.waitUntil(lambda: "Slow down." in page.feedback.words.text(), timeout=10000)


def test_hidden_review_reloads_when_shown(qtbot: QtBot, data_paths: DataPaths) -> None:
    window, store, sam, lee, made = review_world(qtbot, data_paths)
    window.set_profile(lee)
    go_to(qtbot, window, "review")
    page: ReviewPage = window.pages["review"]
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 2, timeout=10000)
    go_to(qtbot, window, "library")
    store.ratings.save(made[0].id, lee.id, RatingInput(scores={"empathy": 3}))
    window.ctx.changes.announce(RATINGS, REVIEWS)
    qtbot.wait(100)
    assert page.list.model.rowCount() == 2 and page.stale_watch.stale  # hidden: not reloaded yet
    go_to(qtbot, window, "review")
    qtbot.waitUntil(lambda: [r.attempt_id for r in page.list.rows] == [made[1].id], timeout=10000)


def test_trainees_review_panel_opens_at_the_top(qtbot: QtBot, data_paths: DataPaths) -> None:
    window, store, _sam, lee, made = review_world(qtbot, data_paths)
    for attempt in made:
        store.ratings.save(
            attempt.id, lee.id, RatingInput(scores={k: 3 for k in FACET_KEYS}, went_well="Warm.")
        )
    # The supervisor scrolled down to write a point on Sam's attempt…
    window.set_profile(lee)
    go_to(qtbot, window, "review")
    page: ReviewPage = window.pages["review"]
    page.list.mode.setCurrentIndex(page.list.mode.findData("reviewed"))
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 2 and page.detail is not None, timeout=10000)
    bar = page.detail_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5000)
    bar.setValue(bar.maximum())
    # …then Sam sits down: the feedback opens at its top, not where the supervisor left it.
    switch_profile(qtbot, window, "Sam")
    qtbot.waitUntil(
        lambda: page.detail is not None and page.feedback.table.item(0, 1) is not None, timeout=10000
    )
    qtbot.waitUntil(lambda: "rated by both so far" in page.calibration.body.text(), timeout=10000)
    assert bar.maximum() > 0, "the detail is taller than the window: otherwise this proves nothing"
    assert bar.value() == 0
    # Scrolled down in one attempt, the next one opens at its top again.
    bar.setValue(bar.maximum())
    page.list.table.selectRow(1)
    second = page.list.rows[1].attempt_id
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.attempt.id == second, timeout=10000)
    assert bar.value() == 0


def test_hidden_progress_counts_new_attempts_when_shown(qtbot: QtBot, data_paths: DataPaths) -> None:
    window, store = started_window(qtbot, data_paths)
    me = store.profiles.create("Me", "clinician")
    window.set_profile(me)
    go_to(qtbot, window, "progress")
    page: ProgressPage = window.pages["progress"]
    qtbot.waitUntil(lambda: page.data is not None and page.empty_state.isVisible(), timeout=15000)
    go_to(qtbot, window, "library")
    clip = window.pages["library"].model.clips[0]
    for _ in range(2):
        attempt = finished_attempt(store, me, clip.id, data_paths)
        store.ratings.save(attempt.id, me.id, RatingInput(scores={"empathy": 3}, reaction="too_easy"))
    window.ctx.changes.announce(ATTEMPTS, RATINGS)
    assert page.stale_watch.stale
    with qtbot.waitSignal(page.loaded, timeout=15000):
        go_to(qtbot, window, "progress")
    assert page.summary.values["Attempts"].text() == "2" and not page.empty_state.isVisible()


def test_a_session_begun_just_before_a_switch_does_not_start_for_the_next_person(
    qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic
) -> None:
    window = with_microphone(qtbot, data_paths, fake_mic.device)
    create_first_profile(qtbot, window, "Dana")
    assert window.store is not None
    kim = window.store.profiles.create("Kim", "clinician")
    go_to(qtbot, window, "rehearse")
    page: RehearsePage = window.pages["rehearse"]
    press(window, Qt.Key.Key_Return)  # Dana's session is being written on the worker…
    window.set_profile(kim)  # …when Kim takes over, before its answer arrives
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
    qtbot.wait(200)
    assert page.state == "setup" and page.session is None and page.clip is None
    assert window.store.attempts.for_profile(kim.id) == []
