"""`practice-room doctor` tells the truth about the data: a database from a newer version, a
half-migrated one, a damaged one, recordings that are missing or empty, and a full disk. Each is
named in plain words, the run exits 1 and never says "Everything essential is in place"."""

from __future__ import annotations

import io
import re
import shutil
import sqlite3
from pathlib import Path

from app.cli.doctor import run_doctor
from app.paths import DataPaths
from practice_db.engine import make_engine, sqlite_url
from practice_db.migrate import upgrade
from practice_db.records import TakeFacts
from practice_db.schema_version import HEAD_REVISION
from practice_db.store import PracticeStore
from tests.support.mounts import fill_to_brim, remount_read_only, tmpfs
from tests.support.seeding import add_clip

ALL_WELL = "Everything essential is in place."


def doctor(paths: DataPaths) -> tuple[int, str]:
    out = io.StringIO()
    code = run_doctor(paths, out=out)
    return code, out.getvalue()


def assert_not_all_well(code: int, out: str) -> None:
    assert code == 1, out
    assert ALL_WELL not in out
    assert "Not everything essential is in place" in out
    assert "Traceback" not in out and "Error" not in out


def test_database_from_a_newer_version(data_paths: DataPaths, template_db: Path) -> None:
    shutil.copy(template_db, data_paths.database)
    with sqlite3.connect(data_paths.database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    code, out = doctor(data_paths)
    assert "!! Schema revision: 9999: made by a newer Practice Room" in out
    assert_not_all_well(code, out)


def test_half_migrated_database_names_the_stray_column(data_paths: DataPaths) -> None:
    engine = make_engine(sqlite_url(data_paths.database))
    upgrade(engine, "0001")
    engine.dispose()
    with sqlite3.connect(data_paths.database) as conn:  # one column of 0002, revision still 0001
        conn.execute("ALTER TABLE clips ADD COLUMN criteria JSON")
    code, out = doctor(data_paths)
    assert "!! Schema revision: 0001 recorded, but the tables don't match it" in out
    assert "Unexpected columns: clips.criteria" in out
    assert_not_all_well(code, out)


def test_older_intact_database_will_be_upgraded(data_paths: DataPaths) -> None:
    engine = make_engine(sqlite_url(data_paths.database))
    upgrade(engine, "0001")
    engine.dispose()
    code, out = doctor(data_paths)
    assert "ok Schema revision: 0001 (will be upgraded to" in out
    assert code == 0 and ALL_WELL in out, out


def test_damaged_database(data_paths: DataPaths, template_db: Path) -> None:
    shutil.copy(template_db, data_paths.database)
    size = data_paths.database.stat().st_size
    with data_paths.database.open("r+b") as fh:
        fh.seek(4096)
        fh.write(b"\x00\xff" * ((size - 4096) // 2))
    code, out = doctor(data_paths)
    assert "!! Database health: damaged" in out and "newest backup" in out
    assert_not_all_well(code, out)


def take(store: PracticeStore, profile_id: int, clip_id: int, name: str) -> None:
    attempt = store.attempts.begin(profile_id, clip_id, None, f"recordings/{name}")
    store.attempts.finish(attempt.id, TakeFacts(recording_path=f"recordings/{name}", duration_ms=4000))


def test_missing_empty_and_unreadable_recordings_are_counted_and_named(
    store: PracticeStore, data_paths: DataPaths
) -> None:
    dana = store.profiles.create("Dana", "clinician").id
    clip = add_clip(store, "angry", "hostile", 2)
    for name in ("good.wav", "empty.wav", "gone.wav", "folder.wav"):
        take(store, dana, clip, name)
    (data_paths.recordings / "good.wav").write_bytes(b"RIFF" + b"\0" * 4000)
    (data_paths.recordings / "empty.wav").write_bytes(b"")
    (data_paths.recordings / "folder.wav").mkdir()  # can't be read as a file, even by root
    store.close()
    code, out = doctor(data_paths)
    assert "!! Recordings: 3 of 4 can't be played" in out
    assert "Missing (1): gone.wav" in out and "Empty (1): empty.wav" in out
    assert "Can't be read (1): folder.wav" in out and "good.wav" not in out
    assert_not_all_well(code, out)


def test_recordings_all_there(store: PracticeStore, data_paths: DataPaths) -> None:
    dana = store.profiles.create("Dana", "clinician").id
    take(store, dana, add_clip(store, "angry", "hostile", 2), "good.wav")
    (data_paths.recordings / "good.wav").write_bytes(b"RIFF" + b"\0" * 4000)
    store.close()
    code, out = doctor(data_paths)
    assert "ok Recordings: 1 found, all there" in out
    assert f"ok Schema revision: {HEAD_REVISION} (current)" in out
    assert code == 0 and ALL_WELL in out, out


def test_full_disk(tmp_path: Path, template_db: Path) -> None:
    with tmpfs(tmp_path / "disk") as disk:
        paths = DataPaths(disk / "home").ensure()
        shutil.copy(template_db, paths.database)
        fill_to_brim(disk)
        code, out = doctor(paths)
    assert re.search(r"!! Free space: \d{1,3} KB free: the disk is full", out), out  # KB below 1 MB
    assert "The disk holding your practice data is full" in out
    assert "ok Saving" not in out
    assert_not_all_well(code, out)


def test_read_only_disk_is_not_called_damage(tmp_path: Path, template_db: Path) -> None:
    with tmpfs(tmp_path / "disk") as disk:
        paths = DataPaths(disk / "home").ensure()
        shutil.copy(template_db, paths.database)
        remount_read_only(disk)
        code, out = doctor(paths)
    assert "!! Saving: the disk is read-only: it can be read, not written" in out
    assert "can only be read, not written (read-only)" in out
    assert "damaged" not in out
    assert_not_all_well(code, out)
