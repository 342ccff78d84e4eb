"""The microphone check's audio work: loudness of a test take, and playback that fails in plain
words on a computer with nothing to play on."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import soundfile

from media.recording.sound_check import PlaybackUnavailableError, heard, peak_of, play_file
from tests.support.fakemic import alsa_config, no_sound_server
from tests.support.fakemic_plugin import FakeMic

pytestmark = pytest.mark.audio


def write_wav(path: Path, samples: np.ndarray) -> Path:
    soundfile.write(str(path), samples.astype(np.int16), 48_000, subtype="PCM_16")
    return path


def test_silence_is_not_heard_and_a_voice_is(tmp_path: Path, fake_mic: FakeMic) -> None:
    silent = write_wav(tmp_path / "silent.wav", np.zeros(48_000))
    hiss = write_wav(tmp_path / "hiss.wav", np.random.default_rng(1).integers(-40, 40, 48_000))
    voice = write_wav(tmp_path / "voice.wav", fake_mic.samples)
    assert peak_of(silent) == 0.0 and not heard(peak_of(silent))
    assert not heard(peak_of(hiss))  # a muted input's noise floor is not a voice
    assert heard(peak_of(voice))
    assert peak_of(voice) == pytest.approx(np.abs(fake_mic.samples.astype(np.int32)).max() / 32768)


def test_playback_on_the_default_output(tmp_path: Path, fake_mic: FakeMic) -> None:
    short = write_wav(tmp_path / "short.wav", fake_mic.samples[:4800])
    started = time.monotonic()
    play_file(short, margin_s=2.0)  # the fake config's default output is a null sink: no error
    length_s = 4800 / fake_mic.samplerate
    assert time.monotonic() - started < length_s + 2.0 + 1.0  # never holds the worker past its length


def test_no_output_device_gives_a_plain_message(tmp_path: Path, fake_mic: FakeMic) -> None:
    conf = tmp_path / "nothing.conf"
    conf.write_text('pcm.!default { type hw card 99 }\n')  # no such card: nothing to play on
    short = write_wav(tmp_path / "short.wav", fake_mic.samples[:4800])
    with no_sound_server(), alsa_config(conf), pytest.raises(PlaybackUnavailableError) as caught:
        play_file(short)
    assert "no speakers or headphones" in str(caught.value)
    assert "PortAudio" not in str(caught.value) and "rror" not in str(caught.value)
