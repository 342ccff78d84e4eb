"""Start-up recovery of assessment takes: a take cut off mid-recording gets its audio back, a take
with none becomes "no reply", and the sitting the app died in is marked incomplete."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from app.paths import DataPaths
from app.startup.take_recovery import recover_interrupted_takes
from media.recording.wav_writer import WavWriter
from practice_db.store import PracticeStore
from tests.support.seeding import add_clip
from tests.support.taking_world import make_set


def _cut_off(path: Path, seconds: float) -> Path:
    writer = WavWriter(path, 48000)
    frames = int(48000 * seconds)
    writer.write((np.sin(np.arange(frames) / 10) * 0.3).astype(np.float32).reshape(-1, 1))
    return writer.abandon()  # what a crash leaves behind


def test_a_crash_midway_keeps_the_takes_and_ends_the_sitting(
    store: PracticeStore, data_paths: DataPaths
) -> None:
    me = store.profiles.create("Dana", "clinician")
    clips = [add_clip(store, f"c{i}", "hostile", 1) for i in range(3)]
    sitting = store.assessment_sittings.start(me.id, make_set(store, clips))
    cut = store.assessment_sittings.begin_take(sitting.id, 0, "recordings/cut.wav", "cut")
    silent = store.assessment_sittings.begin_take(sitting.id, 1, "recordings/silent.wav", "silent")
    partial = _cut_off(data_paths.home / "recordings/cut.wav", 1.5)
    assert partial.exists()
    report = recover_interrupted_takes(store, data_paths)
    assert report.recovered == ["cut"] and report.orphans == []
    assert [n.exercise for n in report.no_reply] == ["c1"]
    takes = {t.uuid: t for t in store.assessment_sittings.takes(sitting.id)}
    assert takes["cut"].status == "recovered" and takes["cut"].recording_path == "recordings/cut.wav"
    assert takes["cut"].duration_ms is not None and abs(takes["cut"].duration_ms - 1500) <= 5
    assert takes["silent"].status == "no_reply" and takes["silent"].id == silent.id
    assert cut.id == takes["cut"].id
    assert store.assessment_sittings.get(sitting.id).status == "incomplete"
    assert store.assessment_sittings.unfinished_takes() == []
    assert recover_interrupted_takes(store, data_paths).summary() is None  # second start: nothing to do
