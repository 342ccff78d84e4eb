"""One rehearsal on the real stack: libvlc plays a starter clip, the fake microphone answers,
the attempt, its recording and the self-rating end up in the SQLite file."""

from __future__ import annotations

from pathlib import Path

import soundfile
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from tests.support.fakemic import alsa_config, no_sound_server, write_no_mic_config
from tests.support.fakemic_plugin import FakeMic
from tests.support.starter import STARTER_CLIPS
from tests.ui.shell.test_app_shell import open_window


def test_play_record_rate_and_again(qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic) -> None:
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.ctx.settings.update(input_device_name=fake_mic.device, response_window_s=15)
    library, page = window.pages["library"], window.pages["rehearse"]
    qtbot.waitUntil(lambda: library.model.rowCount() == STARTER_CLIPS, timeout=15000)
    assert window.store is not None
    me = window.store.profiles.create("Dana", "clinician")
    window.set_profile(me)
    clip = min(library.model.clips, key=lambda c: c.duration_ms or 0)
    window.practise_clip(clip)
    assert window.current_page_key() == "rehearse"
    qtbot.waitUntil(lambda: page.state == "playing", timeout=10000)
    qtbot.waitUntil(lambda: page.state == "recording", timeout=30000)  # the clip played to its end
    qtbot.waitUntil(lambda: page.level.value() > 0 or page.state == "rating", timeout=5000)
    qtbot.wait(300)
    page.stop_recording()
    qtbot.waitUntil(lambda: page.state == "rating", timeout=10000)
    qtbot.waitUntil(lambda: page.attempt is not None and page.attempt.status == "complete", timeout=10000)
    attempt = page.attempt
    assert attempt is not None and attempt.recording_path is not None
    audio, rate = soundfile.read(str(data_paths.home / attempt.recording_path), dtype="int16")
    assert len(audio) > 0 and attempt.duration_ms == round(len(audio) / rate * 1000)
    page.form.groups["empathy"].button(4).click()
    page.form.groups["warmth"].button(3).click()
    page.form.reaction_buttons["too_hard"].click()
    assert page.care_note.isVisible()
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=5000)
    ratings = window.store.ratings.for_attempt(attempt.id)
    assert len(ratings) == 1 and ratings[0].rater_role == "self"
    assert ratings[0].scores["empathy"] == 4 and ratings[0].scores["warmth"] == 3
    assert ratings[0].reaction == "too_hard"
    page.again_button.click()  # Again: same clip, a new attempt, the first one kept
    qtbot.waitUntil(lambda: page.attempt is not None and page.attempt.id != attempt.id, timeout=10000)
    attempts = window.store.attempts.for_clip(me.id, clip.id)
    assert len(attempts) == 2 and attempt.id in {a.id for a in attempts}


def test_without_a_microphone_the_clip_still_plays_and_says_why(
    qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic, tmp_path: Path
) -> None:
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    library, page = window.pages["library"], window.pages["rehearse"]
    qtbot.waitUntil(lambda: library.model.rowCount() == STARTER_CLIPS, timeout=15000)
    assert window.store is not None
    me = window.store.profiles.create("Dana", "clinician")
    window.set_profile(me)
    clip = min(library.model.clips, key=lambda c: c.duration_ms or 0)
    with no_sound_server(), alsa_config(write_no_mic_config(tmp_path / "nomic.conf")):
        window.practise_clip(clip)
        qtbot.waitUntil(lambda: page.state == "idle", timeout=30000)
        qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=5000)
    assert "Without a microphone nothing was recorded" in page.status.text()
    assert window.store.attempts.unfinished() == []  # no attempt left waiting for a recording
    # The words and the screen agree: nothing to rate, the example reply to read, Again and Next.
    assert "nothing to rate" in page.status.text()
    assert not page.form.isEnabled()
    assert page.view.guidance.isVisible()
    assert page.again_button.isEnabled() and page.next_button.isEnabled()
    assert page.view.meter.state_text() == "Microphone: off" and not page.view.meter.isVisible()
