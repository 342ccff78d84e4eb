"""A take in which the microphone hears no voice (the file microphone has long finished its
sentence when the clip ends, and gives only its faint hiss), driven by keys sent to the window:
the take is kept, and the page says that no voice was heard instead of showing timings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from tests.support.fakemic_plugin import FakeMic
from tests.support.keys import activate, press
from tests.support.starter import STARTER_CLIPS
from tests.ui.shell.test_app_shell import open_window
from ui.rehearse.page import SAVED_NO_VOICE


def test_a_take_without_a_voice_says_so(qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic) -> None:
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.ctx.settings.update(input_device_name=fake_mic.device, response_window_s=15)
    library, page = window.pages["library"], window.pages["rehearse"]
    qtbot.waitUntil(lambda: library.model.rowCount() == STARTER_CLIPS, timeout=15000)
    assert window.store is not None
    window.set_profile(window.store.profiles.create("Dana", "clinician"))
    activate(qtbot, window)
    window.practise_clip(min(library.model.clips, key=lambda c: c.duration_ms or 0))
    qtbot.waitUntil(lambda: page.state == "recording", timeout=40000)
    qtbot.wait(2000)
    press(window, Qt.Key.Key_Space)  # stop recording
    qtbot.waitUntil(lambda: page.state == "rating", timeout=10000)
    qtbot.waitUntil(lambda: page.attempt is not None and page.attempt.status == "complete", timeout=10000)
    attempt = page.attempt
    assert attempt is not None and attempt.no_speech and attempt.pause_count is None
    assert (attempt.duration_ms or 0) >= 1500  # the take itself is kept whole
    qtbot.waitUntil(lambda: page.status.text() == SAVED_NO_VOICE, timeout=5000)
    window.grab().save("/tmp/timing-rehearse-no-voice.png")
