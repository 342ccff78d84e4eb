"""pytest fixtures for the fake microphones. Load with
`pytest_plugins = ["tests.support.fakemic_plugin"]` in the root conftest."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from tests.support.fakemic import (
    SAMPLERATE,
    SENTENCE,
    PulseMic,
    alsa_config,
    rescan_portaudio,
    synthesize,
    wav_to_raw,
    write_fakemic_config,
)


@dataclass(frozen=True)
class FakeMic:
    source_wav: Path  # what the microphone "hears"
    raw_path: Path
    samples: np.ndarray  # int16, exactly what capture returns before the near-silence
    samplerate: int
    device: str  # PortAudio device name (also the ALSA default capture device)
    alsa_config: Path


@pytest.fixture(scope="session")
def fake_mic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeMic]:
    """ALSA file-plugin microphone playing a spoken sentence, active for the whole session."""
    if not (shutil.which("sox") and (shutil.which("espeak-ng") or shutil.which("flite"))):
        pytest.skip("sox and espeak-ng (or flite) are needed for the fake microphone")
    folder = tmp_path_factory.mktemp("fakemic")
    wav = synthesize(SENTENCE, folder / "sentence.wav")
    raw = folder / "sentence.raw"
    samples = wav_to_raw(wav, raw)
    conf = write_fakemic_config(folder / "fakemic.conf", raw)
    with alsa_config(conf):
        yield FakeMic(wav, raw, samples, SAMPLERATE, "fakemic", conf)


@pytest.fixture(scope="session")
def realtime_mic(fake_mic: FakeMic) -> Iterator[PulseMic]:
    """A PulseAudio null-sink microphone (real time); PortAudio device "pulse"."""
    if not (shutil.which("pulseaudio") and shutil.which("pacat")):
        pytest.skip("pulseaudio and pulseaudio-utils are needed for the real-time fake microphone")
    mic = PulseMic().start()
    rescan_portaudio()  # the ALSA "pulse" device only lists while a server answers
    try:
        yield mic
    finally:
        mic.stop()
        rescan_portaudio()


@pytest.fixture
def own_realtime_mic(realtime_mic: PulseMic) -> Iterator[PulseMic]:
    """A fresh PulseAudio microphone for this test alone, for tests that judge what it hears.
    In a long session the shared one has been heard as silence after earlier tests (not yet
    understood); a daemon of the test's own rules that out. The shared one is back afterwards."""
    mic = PulseMic().start()
    rescan_portaudio()
    try:
        yield mic
    finally:
        mic.stop()
        rescan_portaudio()
