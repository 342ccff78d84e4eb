"""Health checks and verified backups of a SQLite database file.

A backup is written under a temporary name, fsynced and verified (integrity check, the source's
tables, the source's schema revision) before it is renamed to its final name, so a file with a
final backup name is always a whole, usable copy. The final name also records the copy's
revision and a fingerprint of the file it was made from, so an unchanged file is not copied
twice and pruning can keep the newest copy of every revision.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from practice_db.safe_files import (
    create_private_file,
    fsync_file,
    fsync_folder,
    private_folder,
    process_alive,
    remove_with_sidecars,
)
from practice_db.timeutil import utcnow

BACKUP_SUFFIX = ".sqlite3"
_STAMP = "%Y%m%dT%H%M%S%fZ"
# practice-<stamp>-<label>~<revision>~<fingerprint>.sqlite3; older builds wrote no ~ part.
_NAME = re.compile(
    r"^practice-(?P<stamp>\d{8}T\d{12}Z)-(?P<label>[^~]*?)(?:~(?P<rev>[0-9A-Za-z_]+)~(?P<src>[0-9a-f]{16}))?"
    + re.escape(BACKUP_SUFFIX)
    + "$"
)
_TEMP_PREFIX = ".incoming-"  # .incoming-<pid>-<stamp>.sqlite3.partial
_NO_REVISION = "none"


class BackupError(RuntimeError):
    """A backup could not be written, did not verify, or cannot be restored. str() is a plain
    sentence; `detail` says what exactly failed, for the log."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    label: str
    revision: str | None = None
    source: str | None = None  # fingerprint of the database file it was copied from


@dataclass(frozen=True)
class _Shape:
    tables: frozenset[str]
    revision: str | None


def quick_check(path: Path) -> tuple[bool, str]:
    """Run PRAGMA quick_check; returns (ok, detail). Never raises for a damaged file."""
    return _check(path, "quick_check")


def _check(path: Path, pragma: str) -> tuple[bool, str]:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as exc:
        return False, str(exc)
    try:
        rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.DatabaseError as exc:
        return False, str(exc)
    finally:
        conn.close()
    detail = "; ".join(str(r[0]) for r in rows)
    return detail == "ok", detail


def _shape(path: Path) -> _Shape:
    """The file's tables and schema revision; raises sqlite3.Error for a file that is no database."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        names = frozenset(str(r[0]) for r in rows)
        revision = None
        if "alembic_version" in names:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = None if row is None else str(row[0])
    finally:
        conn.close()
    return _Shape(names, revision)


def read_revision(path: Path) -> str | None:
    """The schema revision stored in a database file, or None if it has none or is unreadable."""
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        return _shape(path).revision
    except sqlite3.Error:
        return None


def _problem_with_copy(path: Path, expected: _Shape | None) -> str | None:
    """Why the copy at `path` can't be trusted, or None. Without `expected`: any usable database."""
    if not path.is_file() or path.stat().st_size == 0:
        return "the file is empty"
    ok, detail = _check(path, "integrity_check")
    if not ok:
        return f"integrity check: {detail}"
    try:
        shape = _shape(path)
    except sqlite3.Error as exc:
        return str(exc)
    if expected is None:
        if shape.revision is None or not shape.tables - {"alembic_version"}:
            return "it holds no practice data"
        return None
    if missing := expected.tables - shape.tables:
        return f"tables missing: {', '.join(sorted(missing))}"
    if shape.revision != expected.revision:
        return f"schema revision {shape.revision}, expected {expected.revision}"
    return None


