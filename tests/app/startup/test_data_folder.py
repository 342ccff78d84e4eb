"""The data-folder check on real filesystems: a full tmpfs, a read-only one, a read-only database
file, too little room, a file in the way, and the ordinary writable folder."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from app.paths import DataPaths
from app.startup.data_folder import (
    PROBE_NAME,
    ProblemKind,
    check_data_folder,
    sqlite_database_file,
)
from tests.support.mounts import fill_to_brim, read_only_file, remount_read_only, tmpfs


def no_probe_left(home: Path) -> bool:
    return not list(home.glob(f"{PROBE_NAME}*"))


def test_writable_folder_has_no_problems_and_leaves_no_probe(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "home")
    check = check_data_folder(paths, paths.database)
    assert check.problems == () and check.blocking is None
    assert check.free_bytes is not None and check.free_bytes > 0
    assert paths.recordings.is_dir() and no_probe_left(paths.home)


def test_full_disk_is_named_as_full_not_as_anything_else(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk") as disk:
        paths = DataPaths(disk / "home").ensure()
        fill_to_brim(disk)
        check = check_data_folder(paths, paths.database)
        assert check.blocking is not None and check.blocking.kind is ProblemKind.FULL
        assert check.blocking.message.startswith("The disk holding your practice data is full")
        assert str(paths.home) in check.blocking.message
        assert check.free_bytes == 0 and no_probe_left(paths.home)


def test_read_only_disk_says_read_only(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk") as disk:
        paths = DataPaths(disk / "home").ensure()
        remount_read_only(disk)
        check = check_data_folder(paths)
        problem = check.blocking
        assert problem is not None and problem.kind is ProblemKind.READ_ONLY
        assert "can only be read, not written (read-only)" in problem.message
        assert check.warnings == ()  # free space on a disk nobody can write to is beside the point


def test_folder_that_cannot_be_created_on_a_read_only_disk(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk") as disk:
        remount_read_only(disk)
        problem = check_data_folder(DataPaths(disk / "new" / "home")).blocking
        assert problem is not None and problem.kind is ProblemKind.READ_ONLY


def test_little_room_warns_without_blocking(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", size="50m") as disk:
        check = check_data_folder(DataPaths(disk / "home"))
        assert check.blocking is None
        [warning] = check.warnings
        assert warning.kind is ProblemKind.LOW_SPACE
        # 50 MiB of tmpfs, shown in decimal units like every size in the app (app/file_sizes.py)
        assert re.match(r"Only 5[0-2]\.\d MB is free on the disk holding your practice data", warning.message)
        assert "about 8 minutes of recording" in warning.message


def test_read_only_database_file_is_caught_even_in_a_writable_folder(
    tmp_path: Path, template_db: Path
) -> None:
    paths = DataPaths(tmp_path / "home").ensure()
    shutil.copy(template_db, paths.database)
    with read_only_file(paths.database):
        problem = check_data_folder(paths, paths.database).blocking
        assert problem is not None and problem.kind is ProblemKind.DATABASE_READ_ONLY
        assert "can be read but not changed (read-only)" in problem.message
    assert check_data_folder(paths, paths.database).problems == ()  # writable again: no problem


def test_a_file_in_the_way_is_a_plain_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    problem = check_data_folder(DataPaths(blocker / "home")).blocking
    assert problem is not None and problem.kind is ProblemKind.NOT_A_FOLDER
    assert "Errno" not in problem.message and "not a folder" in problem.message


def test_sqlite_file_is_read_from_the_url_without_sqlalchemy() -> None:
    assert sqlite_database_file("sqlite:////data/practice.sqlite3") == Path("/data/practice.sqlite3")
    assert sqlite_database_file("sqlite+pysqlite:///rel.db?timeout=5") == Path("rel.db")
    assert sqlite_database_file("sqlite://") is None
    assert sqlite_database_file("sqlite:///:memory:") is None
    assert sqlite_database_file("postgresql://u@h/db") is None
