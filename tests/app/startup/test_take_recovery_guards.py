"""Start-up recovery never stops on one bad file, never deletes one, and settles every attempt
left `recording`: its audio back (`recovered`) or "no reply recorded" (`no_reply`)."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import numpy as np
import soundfile
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from app.startup.take_recovery import recover_interrupted_takes
from media.recording.wav_writer import WavWriter
from practice_db.records import AttemptRecord, NewClip
from practice_db.store import PracticeStore
from tests.ui.shell.test_app_shell import open_window

TITLE = "Hostile: you're late again"
GARBAGE = bytes(range(256)) * 16  # 4 KB that is no audio format at all


def _exercise(store: PracticeStore) -> tuple[int, int]:
    me = store.profiles.create("Me", "clinician").id
    clip = store.clips.add(NewClip(TITLE, "hostile", 1, "clips/c.ogg", "h1")).id
    return me, clip


def _begin(store: PracticeStore, me: int, clip: int) -> AttemptRecord:
    """As the Rehearse page does: the row names its file before the first audio block."""
    name = str(uuid.uuid4())
    return store.attempts.begin(me, clip, None, f"recordings/{name}.wav", uuid=name)


def _file(paths: DataPaths, attempt: AttemptRecord) -> Path:
    assert attempt.recording_path is not None
    return paths.home / attempt.recording_path


def _partial_with_audio(final: Path, seconds: float = 1.0) -> Path:
    writer = WavWriter(final, 48000)
    samples = np.sin(np.arange(int(48000 * seconds)) / 10) * 0.3
    writer.write(samples.astype(np.float32).reshape(-1, 1))
    return writer.abandon()  # what a crash leaves behind


def _status(store: PracticeStore, attempt: AttemptRecord) -> str:
    return store.attempts.get(attempt.id).status


def _day(attempt: AttemptRecord) -> str:
    local = attempt.started_at.astimezone()
    return f"{local.day} {local:%b}"


def test_unreadable_and_empty_recordings_never_stop_the_window_opening(
    qtbot: QtBot, data_paths: DataPaths
) -> None:
    seeded = PracticeStore.open(f"sqlite:///{data_paths.database}", data_paths.backups)
    me, clip = _exercise(seeded)
    zero = _begin(seeded, me, clip)  # the issue: a 0-byte WAV for an attempt still recording
    _file(data_paths, zero).write_bytes(b"")
    damaged = _begin(seeded, me, clip)  # bytes libsndfile cannot read: maybe a voice, so kept
    _file(data_paths, damaged).write_bytes(GARBAGE)
    killed = _begin(seeded, me, clip)  # a real take cut off by a crash
    _partial_with_audio(_file(data_paths, killed))
    early = _begin(seeded, me, clip)  # the app died while the clip played: no file at all
    seeded.close()

    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.startup_note is not None, timeout=15000)
    assert window.isVisible() and window.store is not None  # opened; no "Could not open" and close
    note = window.startup_note
    assert note is not None
    text = note.text()
    assert (
        f"The reply recorded for '{TITLE}' on {_day(damaged)} could not be read; "
        f"it is kept as {_file(data_paths, damaged)}." in text
    )
    assert "A reply cut off last time was saved and kept with its exercise." in text
    assert "2 takes (" in text and "no reply recorded" in text and TITLE in text
    assert "Traceback" not in text and "Error" not in text

    store = window.store
    assert [_status(store, a) for a in (zero, damaged, killed, early)] == [
        "no_reply",
        "no_reply",
        "recovered",
        "no_reply",
    ]
    assert _file(data_paths, zero).read_bytes() == b""  # nothing deleted, nothing rewritten
    assert _file(data_paths, damaged).read_bytes() == GARBAGE
    assert soundfile.info(str(_file(data_paths, killed))).frames == 48000
    assert recover_interrupted_takes(store, data_paths).summary() is None  # told once, settled


def test_partials_without_usable_audio_settle_their_attempts_and_are_kept(
    store: PracticeStore, data_paths: DataPaths
) -> None:
    me, clip = _exercise(store)
    empty = _begin(store, me, clip)
    Path(str(_file(data_paths, empty)) + ".partial").write_bytes(b"")
    damaged = _begin(store, me, clip)
    damaged_partial = Path(str(_file(data_paths, damaged)) + ".partial")
    damaged_partial.write_bytes(GARBAGE)
    header_only = _begin(store, me, clip)
    soundfile.SoundFile(str(_file(data_paths, header_only)), "w", 48000, 1, format="WAV").close()

    report = recover_interrupted_takes(store, data_paths)

    assert [_status(store, a) for a in (empty, damaged, header_only)] == ["no_reply"] * 3
    kept = Path(str(damaged_partial) + ".unreadable")
    assert kept.read_bytes() == GARBAGE
    assert [(n.exercise, n.file) for n in report.unreadable] == [(TITLE, kept)]
    assert len(report.no_reply) == 2 and report.recovered == [] and report.orphans == []
    assert Path(str(_file(data_paths, empty)) + ".partial.empty").is_file()
    assert _file(data_paths, header_only).is_file()
    summary = report.summary()
    assert summary is not None and f"it is kept as {kept}." in summary
    assert f"2 takes ('{TITLE}' on {_day(empty)}; '{TITLE}' on {_day(header_only)})" in summary


def test_a_step_that_fails_is_named_the_others_go_on_and_the_next_start_finishes_it(
    store: PracticeStore, data_paths: DataPaths
) -> None:
    me, clip = _exercise(store)
    killed = _begin(store, me, clip)
    _partial_with_audio(_file(data_paths, killed))
    orphan = _partial_with_audio(data_paths.recordings / "no-such-attempt.wav")
    blocker = sqlite3.connect(data_paths.database, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the database: every update fails
    try:
        report = recover_interrupted_takes(store, data_paths)
    finally:
        blocker.rollback()
        blocker.close()
    assert [(n.exercise, n.started_at) for n in report.unreadable] == [(TITLE, killed.started_at)]
    assert report.orphans == [data_paths.recordings / "no-such-attempt.wav"]  # went on to the next file
    assert not orphan.exists() and report.orphans[0].is_file()
    assert _status(store, killed) == "recording"  # left as it was, audio repaired in place
    summary = report.summary()
    assert summary is not None and "will be checked again at the next start" in summary

    again = recover_interrupted_takes(store, data_paths)
    assert again.recovered == [killed.uuid] and _status(store, killed) == "recovered"
    assert store.attempts.get(killed.id).duration_ms == 1000


def test_audio_found_later_replaces_no_reply_but_never_a_finished_reply(
    store: PracticeStore, data_paths: DataPaths
) -> None:
    me, clip = _exercise(store)
    late = _begin(store, me, clip)
    recover_interrupted_takes(store, data_paths)
    assert _status(store, late) == "no_reply"
    _partial_with_audio(_file(data_paths, late))  # e.g. restored from a backup of the folder
    assert recover_interrupted_takes(store, data_paths).recovered == [late.uuid]
    assert _status(store, late) == "recovered"

    done = _begin(store, me, clip)
    store.attempts.set_status(done.id, "complete")
    _partial_with_audio(_file(data_paths, done))
    report = recover_interrupted_takes(store, data_paths)
    assert report.recovered == [] and len(report.orphans) == 1 and report.orphans[0].is_file()
    assert store.attempts.get(done.id).recording_path == done.recording_path


def _killed_without_header_update(partial: Path) -> None:
    """An older writer (no automatic header update) killed mid-take: repair must rewrite it."""
    code = textwrap.dedent(f"""
        import os, signal, numpy as np, soundfile
        f = soundfile.SoundFile({str(partial)!r}, "w", samplerate=48000, channels=1, format="WAV")
        f.write((np.sin(np.arange(48000) / 8) * 9000).astype(np.int16))
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == -signal.SIGKILL


def test_a_repair_that_fails_leaves_the_take_for_the_next_start_and_the_others_go_on(
    store: PracticeStore, data_paths: DataPaths
) -> None:
    me, clip = _exercise(store)
    stuck = _begin(store, me, clip)
    partial = Path(str(_file(data_paths, stuck)) + ".partial")
    _killed_without_header_update(partial)
    blocker = Path(str(_file(data_paths, stuck)) + ".repairing")
    blocker.mkdir()  # where the repaired copy must go: the repair raises
    fine = _begin(store, me, clip)
    _partial_with_audio(_file(data_paths, fine))

    report = recover_interrupted_takes(store, data_paths)
    assert report.recovered == [fine.uuid]
    assert [(n.exercise, n.file) for n in report.unreadable] == [(TITLE, partial)]
    assert _status(store, stuck) == "recording" and partial.is_file()  # left exactly as it was
    summary = report.summary()
    assert summary is not None and f"it is kept as {partial}." in summary

    blocker.rmdir()
    assert recover_interrupted_takes(store, data_paths).recovered == [stuck.uuid]
    assert store.attempts.get(stuck.id).duration_ms == 1000