def fingerprint(path: Path) -> str:
    """A hash of the database file and its write-ahead log: equal means unchanged."""
    digest = hashlib.sha256()
    for part in (path, path.with_name(path.name + "-wal")):
        if part.exists():
            with part.open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def _copy_database(source: Path, target: Path) -> None:
    """SQLite's online backup API into `target` (an existing empty file), then fsync."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=5)
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            dst.close()
    finally:
        src.close()
    fsync_file(target)


def remove_unfinished_backups(backup_dir: Path) -> None:
    """Delete temporary files of backups that never finished (their process is gone)."""
    if not backup_dir.is_dir():
        return
    for temp in backup_dir.glob(f"{_TEMP_PREFIX}*"):
        pid_text = temp.name.removeprefix(_TEMP_PREFIX).split("-", 1)[0]
        pid = int(pid_text) if pid_text.isdigit() else 0
        if pid == os.getpid() or not pid or not process_alive(pid):
            temp.unlink(missing_ok=True)


def backup_database(path: Path, backup_dir: Path, label: str) -> Path:
    """A verified copy of `path` in `backup_dir`; an existing copy of the unchanged file is reused."""
    private_folder(backup_dir)
    remove_unfinished_backups(backup_dir)
    source = fingerprint(path)
    for existing in list_backups(backup_dir):
        if existing.source == source:
            return existing.path
    try:
        expected = _shape(path)
    except sqlite3.Error as exc:
        raise BackupError("Your practice data could not be read to back it up.", str(exc)) from exc
    stamp = utcnow().strftime(_STAMP)
    temp = backup_dir / f"{_TEMP_PREFIX}{os.getpid()}-{stamp}{BACKUP_SUFFIX}.partial"
    try:
        create_private_file(temp)
        _copy_database(path, temp)
        problem = _problem_with_copy(temp, expected)
        if problem is not None:
            raise BackupError("The backup made before the update did not check out.", problem)
        revision = expected.revision or _NO_REVISION
        final = backup_dir / f"practice-{stamp}-{label}~{revision}~{source}{BACKUP_SUFFIX}"
        os.replace(temp, final)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError("Your practice data could not be backed up before the update.", str(exc)) from exc
    finally:
        remove_with_sidecars(temp)  # nothing left if it was renamed
    fsync_folder(backup_dir)
    return final


def _parse(path: Path) -> BackupInfo | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        created = datetime.strptime(match["stamp"], _STAMP)
        if path.stat().st_size == 0:
            return None
    except (ValueError, OSError):
        return None
    if match["src"] is not None:  # named only after it verified
        revision = None if match["rev"] == _NO_REVISION else match["rev"]
        return BackupInfo(path, created, match["label"], revision, match["src"])
    revision = read_revision(path)  # from an older build, which verified less: must at least read
    return None if revision is None else BackupInfo(path, created, match["label"], revision)


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """Usable backups, newest first; temporary, empty and unreadable files are left out."""
    if not backup_dir.is_dir():
        return []
    found = [info for p in backup_dir.glob(f"practice-*{BACKUP_SUFFIX}") if (info := _parse(p)) is not None]
    return sorted(found, key=lambda b: b.created, reverse=True)


def verify_backup(backup: Path) -> str | None:
    """Why `backup` can't be restored, or None when it can."""
    return _problem_with_copy(backup, None)


def _keep_whole(path: Path, kept: Path) -> None:
    try:
        os.link(path, kept)
    except OSError:  # no hard links (e.g. FAT): a copy
        shutil.copyfile(path, kept)
        fsync_file(kept)


def _restoring_name(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.restoring")


def remove_unfinished_restore(db_path: Path) -> None:
    """The copy a killed restore was writing; the database itself was never touched by it."""
    remove_with_sidecars(_restoring_name(db_path))


def restore_backup(backup: Path, db_path: Path, kept_label: str = "damaged") -> Path | None:
    """Put a verified copy of `backup` in place of `db_path`. The file it replaces is kept beside it
    under `<name>.<kept_label>-<time>` (returned), never deleted."""
    problem = verify_backup(backup)
    if problem is not None:
        raise BackupError(
            "That backup is empty or damaged, so it was not restored. Nothing was changed.", problem
        )
    temp = _restoring_name(db_path)
    remove_with_sidecars(temp)
    try:
        create_private_file(temp)
        _copy_database(backup, temp)
        problem = _problem_with_copy(temp, _shape(backup))
        if problem is not None:
            raise BackupError("The restored copy did not check out, so nothing was changed.", problem)
        kept = None
        if db_path.exists():
            kept = db_path.with_name(f"{db_path.name}.{kept_label}-{utcnow().strftime('%Y%m%dT%H%M%S')}")
            # Its log goes with it: left beside the new file, SQLite would replay it into that.
            for suffix in ("-wal", "-shm", "-journal"):
                side = db_path.with_name(db_path.name + suffix)
                if side.exists():
                    side.rename(kept.with_name(kept.name + suffix))
            _keep_whole(db_path, kept)  # the old file stays whole under its new name...
        os.replace(temp, db_path)  # ...until this one rename swaps in the copy
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(
            "The backup could not be restored; your current file is still in place.", str(exc)
        ) from exc
    finally:
        remove_with_sidecars(temp)
    fsync_folder(db_path.parent)
    return kept


def prune_backups(backup_dir: Path, keep: int = 10) -> None:
    """Keep the `keep` newest backups, and always the newest one of each schema revision."""
    backups = list_backups(backup_dir)
    newest_of_revision: dict[str | None, Path] = {}
    for info in backups:
        newest_of_revision.setdefault(info.revision, info.path)
    protected = set(newest_of_revision.values())
    for old in backups[keep:]:
        if old.path not in protected:
            old.path.unlink(missing_ok=True)
