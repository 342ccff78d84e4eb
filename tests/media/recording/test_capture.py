"""Real PortAudio capture through the fake microphones: what is saved is what was heard."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import soundfile

from media.recording.recorder import MicrophoneError, Recorder, RecorderError, TakeResult
from tests.support.fakemic import PulseMic, synthesize
from tests.support.fakemic_plugin import FakeMic

pytestmark = pytest.mark.audio


def wait_finished(recorder: Recorder, timeout: float = 10.0) -> TakeResult:
    deadline = time.monotonic() + timeout
    while (result := recorder.poll_finished()) is None:
        assert time.monotonic() < deadline, "the take did not end by itself"
        time.sleep(0.01)
    return result


def test_take_matches_source(fake_mic: FakeMic, tmp_path: Path) -> None:
    recorder = Recorder(fake_mic.device)
    recorder.start_take(tmp_path / "take.wav", len(fake_mic.samples) / fake_mic.samplerate)
    result = wait_finished(recorder)
    assert recorder.close()
    assert result.stop_reason == "time_up" and result.message is None
    assert result.path == tmp_path / "take.wav" and not (tmp_path / "take.wav.partial").exists()
    saved, rate = soundfile.read(result.path, dtype="int16")
    assert rate == fake_mic.samplerate
    assert len(saved) == result.frames == len(fake_mic.samples)
    assert np.corrcoef(saved.astype(float), fake_mic.samples.astype(float))[0, 1] > 0.95
    assert result.start_delay_ms is not None and result.start_delay_ms < 500


def test_arm_keeps_a_preroll_before_the_take(fake_mic: FakeMic, tmp_path: Path) -> None:
    recorder = Recorder(fake_mic.device)
    recorder.arm()
    deadline = time.monotonic() + 5.0  # a busy machine can take a while to deliver the first block
    while recorder.poll_level() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.4)  # blocks flow: more than the 250 ms pre-roll has gone by (near-silence now)
    recorder.start_take(tmp_path / "take.wav", 0.5)
    result = wait_finished(recorder)
    recorder.close()
    assert result.stop_reason == "time_up"
    assert result.frames == int(0.25 * 48_000) + int(0.5 * 48_000)  # pre-roll + window
    assert 0.2 < result.clip_end_offset_s < 0.35


def test_levels_move_and_user_stop_keeps_the_reply(realtime_mic: PulseMic, tmp_path: Path) -> None:
    speech = synthesize("Okay. I hear that you're angry.", tmp_path / "reply.wav")
    recorder = Recorder(realtime_mic.device)
    recorder.arm()
    deadline = time.monotonic() + 5.0  # the first Pulse stream of a process can take 1-2 s
    while (level := recorder.poll_level()) is None and time.monotonic() < deadline:
        time.sleep(0.01)
    quiet = [] if level is None else [level]
    deadline = time.monotonic() + 0.3
    while time.monotonic() < deadline:
        if (level := recorder.poll_level()) is not None:
            quiet.append(level)
        time.sleep(0.01)
    recorder.start_take(tmp_path / "take.wav", 30)
    player = realtime_mic.speak(speech)
    loud: list[float] = []
    while player.poll() is None:
        if (level := recorder.poll_level()) is not None:
            loud.append(level)
        time.sleep(0.01)
    time.sleep(0.3)
    result = recorder.stop()
    recorder.close()
    assert quiet and max(quiet) < 0.01
    assert loud and max(loud) > 0.1
    assert result.stop_reason == "stopped" and result.overflows == 0
    saved, _ = soundfile.read(result.path, dtype="int16")
    spoken_s = soundfile.info(str(speech)).duration
    assert spoken_s < len(saved) / 48_000 < spoken_s + 1.5
    assert np.abs(saved).max() > 3000


def test_an_existing_reply_is_never_overwritten(fake_mic: FakeMic, tmp_path: Path) -> None:
    final = tmp_path / "take.wav"
    final.write_bytes(b"the user's earlier work")
    recorder = Recorder(fake_mic.device)
    with pytest.raises(FileExistsError):
        recorder.start_take(final, 1.0)
    assert final.read_bytes() == b"the user's earlier work"
    assert not recorder.is_recording and not recorder.is_armed


def test_discard_removes_the_take_and_releases_the_mic(fake_mic: FakeMic, tmp_path: Path) -> None:
    recorder = Recorder(fake_mic.device)
    recorder.start_take(tmp_path / "take.wav", 60)
    recorder.discard()
    assert list(tmp_path.iterdir()) == [] and not recorder.is_armed
    with pytest.raises(RecorderError):
        recorder.stop()


def test_unknown_device_gives_a_plain_error_and_no_file(fake_mic: FakeMic, tmp_path: Path) -> None:
    recorder = Recorder("Studio microphone that is not here")
    with pytest.raises(MicrophoneError, match="could not be opened"):
        recorder.start_take(tmp_path / "take.wav", 5)
    assert list(tmp_path.iterdir()) == []
