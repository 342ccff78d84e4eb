"""A full disk, a disk too small to start, and a microphone that stops sending."""

from __future__ import annotations

import subprocess
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile

from media.recording.recorder import DEVICE_LOST_MESSAGE, InsufficientSpaceError, Recorder, TakeResult
from tests.support.fakemic import FifoMic, PulseMic, alsa_config
from tests.support.fakemic_plugin import FakeMic

pytestmark = pytest.mark.audio


def wait_finished(recorder: Recorder, timeout: float) -> TakeResult:
    deadline = time.monotonic() + timeout
    while (result := recorder.poll_finished()) is None:
        assert time.monotonic() < deadline, "the take did not end by itself"
        time.sleep(0.02)
    return result


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MiB tmpfs (root only, as on CI)."""
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_disk_fills_mid_take_on_a_real_tmpfs(realtime_mic: PulseMic, small_disk: Path) -> None:
    recorder = Recorder(realtime_mic.device, disk_margin_bytes=0)
    recorder.arm()
    final = small_disk / "attempt.wav"
    recorder.start_take(final, 8)  # about 0.9 MB: fits the 1 MiB disk when the take starts
    time.sleep(0.5)
    (small_disk / "another-program.bin").write_bytes(bytes(600 * 1024))  # ... then the disk fills up
    result = wait_finished(recorder, timeout=12)
    recorder.close()
    assert result.stop_reason == "disk_full"
    assert result.message is not None and "disk is full" in result.message and "kept" in result.message
    assert result.path == final.with_name("attempt.wav.partial") and result.path.exists()
    info = soundfile.info(str(result.path))
    assert info.frames == result.frames and result.duration_s > 1.0
    with wave.open(str(result.path), "rb") as w:
        assert w.getnframes() == result.frames


def test_refuses_to_start_without_space_for_the_window(fake_mic: FakeMic, small_disk: Path) -> None:
    recorder = Recorder(fake_mic.device, disk_margin_bytes=0)
    with pytest.raises(InsufficientSpaceError) as refused:
        recorder.start_take(small_disk / "attempt.wav", 60)  # 5.8 MB on a 1 MiB disk
    assert "not enough free disk space" in str(refused.value) and "MB free" in str(refused.value)
    assert list(small_disk.iterdir()) == [] and not recorder.is_armed


def test_watchdog_fake_stalled_device(fake_mic: FakeMic, tmp_path: Path) -> None:
    """A FIFO-fed ALSA mic whose feed stops: capture blocks inside the driver, as when a USB
    microphone is pulled (a real unplug cannot exist on this machine)."""
    mic = FifoMic(tmp_path)
    tone = (np.sin(np.arange(28_800) / 6) * 8000).astype(np.int16)  # 0.6 s: fits the pipe buffer
    with alsa_config(mic.conf):
        recorder = Recorder(mic.device)
        try:
            mic.feed(tone)  # in one piece (partial reads of the pipe would shuffle samples), then nothing
            recorder.start_take(tmp_path / "attempt.wav", 60)
            started = time.monotonic()
            result = wait_finished(recorder, timeout=8)
            waited = time.monotonic() - started
        finally:
            mic.release()  # unblocks the driver, so the stream can close before PortAudio is rescanned
            assert recorder.close()
    assert result.stop_reason == "device_lost" and result.message == DEVICE_LOST_MESSAGE
    assert 1.5 < waited < 4.0  # the 2 s watchdog, not the 60 s window
    assert result.path == tmp_path / "attempt.wav"  # kept, under its final name
    saved, _ = soundfile.read(result.path, dtype="int16")
    assert len(saved) == result.frames >= len(tone) - 2048  # all but the block stuck in the driver
    kept = min(len(saved), len(tone))
    assert np.array_equal(saved[:kept], tone[:kept])
