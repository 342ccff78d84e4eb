"""Choosing the microphone, including the machine that has none."""

from __future__ import annotations

from pathlib import Path

import pytest

from media.recording.devices import NO_MICROPHONE_MESSAGE, list_input_devices, resolve_input_device
from media.recording.recorder import MicrophoneError, Recorder
from tests.support.fakemic import alsa_config, no_sound_server, write_no_mic_config
from tests.support.fakemic_plugin import FakeMic

pytestmark = pytest.mark.audio


def test_fake_mic_is_listed_and_a_default_exists(fake_mic: FakeMic) -> None:
    devices = list_input_devices()
    assert fake_mic.device in [d.name for d in devices]
    assert sum(d.is_default for d in devices) == 1
    assert all(d.channels > 0 and d.hostapi for d in devices)


def test_remembered_microphone_is_used_when_connected(fake_mic: FakeMic) -> None:
    choice = resolve_input_device(fake_mic.device)
    assert choice.device is not None and choice.device.name == fake_mic.device
    assert choice.message is None


def test_missing_remembered_microphone_falls_back_to_default_with_a_message(fake_mic: FakeMic) -> None:
    choice = resolve_input_device("USB Headset H390")
    assert choice.device is not None and choice.device.is_default
    assert choice.message is not None
    assert "The microphone you chose last time (USB Headset H390) is not connected" in choice.message


def test_no_microphone_at_all_gives_the_plain_message(fake_mic: FakeMic, tmp_path: Path) -> None:
    with no_sound_server(), alsa_config(write_no_mic_config(tmp_path / "nomic.conf")):
        assert list_input_devices() == []
        for remembered in (None, fake_mic.device):
            choice = resolve_input_device(remembered)
            assert choice.device is None and choice.message == NO_MICROPHONE_MESSAGE
        assert "The rest of Practice Room still works" in NO_MICROPHONE_MESSAGE
        with pytest.raises(MicrophoneError):
            Recorder(None).start_take(tmp_path / "take.wav", 5)
        assert not (tmp_path / "take.wav").exists() and not (tmp_path / "take.wav.partial").exists()
    assert fake_mic.device in [d.name for d in list_input_devices()]  # config restored
