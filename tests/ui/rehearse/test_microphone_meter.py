"""The Rehearse level meter says what the microphone is doing: "ready" while the clip plays (armed),
"recording" during the reply, and it moves with the voice. Keys only, real PortAudio and libvlc."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from tests.support.fakemic import PulseMic
from tests.support.fakemic_plugin import FakeMic
from tests.support.keys import create_first_profile, press
from tests.support.starter import STARTER_CLIPS
from tests.ui.shell.test_app_shell import open_window
from ui.rehearse.page import RehearsePage


def test_the_meter_is_labelled_ready_while_the_clip_plays_then_recording(
    qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic, own_realtime_mic: PulseMic
) -> None:
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.ctx.settings.update(input_device_name=own_realtime_mic.device, response_window_s=15)
    qtbot.waitUntil(lambda: window.pages["library"].model.rowCount() == STARTER_CLIPS, timeout=15000)
    create_first_profile(qtbot, window, "Dana")
    press(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page: RehearsePage = window.pages["rehearse"]
    meter = page.view.meter
    assert not meter.isVisible()  # set-up: no meter

    press(window, Qt.Key.Key_Return)  # start the suggested session
    qtbot.waitUntil(lambda: page.state == "playing", timeout=15000)
    qtbot.waitUntil(lambda: meter.state_text() == "Microphone: ready", timeout=10000)
    assert page.state == "playing" and meter.isVisible() and page.level.isVisible()
    assert page.level.objectName() == "levelMeter"

    qtbot.waitUntil(lambda: page.state == "recording", timeout=30000)
    assert meter.state_text() == "Microphone: recording"
    speaking = own_realtime_mic.speak(fake_mic.source_wav)
    qtbot.waitUntil(lambda: page.level.value() > 30, timeout=5000)  # a voice fills a good part of it
    speaking.wait(15)
    press(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.state == "rating", timeout=10000)
    assert not meter.isVisible()  # its room goes to the rating
