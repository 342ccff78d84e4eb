"""The Qt adapter (signals reach the GUI thread) and VideoView, offscreen; VLC embedding under a
private Xvfb display."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import QtPlaybackController, create_playback
from media.playback.player import MSG_MISSING
from media.playback.video_qt import VideoView
from tests.media.playback.conftest import CAPTION, Clips

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(params=["vlc", "qt"])
def controller(request: pytest.FixtureRequest, qtbot: QtBot) -> Iterator[QtPlaybackController]:
    made = create_playback(request.param, list(HEADLESS_VLC_ARGS))
    yield made
    made.close()


class ThreadCheck:
    """Slots that note whether they ran on the application's main thread."""

    def __init__(self, controller: QtPlaybackController) -> None:
        self.seen: list[tuple[str, bool]] = []
        main = QCoreApplication.instance()
        assert main is not None
        self.main_thread = main.thread()
        for name in ("started", "ended", "error", "position_changed", "duration_changed"):
            getattr(controller, name).connect(lambda *_args, n=name: self._note(n))

    def _note(self, name: str) -> None:
        self.seen.append((name, QThread.currentThread() is self.main_thread))


def test_signals_arrive_on_the_gui_thread(
    qtbot: QtBot, controller: QtPlaybackController, clips: Clips
) -> None:
    check = ThreadCheck(controller)
    with qtbot.waitSignal(controller.started, timeout=5000):
        controller.play_clip(clips.mp4)
    with qtbot.waitSignal(controller.ended, timeout=10000):
        pass
    names = {name for name, _on_main in check.seen}
    assert {"started", "ended", "position_changed", "duration_changed"} <= names
    assert all(on_main for _name, on_main in check.seen), check.seen


def test_error_signal_carries_the_plain_message(
    qtbot: QtBot, controller: QtPlaybackController, clips: Clips
) -> None:
    check = ThreadCheck(controller)
    with qtbot.waitSignal(controller.error, timeout=5000) as blocker:
        controller.play_clip(clips.missing)
    assert blocker.args == [MSG_MISSING] and check.seen == [("error", True)]


def test_video_view_shows_caption_for_audio_only(
    qtbot: QtBot, controller: QtPlaybackController, clips: Clips
) -> None:
    host = QWidget()
    QVBoxLayout(host).addWidget(view := VideoView())
    qtbot.addWidget(host)
    view.attach(controller)
    host.resize(640, 360)
    host.show()
    view.prepare_clip(clips.wav, CAPTION)
    assert view.is_caption_shown() and view.caption_text() == CAPTION
    label = view.findChild(QLabel, "clipCaption")
    assert label is not None and label.isVisible() and label.font().pointSizeF() >= 18
    assert label.wordWrap()
    view.prepare_clip(clips.mp4, CAPTION)
    assert not view.is_caption_shown() and view.video_surface().isVisible()
    expected = "QVideoWidget" if controller.backend_name == "qt" else "QWidget"
    assert type(view.video_surface()).__name__ == expected
    with qtbot.waitSignal(controller.ended, timeout=10000):
        controller.play_clip(clips.mp4)
    view.detach()


@pytest.fixture(scope="module")
def xvfb_display() -> Iterator[str]:
    """A private Xvfb server; the display number is chosen by Xvfb itself (-displayfd)."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb): cannot test embedding in a real X window")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        pytest.skip("Xvfb did not start")
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def test_vlc_draws_into_the_video_view_window(xvfb_display: str, clips: Clips) -> None:
    env = dict(os.environ, DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb")
    done = subprocess.run(
        [sys.executable, "-m", "tests.media.playback.embed_child", str(clips.mp4)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result.get("outcome") == "ended", result
    assert is_clip_colour(str(result["centre"])), result
    assert not is_clip_colour(str(result["corner"])), result  # no stray libvlc window


def is_clip_colour(name: str) -> bool:
    """'#rrggbb' close to the clip's 0x334455 (YUV rounding allowed)."""
    rgb = [int(name[i : i + 2], 16) for i in (1, 3, 5)]
    return all(abs(a - b) <= 6 for a, b in zip(rgb, (0x33, 0x44, 0x55), strict=True))
