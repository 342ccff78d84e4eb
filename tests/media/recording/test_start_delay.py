"""How long after the clip ends does the first block of the reply arrive? Measured on the real-time
(PulseAudio) microphone over 20 starts, armed early (warm) and opened at clip end (cold)."""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

import pytest

from media.recording.recorder import Recorder, TakeResult
from tests.support.fakemic import PulseMic

pytestmark = pytest.mark.audio
STARTS = 20


def _take(recorder: Recorder, path: Path, warm: bool) -> TakeResult:
    if warm:
        recorder.arm()
        deadline = time.monotonic() + 5
        while recorder.poll_level() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(random.uniform(0.3, 0.5))  # the clip plays on (longer than the pre-roll)
    clip_ended_at = time.monotonic()
    recorder.start_take(path, 0.2, clip_ended_at=clip_ended_at)
    deadline = time.monotonic() + 5
    while (result := recorder.poll_finished()) is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    recorder.close()
    return result


def test_start_delay_warm_and_cold(realtime_mic: PulseMic, tmp_path: Path) -> None:
    figures = {}
    for warm in (True, False):
        recorder = Recorder(realtime_mic.device)
        first = _take(recorder, tmp_path / f"warmup-{warm}.wav", warm)  # a process's first stream is slow
        print(f"first stream of this process ({'warm' if warm else 'cold'}): {first.start_delay_ms:.0f} ms")
        delays = []
        for i in range(STARTS):
            result = _take(recorder, tmp_path / f"{warm}-{i}.wav", warm)
            assert result.stop_reason == "time_up" and result.start_delay_ms is not None
            delays.append(result.start_delay_ms)
            if warm:
                assert result.clip_end_offset_s > 0.2  # the pre-roll reaches back past clip end
        figures[warm] = (statistics.median(delays), max(delays))
        label = "armed (warm)" if warm else "opened at clip end (cold)"
        print(
            f"arm->first block, {label}: median {figures[warm][0]:.1f} ms, max {figures[warm][1]:.1f} ms "
            f"over {STARTS} starts"
        )
    assert figures[True][0] < 50 and figures[True][1] < 150
    assert figures[False][0] < 250
