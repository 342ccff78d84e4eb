"""A recording must survive the app dying mid-take, and come back as a clean WAV."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
import wave
from pathlib import Path

import numpy as np
import pytest
import soundfile

from media.recording.recovery import find_partial_takes, repair_partial_take
from tests.support.fakemic import PulseMic

pytestmark = pytest.mark.audio
REPO = Path(__file__).resolve().parents[3]


def wave_frames(path: Path) -> int:
    with wave.open(str(path), "rb") as w:
        return w.getnframes()


def test_kill_9_mid_take_leaves_a_readable_partial(realtime_mic: PulseMic, tmp_path: Path) -> None:
    tone = tmp_path / "tone.wav"
    subprocess.run(
        [
            "sox",
            "-n",
            "-r",
            "48000",
            "-c",
            "1",
            "-b",
            "16",
            str(tone),
            "synth",
            "12",
            "sine",
            "330",
            "vol",
            "0.4",
        ],
        check=True,
    )
    final = tmp_path / "takes" / "0b7f3c2e-attempt.wav"
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.media.recording.record_child", str(final), realtime_mic.device, "60"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    player = None
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.startswith("RECORDING"), line
        player = realtime_mic.speak(tone)
        time.sleep(random.uniform(1.5, 4.5))
        os.kill(child.pid, signal.SIGKILL)
        killed_at = time.monotonic()
        child.wait(5)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        if player is not None:
            player.terminate()
            player.wait()
    recorded_s = killed_at - float(line.split()[1])

    partial = final.with_name(final.name + ".partial")
    assert not final.exists() and partial.exists()
    info = soundfile.info(str(partial))
    assert wave_frames(partial) == info.frames  # the header was current: `wave` agrees
    audio, _ = soundfile.read(partial, dtype="int16")
    print(f"kill -9 after {recorded_s:.2f} s of recording: {len(audio) / 48_000:.2f} s on disk")
    assert recorded_s - 2.0 <= len(audio) / 48_000 <= recorded_s + 0.5
    assert np.abs(audio[-24_000:]).max() > 5_000  # the tone was being recorded up to the kill

    assert find_partial_takes(tmp_path) == [partial]
    repaired = repair_partial_take(partial)
    assert repaired.path == final and repaired.attempt_stem == "0b7f3c2e-attempt" and not repaired.empty
    assert not partial.exists() and wave_frames(final) == repaired.frames == info.frames
    assert repaired.duration_s == pytest.approx(info.frames / 48_000)


def _killed_writer_without_header_update(path: Path) -> None:
    """libsndfile's default (no automatic header update), killed mid-write: header says 0 frames."""
    code = textwrap.dedent(f"""
        import os, signal, numpy as np, soundfile
        f = soundfile.SoundFile({str(path)!r}, "w", samplerate=48000, channels=1, format="WAV")
        f.write((np.sin(np.arange(96000) / 8) * 9000).astype(np.int16))
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    subprocess.run([sys.executable, "-c", code], check=False)


def test_repair_rebuilds_a_zero_length_header(tmp_path: Path) -> None:
    partial = tmp_path / "attempt.wav.partial"
    _killed_writer_without_header_update(partial)
    assert soundfile.info(str(partial)).frames == 96_000  # libsndfile trusts the file size
    assert _wave_frames_or_none(partial) in (None, 0)  # `wave` cannot use it as it is
    repaired = repair_partial_take(partial)
    assert repaired.rewritten and not repaired.empty and repaired.frames == 96_000
    assert repaired.path == tmp_path / "attempt.wav" and not partial.exists()
    assert wave_frames(repaired.path) == 96_000
    assert list(tmp_path.iterdir()) == [repaired.path]


def _wave_frames_or_none(path: Path) -> int | None:
    try:
        return wave_frames(path)
    except (wave.Error, EOFError):
        return None


def test_a_partial_without_audio_is_put_aside_not_deleted(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    empty = tmp_path / "a" / "one.wav.partial"
    empty.write_bytes(b"")
    header_only = tmp_path / "two.wav.partial"
    soundfile.SoundFile(str(header_only), "w", samplerate=48000, channels=1, format="WAV").close()
    assert find_partial_takes(tmp_path) == sorted([empty, header_only], key=lambda p: p.stat().st_mtime)
    for partial in (empty, header_only):
        result = repair_partial_take(partial)
        assert result.empty and result.frames == 0 and result.path.exists() and not partial.exists()
        assert not result.path.name.endswith(".partial")
    assert find_partial_takes(tmp_path) == []


def test_repair_never_overwrites_an_existing_reply(tmp_path: Path) -> None:
    final = tmp_path / "attempt.wav"
    final.write_bytes(b"an earlier take")
    partial = tmp_path / "attempt.wav.partial"
    _killed_writer_without_header_update(partial)
    repaired = repair_partial_take(partial)
    assert final.read_bytes() == b"an earlier take"
    assert repaired.path.name == "attempt-recovered-1.wav" and repaired.frames == 96_000
