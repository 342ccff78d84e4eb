"""A practice session driven only by keys sent to the window, take after take: clip, record,
stop, listen, seek, rate eight facets, check in, a note (where A, N and F are letters), Next
from the note, Esc and Undo, Again, Next, Finish. What is stored is checked after each step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.records import RatingRecord
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS
from tests.support.fakemic import PulseMic
from tests.support.keys import create_first_profile, press, type_text
from tests.support.starter import STARTER_CLIPS
from tests.ui.shell.test_app_shell import open_window
from ui.rehearse.page import RehearsePage
from ui.shell.main_window import MainWindow

CHECK_IN = {"too_easy": Qt.Key.Key_1, "good_challenge": Qt.Key.Key_2, "too_hard": Qt.Key.Key_3}


def digit(n: int) -> Qt.Key:
    return Qt.Key(Qt.Key.Key_0.value + n)


class Day:
    def __init__(self, qtbot: QtBot, window: MainWindow, page: RehearsePage) -> None:
        self.qtbot, self.window, self.page = qtbot, window, page

    @property
    def store(self) -> PracticeStore:
        assert self.window.store is not None
        return self.window.store

    def idle(self) -> None:
        self.qtbot.waitUntil(lambda: self.window.ctx.tasks.pending == 0, timeout=10000)

    def reply(self, seconds: float = 1.0) -> int:
        """Wait for the clip to end and the recording to start, speak, stop with Space."""
        self.qtbot.waitUntil(lambda: self.page.state == "recording", timeout=40000)
        self.qtbot.wait(int(seconds * 1000))
        press(self.window, Qt.Key.Key_Space)
        self.qtbot.waitUntil(lambda: self.page.state == "rating", timeout=10000)
        self.idle()
        attempt = self.page.attempt
        assert attempt is not None
        self.qtbot.waitUntil(lambda: self.store.attempts.get(attempt.id).status == "complete", timeout=10000)
        return attempt.id

    def rate(self, scores: list[int], check_in: str) -> None:
        for score in scores:
            press(self.window, digit(score))
        press(self.window, CHECK_IN[check_in])
        self.idle()

    def self_rating(self, attempt_id: int) -> RatingRecord:
        (rating,) = [r for r in self.store.ratings.for_attempt(attempt_id) if r.rater_role == "self"]
        return rating


def test_a_whole_session_from_the_keyboard(
    qtbot: QtBot, data_paths: DataPaths, realtime_mic: PulseMic
) -> None:
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.ctx.settings.update(input_device_name=realtime_mic.device, response_window_s=60)
    qtbot.waitUntil(lambda: window.pages["library"].model.rowCount() == STARTER_CLIPS, timeout=15000)
    create_first_profile(qtbot, window, "Dana")
    press(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page: RehearsePage = window.pages["rehearse"]
    day = Day(qtbot, window, page)
    press(window, Qt.Key.Key_Return)  # a suggested session of five

    # 1: record, listen, seek, rate, check in, a note, Next from the note.
    first = day.reply(seconds=6.5)
    press(window, Qt.Key.Key_Space)  # listen back
    qtbot.waitUntil(lambda: page.playback is not None and page.playback.position_ms() > 0, timeout=5000)
    press(window, Qt.Key.Key_Space)  # pause
    assert page.playback is not None
    paused = page.playback.position_ms()
    press(window, Qt.Key.Key_Right)
    qtbot.waitUntil(
        lambda: page.playback is not None and page.playback.position_ms() >= paused + 4000, timeout=5000
    )
    day.rate([4, 3, 4, 3, 4, 3, 4, 3], "good_challenge")
    assert [day.self_rating(first).scores[k] for k in FACET_KEYS] == [4, 3, 4, 3, 4, 3, 4, 3]
    press(window, Qt.Key.Key_Tab)  # past the criteria (judged in test_criteria_rating.py)...
    assert page.view.criteria.hasFocus()
    press(window, Qt.Key.Key_Tab)  # ...into the note
    assert page.form.note.hasFocus()
    type_text(window, "Slow down and name it. Fine.")  # N, A and F here are letters
    day.idle()
    assert day.self_rating(first).note == "Slow down and name it. Fine."
    assert page.state == "rating" and page.attempt is not None and page.attempt.id == first
    press(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Next, from the note

    # 2: Esc throws the take away, Ctrl+Z brings it back; rate; Again.
    second = day.reply()
    press(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.state == "discarded", timeout=5000)
    day.idle()
    assert day.store.attempts.get(second).status == "discarded"
    press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.state == "rating", timeout=5000)
    day.idle()
    assert day.store.attempts.get(second).status == "complete"
    day.rate([3] * 8, "too_hard")
    assert day.self_rating(second).reaction == "too_hard"
    second_clip = page.clip
    press(window, Qt.Key.Key_A)  # again, same exercise

    # 3: the same exercise again, then Next; 4: one more, then Finish.
    third = day.reply()
    assert page.clip == second_clip and third != second
    day.rate([4] * 8, "good_challenge")
    press(window, Qt.Key.Key_N)
    fourth = day.reply()
    day.rate([5] * 8, "too_easy")
    press(window, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: page.state == "summary", timeout=10000)
    assert page.summary.table.rowCount() == 4
    day.idle()
    kept = {a.id for a in day.store.attempts.for_profile(day.self_rating(first).rater_profile_id)}
    assert {first, second, third, fourth} <= kept
    press(window, Qt.Key.Key_Return)  # a new session from the summary
    qtbot.waitUntil(lambda: page.state == "setup", timeout=5000)
