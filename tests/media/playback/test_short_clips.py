"""Clips shorter than half a second end cleanly every time with real libvlc.

They used to fail about half of the time as "damaged": libvlc refreshes its decode counters only
now and then, so at the end of a 0.3 s clip they often still read 0, and the player took that as
"the file never opened". A known length now proves that it opened."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import soundfile
from pytestqt.qtbot import QtBot

from media.constants import HEADLESS_VLC_ARGS
from media.playback.libvlc_probe import open_libvlc
from media.playback.playback_qt import create_playback
from media.playback.player import MSG_UNDECODABLE
from media.playback.vlc_player import VlcPlayer
from tests.media.playback.conftest import Clips
from tests.media.playback.support import HookLog
from tests.media.playback.test_qt_backend import SignalLog

SHORT_S = 0.3
PLAYS = 50


def _run(*cmd: str) -> None:
    subprocess.run(cmd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def short_clips(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("short")
    speech, wav, mp4 = d / "speech.wav", d / "short.wav", d / "short.mp4"
    _run("espeak-ng", "-w", str(speech), "No.")
    mono48k = ("-r", "48000", "-c", "1", "-b", "16")
    _run("sox", str(speech), *mono48k, str(wav), "pad", "0", "1", "trim", "0", str(SHORT_S))
    ff = ("ffmpeg", "-nostdin", "-loglevel", "error", "-y")
    picture = ("-f", "lavfi", "-i", "color=c=0x334455:s=160x120:r=25")
    codecs = ("-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac")
    _run(*ff, *picture, "-i", str(wav), "-t", str(SHORT_S), *codecs, str(mp4))
    return wav, mp4


def _play(player: VlcPlayer, path: Path) -> HookLog:
    log = HookLog()
    player.hooks = log.hooks()
    log.mark()
    player.load(path)
    player.play()
    log.wait_finished(10)
    return log


def test_short_clip_ends_cleanly_50_times(vlc_instance: Any, short_clips: tuple[Path, Path]) -> None:
    wav, _mp4 = short_clips
    assert abs(soundfile.info(str(wav)).duration - SHORT_S) < 0.005
    player = VlcPlayer(vlc_instance)
    outcomes: list[list[str]] = []
    try:
        for _ in range(PLAYS):
            log = _play(player, wav)
            outcomes.append(log.kinds())
            ended = log.first("ended")
            # `ended` is held back until the tail has been heard, never earlier than the clip lasts
            assert ended is None or ended[0] >= SHORT_S - 0.05, log.events
    finally:
        player.close()
    bad = [i for i, kinds in enumerate(outcomes) if kinds != ["started", "ended"]]
    assert not bad, f"{len(bad)} of {PLAYS} plays did not end cleanly, e.g. {outcomes[bad[0]]}"


def test_short_video_ends_cleanly(vlc_instance: Any, short_clips: tuple[Path, Path]) -> None:
    _wav, mp4 = short_clips
    player = VlcPlayer(vlc_instance)
    try:
        outcomes = [_play(player, mp4).kinds() for _ in range(10)]
    finally:
        player.close()
    assert outcomes == [["started", "ended"]] * 10


def test_every_sample_of_a_short_clip_is_played(tmp_path: Path, short_clips: tuple[Path, Path]) -> None:
    """The same play with libvlc writing what it outputs to a file: the whole 0.3 s comes out."""
    wav, _mp4 = short_clips
    out = tmp_path / "heard.wav"
    args = tuple(a for a in HEADLESS_VLC_ARGS if not a.startswith("--aout"))
    instance, status = open_libvlc((*args, "--aout=afile", f"--audiofile-file={out}"))
    assert instance is not None, status.reason
    player = VlcPlayer(instance)
    try:
        assert _play(player, wav).kinds() == ["started", "ended"]
    finally:
        player.close()
        instance.release()
    heard = soundfile.info(str(out))
    assert heard.duration == pytest.approx(SHORT_S, abs=0.03)


@pytest.mark.parametrize("name", ["truncated_mp4", "garbage_wav"])
def test_broken_files_still_report_damage(vlc_instance: Any, clips: Clips, name: str) -> None:
    player = VlcPlayer(vlc_instance)
    try:
        log = _play(player, getattr(clips, name))
    finally:
        player.close()
    first = log.first("error")
    assert first is not None and first[1] == MSG_UNDECODABLE, log.events


@pytest.mark.parametrize("backend", ["vlc", "qt"])
def test_short_clip_through_the_app_controller(
    qtbot: QtBot, short_clips: tuple[Path, Path], backend: str
) -> None:
    """The controller the pages use, both backends: ten plays in a row, each started then ended."""
    wav, _mp4 = short_clips
    controller = create_playback(backend=backend, vlc_args=list(HEADLESS_VLC_ARGS))
    assert controller.backend_name == {"vlc": "libvlc", "qt": "qt"}[backend]
    outcomes = []
    try:
        for _ in range(10):
            log = SignalLog(controller)
            controller.play_clip(wav)
            qtbot.waitUntil(log.finished, timeout=10_000)
            qtbot.wait(50)  # a late error after `ended` would arrive now
            outcomes.append(log.kinds())
    finally:
        controller.close()
    assert outcomes == [["started", "ended"]] * 10
