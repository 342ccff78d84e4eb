"""The microphone check's audio work, Qt-free: was anything heard, and play a test recording back
through the default output. Both block, so the caller runs them on a worker thread."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Final

import numpy as np
import soundfile

# Peak (0..1) below which we say nothing was heard: about -46 dBFS. A muted or unplugged input
# gives zero or hiss far below it; a voice at arm's length peaks well above it.
HEARD_PEAK: Final = 0.005


class PlaybackUnavailableError(Exception):
    """The recording could not be played; the message is for the user."""


def heard(peak: float) -> bool:
    return peak >= HEARD_PEAK


def peak_of(path: Path) -> float:
    """Loudest sample of a 16-bit recording, 0..1 (0 for an empty file)."""
    audio, _rate = soundfile.read(str(path), dtype="int16", always_2d=False)
    if len(audio) == 0:
        return 0.0
    return float(np.abs(audio.astype(np.int32)).max()) / 32768.0


def play_file(path: Path, margin_s: float = 2.0) -> None:
    """Play the file on the default output and wait for it to end (never longer than its length
    plus margin_s: a stalled driver must not hold the worker for ever)."""
    try:
        import sounddevice as sd
    except (OSError, ImportError) as exc:
        raise PlaybackUnavailableError(_NO_SPEAKERS) from exc
    audio, rate = soundfile.read(str(path), dtype="int16")
    try:
        sd.play(audio, rate)
        deadline = time.monotonic() + len(audio) / rate + margin_s
        while sd.get_stream().active and time.monotonic() < deadline:
            time.sleep(0.05)
        sd.stop()
    except Exception as exc:  # noqa: BLE001 - PortAudioError, no output device: one plain answer
        raise PlaybackUnavailableError(_NO_SPEAKERS) from exc


_NO_SPEAKERS = (
    "Your test was recorded, but this computer has no speakers or headphones we can play it on. "
    "The level bar still shows whether your microphone hears you."
)
