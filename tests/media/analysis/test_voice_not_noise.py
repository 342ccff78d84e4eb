"""Only a voice is speech: noise, hum, clicks, knocks and beeps are loud but never start, lengthen or
break up a reply. Audio made in the test with espeak-ng, sox and numpy (48 kHz mono)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile

from media.analysis.speech_timing import SpeechTiming, analyze_file, analyze_speech
from tests.media.analysis.test_speech_timing import TOLERANCE_S, _trimmed_speech

RATE = 48_000


def _speech(text: str, tmp_path: Path, name: str) -> np.ndarray:
    _trimmed_speech(text, tmp_path / f"{name}.wav")
    samples, rate = soundfile.read(str(tmp_path / f"{name}.wav"), dtype="float32")
    assert rate == RATE
    return np.asarray(samples)


def _sox_noise(kind: str, seconds: float, tmp_path: Path, *effects: str) -> np.ndarray:
    path = tmp_path / f"{kind}.wav"
    subprocess.run(["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(path), "synth", str(seconds),
                    kind, *effects], check=True)  # fmt: skip
    return np.asarray(soundfile.read(str(path), dtype="float32")[0])


def _silence(seconds: float, level: float = 0.0005, seed: int = 0) -> np.ndarray:
    """Room tone: a quiet microphone is never digital silence."""
    return (np.random.default_rng(seed).standard_normal(int(seconds * RATE)) * level).astype(np.float32)


def _no_speech(timing: SpeechTiming) -> None:
    assert timing.latency_s is None and timing.speech_start_s is None, timing
    assert timing.speaking_s == 0.0 and timing.pause_count == 0 and timing.pause_total_s == 0.0


@pytest.mark.parametrize(
    "effects",
    [
        ("whitenoise", "vol", "0.05"),
        ("pinknoise", "tremolo", "0.7", "90"),
        ("brownnoise", "tremolo", "3", "100"),
    ],
)
def test_twenty_seconds_of_noise_is_no_speech(tmp_path: Path, effects: tuple[str, ...]) -> None:
    noise = _sox_noise(effects[0], 20, tmp_path, *effects[1:])
    quiet_then_noise = np.concatenate([_silence(2), noise[: 18 * RATE]])  # noise that starts late
    _no_speech(analyze_speech(noise, RATE))
    _no_speech(analyze_speech(quiet_then_noise, RATE, clip_end_offset_s=0.2))


def test_hum_buzz_clicks_knocks_and_beeps_are_never_speech(tmp_path: Path) -> None:
    t = np.arange(12 * RATE) / RATE
    mains = sum(np.sin(2 * np.pi * f * t) / k for k, f in enumerate((50, 100, 150, 200), start=1))
    hum = 0.05 * mains * ((t > 1) & (t < 4))  # a fridge's hum comes and goes
    buzz = 0.05 * np.sign(np.sin(2 * np.pi * 120 * t)) * ((t > 5) & (t < 6.5))
    taps = np.zeros_like(t)  # typing: rings at 2 kHz, 80-300 ms apart
    knocks = np.zeros_like(t)  # knuckles on a table: a low thud that dies away in ~30 ms
    rng = np.random.default_rng(3)
    ring, thud = np.arange(int(0.01 * RATE)) / RATE, np.arange(int(0.08 * RATE)) / RATE
    for at in np.cumsum(rng.uniform(0.08, 0.3, 20)) + 7:
        i = int(at * RATE)
        taps[i : i + len(ring)] += 0.3 * np.sin(2 * np.pi * 2000 * ring) * np.exp(-ring / 0.002)
    for at in (10.0, 10.4, 10.8, 11.5):
        i = int(at * RATE)
        knocks[i : i + len(thud)] += 0.5 * np.sin(2 * np.pi * 180 * thud) * np.exp(-thud / 0.01)
    beeps = 0.2 * np.sin(2 * np.pi * 1000 * t) * (((t > 4.2) & (t < 4.45)) | ((t > 4.6) & (t < 4.85)))
    whistle = 0.2 * np.sin(2 * np.pi * (800 * t + 200 * (t - 11.5) ** 2)) * (t > 11.5)  # 800 Hz rising
    take = _silence(12) + (hum + buzz + taps + knocks + beeps + whistle).astype(np.float32)
    _no_speech(analyze_speech(take, RATE))


def test_noise_burst_after_a_reply_adds_nothing(tmp_path: Path) -> None:
    a = _speech("I can hear how much this matters to you.", tmp_path, "a")
    b = _speech("Tell me what happened next.", tmp_path, "b")
    burst = _sox_noise("pinknoise", 0.6, tmp_path, "vol", "0.5")
    parts = [
        _silence(1.0, seed=1),
        a,
        _silence(0.5, seed=2),
        b,
        _silence(1.8, seed=3),
        burst,
        _silence(1.0, seed=4),
    ]
    timing = analyze_speech(np.concatenate(parts), RATE)
    last_word = 1.0 + len(a) / RATE + 0.5 + len(b) / RATE
    assert timing.speech_start_s == pytest.approx(1.0, abs=TOLERANCE_S)
    assert timing.speech_end_s == pytest.approx(last_word, abs=TOLERANCE_S)
    assert timing.pause_count == 0 and timing.pause_total_s == 0.0
    assert timing.speaking_s == pytest.approx(last_word - 1.0, rel=0.03)
    # a rustle that starts over the last word's final "t" and runs on: it is cut at a
    # consonant's length (0.35 s) from the voice; the "t" under it may be lost (up to 0.1 s)
    rustle = _sox_noise("brownnoise", 1.5, tmp_path, "vol", "0.3")
    overlapped = np.concatenate([*parts[:4], np.zeros(len(rustle)), _silence(1.0, seed=5)])
    at = int((last_word - 0.1) * RATE)
    overlapped[at : at + len(rustle)] += rustle
    straight_on = analyze_speech(overlapped, RATE)
    assert last_word - 0.1 <= (straight_on.speech_end_s or 0.0) <= last_word + 0.35 + TOLERANCE_S
    assert straight_on.pause_count == 0


def test_speaking_time_is_first_to_last_word_less_the_pauses(tmp_path: Path) -> None:
    """Short silences inside the reply (0.4 s, 0.7 s) are speaking; 1.5 s and 2.2 s are pauses.
    The take is written to a file and read back as the app does; a hum starts partway through."""
    words = [
        _speech("It sounds like you felt let down.", tmp_path, "a"),
        _speech("And angry, maybe.", tmp_path, "b"),
        _speech("Is that close?", tmp_path, "c"),
        _speech("We can take our time with it.", tmp_path, "d"),
        _speech("I am listening.", tmp_path, "e"),
    ]
    gaps = [0.4, 1.5, 0.7, 2.2]
    parts = [_silence(1.3, seed=9)]
    for i, spoken in enumerate(words):
        parts += [spoken] + ([_silence(gaps[i], seed=i)] if i < len(gaps) else [])
    parts.append(_silence(0.8, seed=8))
    take = np.concatenate(parts)
    t = np.arange(len(take)) / RATE
    take += (0.01 * np.sin(2 * np.pi * 60 * t) * (t > 4.0)).astype(np.float32)  # a hum starts mid-reply
    path = tmp_path / "take.wav"
    soundfile.write(str(path), take, RATE, subtype="PCM_16")
    timing = analyze_file(path, clip_end_offset_s=0.5)

    spoken_s = sum(len(w) for w in words) / RATE
    truth = spoken_s + 0.4 + 0.7
    assert timing.latency_s == pytest.approx(0.8, abs=TOLERANCE_S)
    assert timing.pause_count == 2
    assert timing.pause_total_s == pytest.approx(1.5 + 2.2, abs=2 * TOLERANCE_S)
    assert timing.speaking_s == pytest.approx(truth, rel=0.03)
    assert timing.speech_end_s == pytest.approx(1.3 + spoken_s + sum(gaps), abs=TOLERANCE_S)
