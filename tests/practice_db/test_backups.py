"""Backups on real files: only whole, verified copies get a final name, even when the writer is
killed; restore never installs an empty database; pruning keeps each revision's newest copy."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from practice_db.engine import make_engine
from practice_db.errors import DatabaseDamagedError
from practice_db.integrity import (
    BackupError,
    backup_database,
    list_backups,
    prune_backups,
    quick_check,
    read_revision,
    restore_backup,
)
from practice_db.migrate import open_database, upgrade
from practice_db.schema_version import HEAD_REVISION
from tests.support.old_databases import seed_at_0001

REPO = Path(__file__).resolve().parents[2]

# Backs up argv[1] into argv[2] and is killed with SIGKILL once SQLite has written the copy,
# before it was verified and renamed.
_KILLED_BACKUP = """
import os, signal, sys
from pathlib import Path
import practice_db.integrity as integrity

def _killed(path):
    os.kill(os.getpid(), signal.SIGKILL)

integrity.fsync_file = _killed
integrity.backup_database(Path(sys.argv[1]), Path(sys.argv[2]), "before-0004")
print("backup finished", flush=True)
"""

# Restores argv[1] over argv[2] and is killed once the copy is written, before it is swapped in.
_KILLED_RESTORE = """
import os, signal, sys
from pathlib import Path
import practice_db.integrity as integrity

def _killed(path):
    os.kill(os.getpid(), signal.SIGKILL)

