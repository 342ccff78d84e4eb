"""Clinic mode through the real save steps: a practice take and an assessment take saved on
computer A (the worker steps the pages run) reach the server and play on computer B with libvlc."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import soundfile as sf

from app.clinic.file_cache import FetchError, assessment_take_recording, attempt_recording
from app.clinic.file_sync import assessment_take_key, attempt_key
from app.clinic.upload_queue import UPLOADS
from media.constants import HEADLESS_VLC_ARGS
from media.playback.libvlc_probe import open_libvlc
from media.playback.vlc_player import VlcPlayer
from media.recording.recorder import TakeResult
from tests.app.clinic.file_world import Computer, clip_on, computer
from tests.media.playback.support import HookLog
from tests.support.bundle_world import write_take
from tests.support.sound_compare import assert_same_sound
from tests.support.taking_world import make_set
from ui.assessment.taking_workers import store_assessment_take
from ui.rehearse.take_workers import store_take


@pytest.fixture
def a(tmp_path: Path, pg_url: str) -> Iterator[Computer]:
    pc = computer(tmp_path / "A", pg_url)
    yield pc
    pc.close()


@pytest.fixture
def b(tmp_path: Path, pg_url: str) -> Iterator[Computer]:
    pc = computer(tmp_path / "B", pg_url)
    yield pc
    pc.close()


@pytest.fixture
def vlc() -> Iterator[Any]:
    instance, status = open_libvlc(HEADLESS_VLC_ARGS)
    assert instance is not None, status.reason
    yield instance
    instance.release()


def _take(path: Path, seconds: float) -> TakeResult:
    write_take(path, seconds=seconds, rate=48_000, seed=3)
    frames = sf.info(str(path)).frames
    return TakeResult(path, frames, 48_000, seconds, 0, 5.0, "stopped", None)


def test_a_practice_take_saved_on_a_plays_on_b_through_libvlc(a: Computer, b: Computer, vlc: Any) -> None:
    me = a.store.profiles.create("Dana", "clinician").id
    attempt = a.store.attempts.begin(me, clip_on(a), None, "pending")
    result = _take(a.paths.recordings / f"{attempt.uuid}.wav", seconds=2)
    saved = store_take(a.store, a.paths.home, attempt.id, result)  # what the Rehearse page runs
    UPLOADS.wait()  # the upload runs on its own thread, not on the database worker
    assert b.store.stored_files.info(attempt_key(saved.uuid)) is not None

    played = attempt_recording(b.store, b.paths, b.store.attempts.get(saved.id))
    assert played is not None and played.parent == b.paths.cache
    assert_same_sound(result.path, played)
    log = HookLog()
    player = VlcPlayer(vlc, log.hooks())
    try:
        log.mark()
        player.load(played)
        player.play()
        assert log.wait_finished(15) == "ended"
    finally:
        player.close()
    assert log.kinds() == ["started", "ended"], log.events
    duration = log.first("duration")
    assert duration is not None and abs(int(duration[1]) - 2000) < 150  # type: ignore[call-overload]


def test_an_assessment_take_saved_on_a_plays_on_b(a: Computer, b: Computer) -> None:
    me = a.store.profiles.create("Dana", "clinician").id
    set_id = make_set(a.store, [clip_on(a, 1), clip_on(a, 2)])
    sitting = a.store.assessment_sittings.start(me, set_id)
    take = a.store.assessment_sittings.begin_take(sitting.id, 0, "pending")
    result = _take(a.paths.recordings / f"assessment-{take.uuid}.wav", seconds=3)
    saved = store_assessment_take(a.store, a.paths.home, take.id, result)  # what the Assessment page runs
    UPLOADS.wait()
    stored = b.store.stored_files.info(assessment_take_key(saved.uuid))
    assert stored is not None and stored.kind == "assessment_take" and stored.profile_id == me

    started = time.perf_counter()
    played = assessment_take_recording(b.store, b.paths, saved.id, saved.recording_path)
    assert played is not None and played.name == f"assessment_take-{saved.uuid}.wav"
    assert time.perf_counter() - started < 10
    assert_same_sound(result.path, played)


def test_a_take_with_no_row_on_the_server_says_so(b: Computer) -> None:
    with pytest.raises(FetchError) as raised:
        assessment_take_recording(b.store, b.paths, 999_999, "recordings/x.wav")
    assert "not on the clinic's server" in str(raised.value)
