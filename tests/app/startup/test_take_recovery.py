"""Start-up recovery: a take killed mid-recording comes back attached to its attempt."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import wave
from pathlib import Path

import numpy as np
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from app.startup.take_recovery import recover_interrupted_takes
from media.recording.wav_writer import WavWriter
from practice_db.records import NewClip
from practice_db.store import PracticeStore
from tests.support.fakemic import PulseMic
from tests.ui.shell.test_app_shell import open_window

REPO = Path(__file__).resolve().parents[3]


def _attempt(store: PracticeStore) -> tuple[str, str]:
    me = store.profiles.create("Me", "clinician").id
    clip = store.clips.add(NewClip("C", "hostile", 1, "clips/c.ogg", "h1")).id
    attempt = store.attempts.begin(me, clip, None, "pending")
    return attempt.uuid, f"recordings/{attempt.uuid}.wav"


def test_take_killed_mid_recording_is_recovered_into_its_attempt(
    store: PracticeStore, data_paths: DataPaths, realtime_mic: PulseMic
) -> None:
    uuid, relative = _attempt(store)
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.media.recording.record_child",
            str(data_paths.home / relative),
            realtime_mic.device,
            "60",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().startswith("RECORDING")
        time.sleep(1.5)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(5)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert list(data_paths.recordings.glob("*.partial")), "the crash left a partial take"
    report = recover_interrupted_takes(store, data_paths)
    assert report.recovered == [uuid]
    attempt = store.attempts.by_uuid(uuid)
    assert attempt is not None and attempt.status == "recovered"
    assert attempt.recording_path == relative
    assert attempt.duration_ms is not None and attempt.duration_ms >= 1000
    with wave.open(str(data_paths.home / relative)) as w:  # readable by the stdlib too
        assert abs(w.getnframes() / w.getframerate() * 1000 - attempt.duration_ms) <= 1
    assert not list(data_paths.recordings.glob("*.partial"))
    assert recover_interrupted_takes(store, data_paths).summary() is None  # second start: nothing to do


def _orphan_partial(folder: Path) -> Path:
    writer = WavWriter(folder / "no-such-attempt.wav", 48000)
    writer.write((np.sin(np.arange(48000) / 10) * 0.3).astype(np.float32).reshape(-1, 1))
    return writer.abandon()  # what a crash leaves behind


def test_orphan_take_is_kept_and_the_user_is_told(qtbot: QtBot, data_paths: DataPaths) -> None:
    partial = _orphan_partial(data_paths.recordings)
    assert partial.name.endswith(".partial")
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.startup_note is not None, timeout=10000)
    assert window.startup_note is not None and "kept" in window.startup_note.text()
    assert (data_paths.recordings / "no-such-attempt.wav").is_file()