integrity.fsync_file = _killed
integrity.restore_backup(Path(sys.argv[1]), Path(sys.argv[2]))
print("restore finished", flush=True)
"""


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _add_profile(db: Path, name: str) -> None:
    conn = sqlite3.connect(db)
    try:
        conn.execute(
            "INSERT INTO profiles (uuid, name, role, created_at) VALUES (?, ?, 'clinician', '2026-01-01')",
            (f"u-{name}", name),
        )
        conn.commit()
    finally:
        conn.close()


def _profile_names(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [str(r[0]) for r in conn.execute("SELECT name FROM profiles ORDER BY id")]
    finally:
        conn.close()


def test_backup_is_verified_private_and_named_with_its_revision(tmp_path: Path) -> None:
    db, backups = tmp_path / "practice.sqlite3", tmp_path / "backups"
    seed_at_0001(db)
    made = backup_database(db, backups, "before-0004")
    assert re.fullmatch(r"practice-\d{8}T\d{12}Z-before-0004~0001~[0-9a-f]{16}\.sqlite3", made.name)
    assert _mode(made) == 0o600 and _mode(backups) == 0o700
    assert quick_check(made) == (True, "ok") and read_revision(made) == "0001"
    assert _profile_names(made) == ["Dana"]
    assert sorted(p.name for p in backups.iterdir()) == [made.name], "no temporary file, no -wal beside it"
    [info] = list_backups(backups)
    assert (info.path, info.revision, info.label) == (made, "0001", "before-0004")
    assert backup_database(db, backups, "before-0004") == made, "an unchanged file is not copied twice"
    _add_profile(db, "Noor")
    assert backup_database(db, backups, "before-0004") != made and len(list_backups(backups)) == 2


def test_backup_killed_mid_write_never_gets_a_final_name(tmp_path: Path) -> None:
    db, backups = tmp_path / "practice.sqlite3", tmp_path / "backups"
    seed_at_0001(db)
    child = subprocess.run(
        [sys.executable, "-c", _KILLED_BACKUP, str(db), str(backups)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert "backup finished" not in child.stdout
    left = [p.name for p in backups.iterdir()]
    assert left and all(name.startswith(".incoming-") for name in left), left
    assert list_backups(backups) == []

    made = backup_database(db, backups, "before-0004")  # the next backup clears the dead one's file
    assert [p.name for p in backups.iterdir()] == [made.name]
    assert read_revision(made) == "0001"


def test_empty_or_garbage_file_under_a_backup_name_is_ignored_and_never_restored(tmp_path: Path) -> None:
    db, backups = tmp_path / "practice.sqlite3", tmp_path / "backups"
    seed_at_0001(db)
    good = backup_database(db, backups, "before-0004")
    # What an older build could leave: a killed backup under its final name, newer than the good one.
    empty = backups / "practice-20991231T000000000000Z-before-0004.sqlite3"
    empty.touch()
    garbage = backups / "practice-20991231T000001000000Z-before-0004.sqlite3"
    garbage.write_bytes(b"not a database" * 100)
    assert [b.path for b in list_backups(backups)] == [good]

    before = db.read_bytes()
    for bad in (empty, garbage):
        with pytest.raises(BackupError, match="empty or damaged"):
            restore_backup(bad, db)
    assert db.read_bytes() == before and _profile_names(db) == ["Dana"]
    assert not list(tmp_path.glob("practice.sqlite3.*")), "nothing was moved aside"


def test_restore_swaps_in_a_private_copy_and_keeps_the_replaced_file(tmp_path: Path) -> None:
    db, backups = tmp_path / "practice.sqlite3", tmp_path / "backups"
    seed_at_0001(db)
    made = backup_database(db, backups, "manual")
    _add_profile(db, "Noor")
    kept = restore_backup(made, db, "replaced")
    assert _profile_names(db) == ["Dana"] and _mode(db) == 0o600
    assert kept is not None and kept.name.startswith("practice.sqlite3.replaced-")
    assert _profile_names(kept) == ["Dana", "Noor"]
    assert not list(tmp_path.glob(".practice.sqlite3.restoring*"))


def test_restore_killed_mid_write_leaves_the_database_alone(tmp_path: Path) -> None:
    db, backups = tmp_path / "practice.sqlite3", tmp_path / "backups"
    seed_at_0001(db)
    made = backup_database(db, backups, "manual")
    _add_profile(db, "Noor")
    child = subprocess.run(
        [sys.executable, "-c", _KILLED_RESTORE, str(made), str(db)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert _profile_names(db) == ["Dana", "Noor"], "the database was not touched"
    assert (tmp_path / ".practice.sqlite3.restoring").exists()
    engine = make_engine(f"sqlite:///{db}")
    open_database(engine, backups)  # the next start clears the half-written copy
    engine.dispose()
    assert not list(tmp_path.glob(".practice.sqlite3.restoring*"))
    assert _profile_names(db) == ["Dana", "Noor"]


def test_pruning_keeps_the_newest_backup_of_every_revision(tmp_path: Path) -> None:
    db, backups = tmp_path / "practice.sqlite3", tmp_path / "backups"
    seed_at_0001(db)
    old_revision = backup_database(db, backups, "before-0004")
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    engine.dispose()
    newer = []
    for n in range(12):
        _add_profile(db, f"p{n}")
        newer.append(backup_database(db, backups, "manual"))
    prune_backups(backups, keep=10)
    left = list_backups(backups)
    assert [b.path for b in left] == [*reversed(newer[2:]), old_revision]
    assert {b.revision for b in left} == {"0001", HEAD_REVISION}


def test_damaged_database_is_offered_only_whole_backups(tmp_path: Path) -> None:
    db, backups = tmp_path / "practice.sqlite3", tmp_path / "backups"
    seed_at_0001(db)
    good = backup_database(db, backups, "manual")
    (backups / "practice-20991231T000000000000Z-before-0004.sqlite3").touch()
    leftover = backups / f".incoming-{os.getpid()}-20991231T000000000000Z.sqlite3.partial"
    leftover.write_bytes(b"")
    size = db.stat().st_size
    with db.open("r+b") as fh:  # overwrite pages after the header, as a failing disk would
        fh.seek(4096)
        fh.write(b"\xde\xad\xbe\xef" * ((size - 4096) // 4))
    engine = make_engine(f"sqlite:///{db}")
    with pytest.raises(DatabaseDamagedError) as caught:
        open_database(engine, backups)
    engine.dispose()
    assert [b.path for b in caught.value.backups] == [good]
    assert not leftover.exists(), "temporary files of finished or dead backups are cleared at open"
