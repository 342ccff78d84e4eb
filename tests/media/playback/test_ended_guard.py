"""The ended guard: its rules on a hand-driven clock, then real players that would otherwise wait
forever (a file that stops delivering data; a sound server that freezes mid-clip)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from media.playback.player import MSG_NO_START, MSG_STALLED, EndedGuard, GuardResult, Verdict
from media.playback.qt_player import QtMediaPlayer
from media.playback.vlc_player import VlcPlayer
from tests.media.playback.conftest import LONG_S, Clips, PulseServer
from tests.media.playback.support import HookLog, StallingFifo

REPO = Path(__file__).resolve().parents[3]


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def make_guard() -> tuple[EndedGuard, Clock]:
    clock = Clock()
    return EndedGuard(clock=clock), clock


def run(
    guard: EndedGuard, clock: Clock, seconds: float, pos_per_s: int, pos: int, dur: int | None
) -> tuple[GuardResult | None, int]:
    """Advance the clock in 100 ms ticks, moving the position at pos_per_s, until a verdict."""
    result = None
    for _ in range(int(seconds * 10)):
        clock.now += 0.1
        pos += pos_per_s // 10
        result = guard.check(pos, dur)
        if result is not None:
            break
    return result, pos


def test_no_start_is_an_error_after_the_timeout() -> None:
    guard, clock = make_guard()
    guard.arm_start()
    assert run(guard, clock, 9.9, 0, 0, None)[0] is None
    assert run(guard, clock, 0.3, 0, 0, None)[0] == GuardResult(Verdict.ERROR, MSG_NO_START)


def test_stall_early_is_an_error_and_stall_near_the_end_counts_as_ended() -> None:
    guard, clock = make_guard()
    guard.on_playing(0)
    result, pos = run(guard, clock, 1.0, 1000, 0, 10_000)
    assert result is None
    result, _ = run(guard, clock, 5.0, 0, pos, 10_000)
    assert result == GuardResult(Verdict.ERROR, MSG_STALLED) and 4.0 < clock.now - 101.0 < 4.3
    guard.on_playing(9_000)
    result, _ = run(guard, clock, 6.0, 0, 9_500, 10_000)
    assert result == GuardResult(Verdict.ENDED)


def test_clock_that_never_moves_gets_the_start_allowance_not_the_stall_limit() -> None:
    guard, clock = make_guard()
    guard.on_playing(0)  # Qt with PulseAudio sits at 0 for about 2 s
    assert run(guard, clock, 9.5, 0, 0, 30_000)[0] is None


def test_overdue_clip_is_stopped_at_duration_times_1_5_plus_3_s() -> None:
    guard, clock = make_guard()
    guard.on_playing(0)
    result, _ = run(guard, clock, 30, 1000, 0, 4_000)  # keeps "playing" past its end
    assert result == GuardResult(Verdict.ENDED) and abs((clock.now - 100.0) - 9.0) < 0.15


def test_unknown_duration_has_no_wall_limit_and_pause_suspends() -> None:
    guard, clock = make_guard()
    guard.on_playing(0)
    assert run(guard, clock, 60, 1000, 0, None)[0] is None
    guard.on_paused()
    assert run(guard, clock, 60, 0, 0, 1000)[0] is None


def test_tail_delay_is_capped() -> None:
    guard, clock = make_guard()
    guard.on_playing(0)
    clock.now += 1.5
    assert guard.tail_delay_s(2_000) == pytest.approx(0.5)
    assert guard.tail_delay_s(60_000) == 1.0
    assert guard.tail_delay_s(None) == 0.0


def test_vlc_file_that_stops_delivering_data_reports_error(vlc_instance: Any, tmp_path: Path) -> None:
    fifo = StallingFifo(tmp_path / "share.wav")
    log = HookLog()
    player = VlcPlayer(vlc_instance, log.hooks(), guard=EndedGuard(start_timeout_s=2.0))
    try:
        log.mark()
        player.load(fifo.path)
        player.play()
        assert log.wait_finished(8) == "error"
        first = log.first("error")
        assert first is not None and first[1] == MSG_NO_START and 2.0 <= first[0] < 3.0
    finally:
        fifo.release()
        player.close()


def test_qt_file_that_stops_delivering_data_reports_error(qtbot: QtBot, tmp_path: Path) -> None:
    fifo = StallingFifo(tmp_path / "share.wav")
    log = HookLog()
    player = QtMediaPlayer(log.hooks(), guard=EndedGuard(start_timeout_s=2.0))
    try:
        log.mark()
        player.load(fifo.path)
        player.play()
        qtbot.waitUntil(log.finished, timeout=8000)
        first = log.first("error")
        assert first is not None and first[1] == MSG_NO_START and 2.0 <= first[0] < 3.0
    finally:
        fifo.release()  # before close: QMediaPlayer blocks until its stuck read returns
        player.close()


def run_freeze_child(backend: str, clip: Path, pulse: PulseServer) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.media.playback.freeze_child", backend, str(clip), str(pulse.pid)],
        cwd=REPO, env=dict(pulse.env, QT_QPA_PLATFORM="offscreen"), capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["frozen_at"] is not None, result
    return result


def test_qt_sound_server_freezing_mid_clip_is_reported(clips: Clips, pulse_server: PulseServer) -> None:
    result = run_freeze_child("qt", clips.long_wav, pulse_server)
    final = result["events"][-1]
    assert final[0] == "error" and final[2] == MSG_STALLED, result
    waited = final[1] - result["frozen_at"]
    assert 3.5 < waited < 6.5, result  # stall limit (4 s) after the last position change


def test_vlc_sound_server_freezing_mid_clip_does_not_hang(clips: Clips, pulse_server: PulseServer) -> None:
    # libvlc keeps its own clock when the server stops answering, and ends on time.
    result = run_freeze_child("vlc", clips.long_wav, pulse_server)
    final = result["events"][-1]
    assert final[0] in ("ended", "error") and final[1] < LONG_S * 1.5 + 3.5, result
