"""The Qt Multimedia fallback with a real QMediaPlayer, forced with backend="qt" (as when libvlc is
missing), driven through the Qt adapter."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from media.playback.playback_qt import QtPlaybackController, create_playback
from media.playback.player import MSG_MISSING, MSG_UNDECODABLE
from tests.media.playback.conftest import CLIP_S, Clips


class SignalLog:
    def __init__(self, controller: QtPlaybackController) -> None:
        self.t0 = time.monotonic()
        self.events: list[tuple[str, float, object]] = []
        controller.started.connect(lambda: self._add("started"))
        controller.ended.connect(lambda: self._add("ended"))
        controller.error.connect(lambda message: self._add("error", message))
        controller.duration_changed.connect(lambda ms: self._add("duration", ms))
        controller.position_changed.connect(lambda ms: self._add("position", ms))

    def _add(self, kind: str, value: object = None) -> None:
        self.events.append((kind, time.monotonic() - self.t0, value))

    def kinds(self) -> list[str]:
        return [k for k, _t, _v in self.events if k not in ("position", "duration")]

    def first(self, kind: str) -> tuple[float, object] | None:
        return next(((t, v) for k, t, v in self.events if k == kind), None)

    def finished(self) -> bool:
        return any(k in ("ended", "error") for k in self.kinds())


@pytest.fixture
def qt_playback(qtbot: QtBot) -> Iterator[QtPlaybackController]:
    controller = create_playback(backend="qt")
    assert controller.backend_name == "qt"
    yield controller
    controller.close()


def play_to_finish(
    qtbot: QtBot, controller: QtPlaybackController, path: Path, timeout_s: float = 15
) -> SignalLog:
    log = SignalLog(controller)
    controller.play_clip(path)
    qtbot.waitUntil(log.finished, timeout=int(timeout_s * 1000))
    return log


def assert_played_whole_clip(log: SignalLog) -> None:
    assert log.kinds() == ["started", "ended"], log.events
    ended = log.first("ended")
    # Not cut short, and no hang until a timeout: the upper bound allows for a busy shared CPU,
    # which has delayed the end by up to ~2 s (Qt Multimedia paces playback by wall clock).
    assert ended is not None and CLIP_S - 0.25 <= ended[0] <= CLIP_S + 3.0, f"ended after {ended}"
    duration = log.first("duration")
    assert duration is not None and abs(int(duration[1]) - CLIP_S * 1000) < 150  # type: ignore[call-overload]


def test_video_clip_plays_to_ended(qtbot: QtBot, qt_playback: QtPlaybackController, clips: Clips) -> None:
    assert_played_whole_clip(play_to_finish(qtbot, qt_playback, clips.mp4))


@pytest.mark.parametrize("kind", ["wav", "ogg", "mp3", "m4a"])
def test_audio_only_clip_plays_to_ended(
    qtbot: QtBot, qt_playback: QtPlaybackController, clips: Clips, kind: str
) -> None:
    assert_played_whole_clip(play_to_finish(qtbot, qt_playback, clips.audio()[kind]))


def test_odd_file_name_plays(qtbot: QtBot, qt_playback: QtPlaybackController, clips: Clips) -> None:
    assert_played_whole_clip(play_to_finish(qtbot, qt_playback, clips.odd_name_mp4))


@pytest.mark.parametrize("name", ["truncated_mp4", "garbage_wav"])
def test_undecodable_file_reports_plain_error(
    qtbot: QtBot, qt_playback: QtPlaybackController, clips: Clips, name: str
) -> None:
    log = play_to_finish(qtbot, qt_playback, getattr(clips, name), timeout_s=10)
    qtbot.wait(300)  # a second error signal, if any, would arrive now
    assert log.kinds() == ["error"]
    assert log.first("error") is not None and log.first("error")[1] == MSG_UNDECODABLE  # type: ignore[index]


def test_scrambled_middle_never_hangs(qtbot: QtBot, qt_playback: QtPlaybackController, clips: Clips) -> None:
    log = play_to_finish(qtbot, qt_playback, clips.scrambled_mp4, timeout_s=CLIP_S * 1.5 + 5)
    assert log.kinds()[-1] in ("ended", "error")


def test_missing_file_reports_error(qtbot: QtBot, qt_playback: QtPlaybackController, clips: Clips) -> None:
    log = play_to_finish(qtbot, qt_playback, clips.missing, timeout_s=5)
    assert log.kinds() == ["error"] and log.first("error")[1] == MSG_MISSING  # type: ignore[index]


def test_replay_and_pause(qtbot: QtBot, qt_playback: QtPlaybackController, clips: Clips) -> None:
    play_to_finish(qtbot, qt_playback, clips.wav)
    log = SignalLog(qt_playback)
    qt_playback.play()  # same clip again
    qtbot.waitUntil(lambda: log.first("started") is not None, timeout=5000)
    qt_playback.pause()
    qtbot.wait(200)
    held = qt_playback.position_ms()
    qtbot.wait(800)
    assert abs(qt_playback.position_ms() - held) < 60 and not log.finished()
    qt_playback.toggle_pause()
    qtbot.waitUntil(log.finished, timeout=10000)
    assert log.kinds() == ["started", "ended"]
