"""Speech timing on files with a known layout of silence and sound."""

from __future__ import annotations

import subprocess
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
import soundfile

from media.analysis.speech_timing import analyze_file, analyze_speech
from tests.support.fakemic import synthesize

TOLERANCE_S = 0.05


def sox(*args: str) -> None:
    subprocess.run(["sox", *args], check=True)


def test_spoken_layout_in_background_noise(tmp_path: Path) -> None:
    # silence 0.8 | speech | silence 1.5 | speech | silence 0.6, in a steady room noise
    first = _trimmed_speech("Let's stay with that for a moment.", tmp_path / "a.wav")
    second = _trimmed_speech("What did you notice?", tmp_path / "b.wav")
    padded = tmp_path / "padded.wav"
    sox(str(tmp_path / "a.wav"), str(padded), "pad", "0.8", "1.5")
    layout = tmp_path / "layout.wav"
    sox(str(padded), str(tmp_path / "b.wav"), str(layout), "pad", "0", "0.6")
    total = 0.8 + first + 1.5 + second + 0.6
    noise = tmp_path / "noise.wav"
    sox(
        "-n",
        "-r",
        "48000",
        "-c",
        "1",
        "-b",
        "16",
        str(noise),
        "synth",
        f"{total:.3f}",
        "whitenoise",
        "vol",
        "0.003",
    )
    mixed = tmp_path / "mixed.wav"
    sox("-m", str(layout), str(noise), str(mixed))

    timing = analyze_file(mixed, clip_end_offset_s=0.3)
    assert timing.duration_s == pytest.approx(total, abs=0.01)
    assert timing.speech_start_s == pytest.approx(0.8, abs=TOLERANCE_S)
    assert timing.latency_s == pytest.approx(0.5, abs=TOLERANCE_S)
    assert timing.speech_end_s == pytest.approx(total - 0.6, abs=TOLERANCE_S)
    assert timing.pause_count == 1
    assert timing.pause_total_s == pytest.approx(1.5, abs=TOLERANCE_S)
    assert timing.speaking_s == pytest.approx(first + second, abs=2 * TOLERANCE_S)


def _trimmed_speech(text: str, out: Path) -> float:
    """espeak-ng speech with its own leading/trailing silence cut away; returns its length."""
    spoken = synthesize(text, out.with_suffix(".raw.wav"))
    sox(
        str(spoken),
        str(out),
        "silence",
        "1",
        "0.005",
        "0.3%",
        "reverse",
        "silence",
        "1",
        "0.005",
        "0.3%",
        "reverse",
    )
    return float(soundfile.info(str(out)).duration)


def test_spoken_layout(tmp_path: Path) -> None:
    first = _trimmed_speech("I hear how frustrating this has been.", tmp_path / "a.wav")
    second = _trimmed_speech("Can you tell me more?", tmp_path / "b.wav")
    padded_first = tmp_path / "a_pad.wav"
    sox(str(tmp_path / "a.wav"), str(padded_first), "pad", "1.1", "1.6")
    layout = tmp_path / "layout.wav"
    sox(str(padded_first), str(tmp_path / "b.wav"), str(layout), "pad", "0", "0.5")

    timing = analyze_file(layout)
    assert timing.latency_s == pytest.approx(1.1, abs=TOLERANCE_S)
    assert timing.speech_end_s == pytest.approx(1.1 + first + 1.6 + second, abs=TOLERANCE_S)
    assert timing.pause_count == 1
    assert timing.pause_total_s == pytest.approx(1.6, abs=TOLERANCE_S)


def test_silence_has_no_latency() -> None:
    rng = np.random.default_rng(1)
    near_silence = rng.integers(-2, 3, 48_000 * 3).astype(np.int16)  # what an idle mic delivers
    timing = analyze_speech(near_silence, 48_000)
    assert timing.latency_s is None and timing.speech_start_s is None
    assert timing.speaking_s == 0.0 and timing.pause_count == 0
    assert timing.duration_s == pytest.approx(3.0)


def test_speed_is_far_above_real_time(tmp_path: Path) -> None:
    spoken = synthesize("Let's slow down for a moment and look at what just happened.", tmp_path / "s.wav")
    one, rate = soundfile.read(spoken, dtype="int16")
    gap = np.zeros(int(1.3 * rate), dtype=np.int16)
    minute = np.tile(np.concatenate([one, gap]), int(60 * rate / (len(one) + len(gap))) + 1)[: 60 * rate]
    analyze_speech(minute, rate)  # warm-up
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        timing = analyze_speech(minute, rate)
        runs.append(time.perf_counter() - start)
    speed = 60.0 / min(runs)
    median = 60 / float(np.median(runs))
    print(f"speech timing: {speed:.0f}x real time (best of 5, 60 s at 48 kHz; median {median:.0f}x)")
    assert timing.pause_count >= 10
    assert speed >= 200


def test_long_take_is_read_in_blocks_with_the_same_result(tmp_path: Path) -> None:
    """A 2-minute take: the file path (read a block at a time) gives exactly what the whole array
    gives, and never holds the take in memory (whole, as float32 it alone would be 23 MB)."""
    spoken = _trimmed_speech("I can hear that you feel let down.", tmp_path / "s.wav")
    rate = soundfile.info(str(tmp_path / "s.wav")).samplerate
    one, _ = soundfile.read(str(tmp_path / "s.wav"), dtype="int16")
    gap = np.zeros(int(2.5 * rate), dtype=np.int16)
    take = np.tile(np.concatenate([gap, one]), int(120 / (2.5 + spoken)) + 1)[: 120 * rate]
    path = tmp_path / "take.wav"
    soundfile.write(str(path), take, rate, subtype="PCM_16")
    del one, gap

    tracemalloc.start()
    try:
        from_file = analyze_file(path, clip_end_offset_s=0.25)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert from_file == analyze_speech(take, rate, clip_end_offset_s=0.25)
    assert from_file.pause_count >= 20 and from_file.duration_s == pytest.approx(120.0)
    assert peak < 8_000_000, f"speech timing held {peak / 1e6:.1f} MB at once"


def test_stereo_integer_samples_are_scaled_like_mono(tmp_path: Path) -> None:
    """Speech from 1.0 s, then a hum far below speech level (-64 dBFS) for a second: only the
    speech counts, whether the same samples come as one channel or two."""
    length = _trimmed_speech("I hear you.", tmp_path / "s.wav")
    spoken, rate = soundfile.read(str(tmp_path / "s.wav"), dtype="int16")
    rng = np.random.default_rng(2)
    t = np.arange(rate * 5) / rate
    mono = (np.sin(2 * np.pi * 120 * t) * 20 * ((t > 3.5) & (t < 4.5))).astype(np.int16)
    mono[rate : rate + len(spoken)] += spoken
    mono += rng.integers(-1, 2, len(t)).astype(np.int16)
    timing = analyze_speech(mono, rate)
    assert timing.speech_start_s == pytest.approx(1.0, abs=TOLERANCE_S)
    assert timing.speech_end_s == pytest.approx(1.0 + length, abs=TOLERANCE_S)
    assert analyze_speech(np.stack([mono, mono], axis=1), rate) == timing
