"""Taking the assessment by keys on the real stack: libvlc plays each clip once, the fake
microphone answers, the takes and the sitting end up in the SQLite file. A second sitting is
stopped midway with Esc: the replies so far are kept and the sitting is marked incomplete."""

from __future__ import annotations

import os
import shutil
import stat

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from app.startup.starter_library import pack_folder
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.records import NewClip
from practice_db.store import PracticeStore
from tests.support.fakemic_plugin import FakeMic
from tests.support.keys import activate, press
from tests.support.starter import STARTER_CLIPS
from tests.support.taking_world import make_set, shortest_clips
from tests.ui.shell.test_app_shell import open_window
from ui.assessment.page import AssessmentPage
from ui.assessment.taking import TakingPanel
from ui.shell.main_window import MainWindow

SHOTS = os.environ.get("ATAKING_SHOTS")  # a folder: save the screens there to look at them


def shot(window: MainWindow, name: str) -> None:
    if SHOTS:
        window.grab().save(os.path.join(SHOTS, f"ataking-{name}.png"))


class Sitting:
    def __init__(self, qtbot: QtBot, window: MainWindow) -> None:
        self.qtbot, self.window = qtbot, window
        self.played: list[object] = []

    @property
    def store(self) -> PracticeStore:
        assert self.window.store is not None
        return self.window.store

    @property
    def taking(self) -> TakingPanel:
        page = self.window.pages["assessment"]
        assert isinstance(page, AssessmentPage)
        return page.taking

    def idle(self) -> None:
        self.qtbot.waitUntil(lambda: self.window.ctx.tasks.pending == 0, timeout=10000)

    def open(self) -> None:
        activate(self.qtbot, self.window)
        press(self.window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
        assert self.window.current_page_key() == "assessment"
        activate(self.qtbot, self.window)  # building the page can leave the window inactive
        self.qtbot.waitUntil(lambda: self.taking.intro.begin_button.isEnabled(), timeout=10000)
        assert self.window.playback is not None
        self.window.playback.started.connect(lambda: self.played.append(self.taking.position))

    def reply(self, seconds: float = 1.0) -> None:
        self.qtbot.waitUntil(lambda: self.taking.state == "recording", timeout=40000)
        self.qtbot.wait(int(seconds * 1000))
        press(self.window, Qt.Key.Key_Space)
        self.qtbot.waitUntil(lambda: self.taking.state != "recording", timeout=10000)


def start(qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic) -> tuple[Sitting, int, list[int]]:
    window = open_window(qtbot, data_paths)
    window.resize(1280, 720)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.ctx.settings.update(input_device_name=fake_mic.device, response_window_s=15)
    library = window.pages["library"]
    qtbot.waitUntil(lambda: library.model.rowCount() == STARTER_CLIPS, timeout=15000)
    assert window.store is not None
    # First run asks who is practising; these tests choose the profile themselves.
    qtbot.waitUntil(
        lambda: window.profile_dialog is not None and window.profile_dialog.isVisible(), timeout=10000
    )
    assert window.profile_dialog is not None
    window.profile_dialog.reject()
    me = window.store.profiles.create("Dana", "clinician")
    window.set_profile(me)
    clips = shortest_clips(window.store, 3)
    set_id = make_set(window.store, clips)
    sitting = Sitting(qtbot, window)
    sitting.open()
    return sitting, set_id, clips


def test_a_whole_sitting_by_keys(qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic) -> None:
    s, set_id, clips = start(qtbot, data_paths, fake_mic)
    taking, window = s.taking, s.window
    intro = taking.intro.text.text()
    assert "3 short clips" in intro and "once" in intro and "Esc" in intro and "up to 15 seconds" in intro
    assert taking.intro.occasion.currentData() == "baseline"
    shot(window, "intro")
    press(window, Qt.Key.Key_Return)
    s.qtbot.waitUntil(lambda: taking.state == "playing", timeout=10000)
    assert taking.panel.progress.text() == "Clip 1 of 3"
    shot(window, "playing")
    press(window, Qt.Key.Key_P)  # asked during the clip: pause once this reply is over
    assert taking.pause_after
    s.reply()
    assert taking.state == "paused"
    s.idle()
    s.qtbot.wait(taking.gap.interval() + 500)  # the next clip does not start by itself
    assert taking.state == "paused" and s.played == [0]
    shot(window, "paused")
    sitting_id = taking.sitting.id if taking.sitting else -1
    takes = s.store.assessment_sittings.takes(sitting_id)
    assert [(t.position, t.status) for t in takes] == [(0, "complete")]
    press(window, Qt.Key.Key_P)  # go on
    s.qtbot.waitUntil(lambda: taking.state == "playing", timeout=10000)
    assert taking.panel.progress.text() == "Clip 2 of 3"
    s.reply()
    assert taking.state == "between"  # then the third clip follows by itself
    s.reply()
    s.qtbot.waitUntil(lambda: taking.end.rating_box.isVisible(), timeout=10000)
    s.idle()
    assert s.played == [0, 1, 2]  # each clip played once, nothing replayed
    sittings = s.store.assessment_sittings.for_profile(window.profile.id if window.profile else -1)
    assert len(sittings) == 1
    done = sittings[0]
    assert (done.assessment.status, done.assessment.occasion, done.assessment.set_id) == (
        "complete",
        "baseline",
        set_id,
    )
    assert done.assessment.ended_at is not None
    assert [(t.position, t.clip_id, t.status) for t in done.takes] == [
        (i, c, "complete") for i, c in enumerate(clips)
    ]
    for take in done.takes:
        path = data_paths.home / (take.recording_path or "")
        assert path.parent == data_paths.recordings and path.stem == take.uuid
        assert path.stat().st_size > 44 and stat.S_IMODE(path.stat().st_mode) == 0o600
        assert take.duration_ms is not None and take.duration_ms > 500
        assert take.speaking_ms is not None  # speech timing ran, as in practice
    assert "complete" in taking.end.heading.text()
    assert s.store.assessment_sittings.self_ratings(done.assessment.id, done.assessment.profile_id) == []
    shot(window, "end")
    # Afterwards, optionally, the clinician rates themselves: digits down the facets, N to the next.
    for digit in (Qt.Key.Key_4, Qt.Key.Key_3):
        press(window, digit)
    press(window, Qt.Key.Key_N)
    press(window, Qt.Key.Key_5)
    s.idle()
    rated = s.store.assessment_sittings.self_ratings(done.assessment.id, done.assessment.profile_id)
    assert [r.take_id for r in rated] == [done.takes[0].id, done.takes[1].id]
    assert all(r.rater_role == "self" for r in rated)
    assert (rated[0].scores["verbal_fluency"], rated[0].scores["hope"]) == (4, 3)
    assert rated[1].scores["verbal_fluency"] == 5
    # Back to the first reply: its scores are shown again, and a change keeps the others.
    press(window, Qt.Key.Key_B)
    assert taking.end.form.groups["hope"].checkedId() == 3
    press(window, Qt.Key.Key_Down)
    press(window, Qt.Key.Key_Down)
    press(window, Qt.Key.Key_2)  # persuasiveness
    s.idle()
    first = s.store.assessment_sittings.self_ratings(done.assessment.id, done.assessment.profile_id)[0]
    assert (first.scores["verbal_fluency"], first.scores["hope"], first.scores["persuasiveness"]) == (4, 3, 2)
    press(window, Qt.Key.Key_Return)  # back to the start: the next sitting is a follow-up
    s.qtbot.waitUntil(lambda: taking.state == "intro", timeout=5000)
    s.qtbot.waitUntil(lambda: taking.intro.occasion.currentData() == "follow_up", timeout=10000)


def test_esc_midway_keeps_the_takes_and_marks_the_sitting_incomplete(
    qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic
) -> None:
    s, _set_id, clips = start(qtbot, data_paths, fake_mic)
    taking, window = s.taking, s.window
    press(window, Qt.Key.Key_Return)
    s.reply()
    s.qtbot.waitUntil(lambda: taking.state == "recording", timeout=40000)  # the second reply
    s.qtbot.wait(800)
    press(window, Qt.Key.Key_Escape)  # stops at once; what was said is kept
    s.qtbot.waitUntil(lambda: taking.state == "done", timeout=10000)
    s.qtbot.waitUntil(lambda: "stopped" in taking.end.heading.text(), timeout=10000)
    s.idle()
    assert "2 of 3 replies" in taking.end.summary.text() and "incomplete" in taking.end.summary.text()
    assert s.played == [0, 1]
    (sitting,) = s.store.assessment_sittings.for_profile(window.profile.id if window.profile else -1)
    assert sitting.assessment.status == "incomplete" and sitting.assessment.ended_at is not None
    assert [(t.clip_id, t.status) for t in sitting.takes] == [(clips[0], "complete"), (clips[1], "complete")]
    assert all((data_paths.home / (t.recording_path or "")).exists() for t in sitting.takes)
    assert s.store.assessment_sittings.unfinished_takes() == []
    # Esc during a clip (before any reply) stops too; that take is kept as "no reply".
    press(window, Qt.Key.Key_Return)
    s.qtbot.waitUntil(lambda: taking.state == "intro", timeout=5000)
    s.qtbot.waitUntil(lambda: taking.intro.begin_button.isEnabled(), timeout=10000)
    assert taking.intro.occasion.currentData() == "baseline"  # no complete sitting yet
    press(window, Qt.Key.Key_Return)
    s.qtbot.waitUntil(lambda: taking.state == "playing", timeout=10000)
    s.idle()
    press(window, Qt.Key.Key_Escape)
    s.qtbot.waitUntil(lambda: "stopped" in taking.end.heading.text(), timeout=10000)
    s.idle()
    second = s.store.assessment_sittings.for_profile(window.profile.id if window.profile else -1)[1]
    assert second.assessment.status == "incomplete"
    assert [t.status for t in second.takes] == ["no_reply"]
    assert not taking.end.rating_box.isVisible()  # nothing recorded: nothing to rate
    assert s.store.assessment_sittings.unfinished_takes() == []


def test_a_video_clip_borrows_the_player_surface_and_gives_it_back(
    qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic
) -> None:
    s, _set_id, _clips = start(qtbot, data_paths, fake_mic)
    window, taking = s.window, s.taking
    rehearse = window.pages["rehearse"]  # built: its video view holds the player
    assert rehearse.video.controller() is window.playback
    shutil.copy(pack_folder() / "hostile-3.mp4", data_paths.clips / "video.mp4")
    video = s.store.clips.add(
        NewClip("A video clip", "hostile", 3, "clips/video.mp4", "video-hash", statement="Say something.")
    )
    make_set(s.store, [video.id], name="Video set")
    taking.back_to_intro()
    qtbot.waitUntil(lambda: taking.intro.set_choice.count() == 2, timeout=10000)
    taking.intro.set_choice.setCurrentIndex(1)
    activate(qtbot, window)
    press(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: taking.state == "playing", timeout=10000)
    assert not taking.video.is_caption_shown() and taking.video.controller() is window.playback
    press(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: taking.state == "done", timeout=10000)
    assert taking.video.controller() is None and rehearse.video.controller() is window.playback
    s.idle()
