"""A failure half way leaves everything as it was, with a plain message: a read-only data folder
(a real read-only mount) and a database that refuses the write (another writer holds it)."""

from __future__ import annotations

import sqlite3
import subprocess

import pytest

from app.deletion.workflow import DISK_PROBLEM, DeletionFailed, DeletionWorkflow
from app.paths import DataPaths
from practice_db.store import PracticeStore
from tests.support.deletion_world import build_world
from tests.support.mounts import require_mounting


def _run_mount(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True, timeout=30)


def test_read_only_data_folder_deletes_nothing(store: PracticeStore, data_paths: DataPaths) -> None:
    """The data folder becomes read-only (a read-only bind mount over it, as a disk remounted
    read-only after an error): every kind of deletion says so and changes nothing."""
    require_mounting()
    world = build_world(store, data_paths)
    flow = DeletionWorkflow(data_paths, store)
    takes = [world.recording(data_paths, store, a) for a in world.dana_attempts]
    home = str(data_paths.home)
    try:
        _run_mount("mount", "--bind", home, home)
        _run_mount("mount", "-o", "remount,bind,ro", home)
    except subprocess.CalledProcessError as exc:
        pytest.fail(f"could not make the data folder read-only: {exc.stderr}")
    try:
        with pytest.raises(DeletionFailed) as attempt_error:
            flow.delete_attempts([world.dana_attempts[0]], world.dana)
        with pytest.raises(DeletionFailed) as clip_error:
            flow.delete_clip(world.own_clip, world.dana)
        with pytest.raises(DeletionFailed) as profile_error:
            flow.delete_profile(world.dana, "Dana Reyes")
    finally:
        subprocess.run(["umount", "-l", home], check=False, capture_output=True, timeout=30)
    for error in (attempt_error, clip_error, profile_error):
        assert str(error.value) == DISK_PROBLEM
    assert "read-only" in DISK_PROBLEM and "Nothing was deleted" in DISK_PROBLEM
    assert all(t.exists() for t in takes)
    assert len(store.attempts.for_profile(world.dana)) == 3
    assert store.clips.get(world.own_clip) and store.profiles.get(world.dana)
    assert flow.undo_stack == [] and not (data_paths.home / "trash").exists()


def test_database_refusing_the_write_puts_the_files_back(store: PracticeStore, data_paths: DataPaths) -> None:
    world = build_world(store, data_paths)
    flow = DeletionWorkflow(data_paths, store)
    wav = world.recording(data_paths, store, world.dana_attempts[0])
    other = sqlite3.connect(data_paths.database, timeout=0.1, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the database (busy_timeout runs out)
    try:
        with pytest.raises(DeletionFailed, match="Nothing was deleted"):
            flow.delete_attempts([world.dana_attempts[0]], world.dana)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert wav.exists()
    assert store.attempts.get(world.dana_attempts[0]).status == "complete"
    assert list((data_paths.home / "trash").iterdir()) == []
