"""The Qt adapter: levels and the end of a take arrive as signals on the GUI thread."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pytestqt.qtbot import QtBot

from media.recording.recorder import Recorder, TakeResult
from media.recording.recorder_qt import QtRecorder
from tests.support.fakemic import PulseMic
from tests.support.fakemic_plugin import FakeMic

pytestmark = [pytest.mark.audio, pytest.mark.gui]


def test_levels_and_a_take_that_ends_by_itself(
    qtbot: QtBot, realtime_mic: PulseMic, fake_mic: FakeMic, tmp_path: Path
) -> None:
    adapter = QtRecorder(Recorder(realtime_mic.device))
    levels: list[float] = []
    finished: list[TakeResult] = []
    adapter.level_changed.connect(levels.append)
    adapter.take_finished.connect(finished.append)
    with qtbot.waitSignal(adapter.level_changed, timeout=5_000):  # warm: the mic is delivering
        assert adapter.arm()
    qtbot.wait(300)
    player = realtime_mic.speak(fake_mic.source_wav)
    with qtbot.waitSignal(adapter.take_finished, timeout=10_000):
        assert adapter.start_take(tmp_path / "attempt.wav", 2.0)
    player.terminate()
    player.wait()
    qtbot.wait(100)  # a late timer tick must not report the take twice
    adapter.close()
    assert len(finished) == 1 and finished[0].stop_reason == "time_up"
    assert finished[0].duration_s == pytest.approx(2.25, abs=0.03)  # window + pre-roll
    assert len(levels) > 20 and max(levels) > 0.1


def test_stop_emits_once_and_failures_are_plain_messages(
    qtbot: QtBot, fake_mic: FakeMic, tmp_path: Path
) -> None:
    adapter = QtRecorder(Recorder(fake_mic.device))
    finished: list[TakeResult] = []
    failures: list[str] = []
    adapter.take_finished.connect(finished.append)
    adapter.take_failed.connect(failures.append)
    assert adapter.start_take(tmp_path / "attempt.wav", 600)
    result = adapter.stop()
    qtbot.wait(100)
    assert result is not None and finished == [result] and result.stop_reason in ("stopped", "time_up")
    assert adapter.stop() is None and finished == [result]

    assert not adapter.start_take(tmp_path / "attempt.wav", 5)  # that reply exists: never overwritten
    assert len(failures) == 1 and "already exists" in failures[0]
    adapter.close()
