"""The microphone check on real PortAudio: a live level from the real-time fake microphone, the
3-second test recorded with sound in it, plain words for silence and for a computer without a
microphone. Driven by keys sent to the dialog's window."""

from __future__ import annotations

import os
from pathlib import Path

import soundfile
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from app.settings import load_settings
from media.recording.devices import NO_MICROPHONE_MESSAGE
from media.recording.sound_check import heard, peak_of
from tests.support.fakemic import PulseMic, alsa_config, no_sound_server, write_no_mic_config
from tests.support.fakemic_plugin import FakeMic
from tests.support.keys import activate, create_first_profile, press
from tests.ui.shell.test_app_shell import open_window
from ui.microphone.microphone_dialog import (
    HEARD,
    NOTHING_HEARD,
    TEST_DONE,
    TEST_SECONDS,
    MicrophoneDialog,
)


def snapshot(dialog: MicrophoneDialog, name: str) -> None:
    """For a look (docs/microphone-*.png): PRACTICE_ROOM_SCREENSHOTS=<folder>."""
    if target := os.environ.get("PRACTICE_ROOM_SCREENSHOTS"):
        dialog.grab().save(str(Path(target) / f"microphone-{name}.png"))


def open_check(qtbot: QtBot, data_paths: DataPaths, device: str | None) -> MicrophoneDialog:
    window = open_window(qtbot, data_paths)
    create_first_profile(qtbot, window, "Dana")  # first run's own check is closed with Esc
    window.ctx.settings.update(input_device_name=device)
    dialog = window.choose_microphone()  # what File → Microphone does
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    activate(qtbot, dialog)
    return dialog


def test_silence_is_named_then_a_voice_moves_the_level_and_the_test_records_it(
    qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic, own_realtime_mic: PulseMic
) -> None:
    dialog = open_check(qtbot, data_paths, own_realtime_mic.device)
    qtbot.waitUntil(lambda: dialog.meter.state_text() == "Microphone: listening", timeout=10000)
    assert dialog.list.currentItem().data(Qt.ItemDataRole.UserRole) == own_realtime_mic.device
    # Nobody speaks: after a few seconds the dialog says so, in plain words.
    qtbot.waitUntil(lambda: dialog.hint.text() == NOTHING_HEARD, timeout=8000)
    assert dialog.meter.bar.value() == 0
    assert dialog.size().width() <= 1280 and dialog.size().height() <= 720

    seen: set[int] = set()
    dialog.meter.bar.valueChanged.connect(seen.add)
    speaking = own_realtime_mic.speak(fake_mic.source_wav)
    qtbot.waitUntil(lambda: len({v for v in seen if v > 0}) >= 5, timeout=8000)  # it moves with the voice
    assert dialog.hint.text() == HEARD
    snapshot(dialog, "hearing")
    speaking.wait(15)

    press(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # "Test: speak for 3 seconds"

    qtbot.waitUntil(lambda: dialog.meter.state_text() == "Microphone: recording", timeout=3000)
    speaking = own_realtime_mic.speak(fake_mic.source_wav)
    qtbot.waitUntil(lambda: dialog.test_take is not None, timeout=10000)
    take = dialog.test_take
    assert take is not None and take.stop_reason == "time_up"
    audio, rate = soundfile.read(str(take.path), dtype="int16")
    assert abs(len(audio) / rate - TEST_SECONDS) < 0.5  # 3 s and the short pre-roll
    assert heard(peak_of(take.path))  # the voice is in the file
    qtbot.waitUntil(lambda: dialog.test_peak is not None, timeout=15000)  # checked and played back
    speaking.wait(15)
    # Played on the fake null output; a machine without speakers gets a plain sentence instead.
    assert dialog.test_status.text() == TEST_DONE or "no speakers" in dialog.test_status.text()
    snapshot(dialog, "tested")
    qtbot.waitUntil(lambda: dialog.meter.state_text() == "Microphone: listening", timeout=10000)

    press(dialog, Qt.Key.Key_Return)  # keep this microphone
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    dialog.ctx.settings.flush()  # type: ignore[attr-defined]
    assert load_settings(data_paths.settings_file).input_device_name == own_realtime_mic.device
    qtbot.waitUntil(lambda: not take.path.exists(), timeout=10000)  # the private test is deleted


def test_a_silent_test_says_nothing_was_heard(
    qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic, own_realtime_mic: PulseMic
) -> None:
    dialog = open_check(qtbot, data_paths, own_realtime_mic.device)
    qtbot.waitUntil(dialog.test_button.isEnabled, timeout=10000)
    press(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.test_peak is not None, timeout=15000)
    assert dialog.test_status.text() == NOTHING_HEARD
    snapshot(dialog, "silent")
    press(dialog, Qt.Key.Key_Escape)  # closes without changing the choice
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


def test_without_a_microphone_it_says_so_plainly_and_enter_closes(
    qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic, tmp_path: Path
) -> None:
    with no_sound_server(), alsa_config(write_no_mic_config(tmp_path / "nomic.conf")):
        dialog = open_check(qtbot, data_paths, None)
        qtbot.waitUntil(lambda: dialog.message.text() == NO_MICROPHONE_MESSAGE, timeout=10000)
        assert dialog.list.count() == 0
        assert not dialog.test_button.isEnabled() and not dialog.save_button.isEnabled()
        assert dialog.meter.state_text() == "Microphone: none found"
        shown = " ".join(w.text() for w in (dialog.message, dialog.hint, dialog.test_status))
        snapshot(dialog, "none")
        assert "PortAudio" not in shown and "rate replies without recording" not in shown
        press(dialog, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
