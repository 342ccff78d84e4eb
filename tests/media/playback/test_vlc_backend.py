"""The libvlc backend with real libvlc (dummy audio/video outputs), no Qt."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from media.playback.player import MSG_MISSING, MSG_UNDECODABLE
from media.playback.vlc_player import VlcPlayer
from tests.media.playback.conftest import CLIP_S, Clips
from tests.media.playback.support import HookLog


@pytest.fixture
def log() -> HookLog:
    return HookLog()


@pytest.fixture
def player(vlc_instance: Any, log: HookLog) -> Iterator[VlcPlayer]:
    p = VlcPlayer(vlc_instance, log.hooks())
    yield p
    p.close()


def play_to_finish(player: VlcPlayer, log: HookLog, path: Path, timeout: float = 15) -> str:
    log.mark()
    player.load(path)
    player.play()
    return log.wait_finished(timeout)


def assert_played_whole_clip(log: HookLog) -> None:
    assert log.kinds() == ["started", "ended"], log.events
    ended = log.first("ended")
    assert ended is not None
    assert CLIP_S - 0.25 <= ended[0] <= CLIP_S + 1.5, f"ended after {ended[0]:.2f} s"
    duration = log.first("duration")
    assert duration is not None and abs(int(duration[1]) - CLIP_S * 1000) < 150  # type: ignore[call-overload]


def test_video_clip_plays_to_ended_in_real_time(player: VlcPlayer, log: HookLog, clips: Clips) -> None:
    assert play_to_finish(player, log, clips.mp4) == "ended"
    assert_played_whole_clip(log)
    positions = [v for k, _t, v in log.events if k == "position"]
    assert len(positions) >= 5 and positions[-1] == player.duration_ms()


@pytest.mark.parametrize("kind", ["wav", "ogg", "mp3", "m4a"])
def test_audio_only_clip_plays_to_ended(player: VlcPlayer, log: HookLog, clips: Clips, kind: str) -> None:
    assert play_to_finish(player, log, clips.audio()[kind]) == "ended"
    assert_played_whole_clip(log)


def test_odd_file_name_plays(player: VlcPlayer, log: HookLog, clips: Clips) -> None:
    assert play_to_finish(player, log, clips.odd_name_mp4) == "ended"
    assert_played_whole_clip(log)


@pytest.mark.parametrize("name", ["truncated_mp4", "garbage_wav"])
def test_undecodable_file_reports_plain_error(
    player: VlcPlayer, log: HookLog, clips: Clips, name: str
) -> None:
    assert play_to_finish(player, log, getattr(clips, name), timeout=10) == "error"
    assert log.kinds() == ["error"]  # never "started": nothing was heard
    first = log.first("error")
    assert first is not None and first[1] == MSG_UNDECODABLE


def test_scrambled_middle_never_hangs(player: VlcPlayer, log: HookLog, clips: Clips) -> None:
    # libvlc conceals damaged frames and plays on; what matters is that it finishes, either way.
    result = play_to_finish(player, log, clips.scrambled_mp4, timeout=CLIP_S * 1.5 + 5)
    assert result in ("ended", "error")


def test_missing_file_reports_error_before_libvlc(player: VlcPlayer, log: HookLog, clips: Clips) -> None:
    assert play_to_finish(player, log, clips.missing, timeout=5) == "error"
    assert log.kinds() == ["error"]
    first = log.first("error")
    assert first is not None and first[1] == MSG_MISSING and first[0] < 0.5


def test_replay_after_ended_and_reload(player: VlcPlayer, log: HookLog, clips: Clips) -> None:
    assert play_to_finish(player, log, clips.wav) == "ended"
    replay = HookLog()
    player.hooks = replay.hooks()
    replay.mark()
    player.play()  # same clip again, no load
    assert replay.wait_finished(10) == "ended"
    assert replay.kinds() == ["started", "ended"]


def test_pause_holds_playback_and_resume_finishes(player: VlcPlayer, log: HookLog, clips: Clips) -> None:
    log.mark()
    player.load(clips.long_wav)
    player.play()
    deadline = time.monotonic() + 5
    while log.first("started") is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.5)
    player.pause()
    time.sleep(0.2)
    held = player.position_ms()
    time.sleep(1.0)
    assert abs(player.position_ms() - held) < 60 and not log.finished()
    player.seek(4500)
    player.toggle_pause()
    assert log.wait_finished(10) == "ended"


def test_stop_reports_nothing_more(player: VlcPlayer, log: HookLog, clips: Clips) -> None:
    log.mark()
    player.load(clips.long_wav)
    player.play()
    time.sleep(0.6)
    player.stop()
    time.sleep(1.0)
    assert not log.finished() and player.position_ms() == 0


def test_start_latency_with_instance_ready(
    vlc_instance: Any, clips: Clips, capsys: pytest.CaptureFixture[str]
) -> None:
    """load()+play() until `started` (libvlc playing, clip opened), instance created beforehand."""
    latencies: dict[str, list[float]] = {"mp4": [], "wav": []}
    for _ in range(5):
        for kind, path in (("mp4", clips.mp4), ("wav", clips.wav)):
            log = HookLog()
            p = VlcPlayer(vlc_instance, log.hooks())
            log.mark()
            p.load(path)
            p.play()
            deadline = time.monotonic() + 5
            while log.first("started") is None and time.monotonic() < deadline:
                time.sleep(0.001)
            started = log.first("started")
            p.close()
            assert started is not None
            latencies[kind].append(started[0])
    with capsys.disabled():
        for kind, values in latencies.items():
            print(f"\nlibvlc load+play -> started, {kind}: median {statistics.median(values) * 1000:.0f} ms, "
                  f"max {max(values) * 1000:.0f} ms")  # fmt: skip
    assert max(max(v) for v in latencies.values()) < 1.0
