"""Health checks and verified backups of a SQLite database file.

Backups use SQLite's online backup API and are checked with `quick_check` before they
are trusted, so a backup is never a copy of a half-written file.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from practice_db.timeutil import utcnow

BACKUP_SUFFIX = ".sqlite3"


class BackupError(RuntimeError):
    """A backup could not be written or did not verify."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    label: str


def quick_check(path: Path) -> tuple[bool, str]:
    """Run PRAGMA quick_check; returns (ok, detail). Never raises for a damaged file."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as exc:
        return False, str(exc)
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return False, str(exc)
    finally:
        conn.close()
    detail = "; ".join(str(r[0]) for r in rows)
    return detail == "ok", detail


def backup_database(path: Path, backup_dir: Path, label: str) -> Path:
    """Copy `path` into `backup_dir` with the online backup API, then verify the copy."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"practice-{stamp}-{label}{BACKUP_SUFFIX}"
    src = sqlite3.connect(str(path))
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    except sqlite3.Error as exc:
        dst.close()
        target.unlink(missing_ok=True)
        raise BackupError(f"Could not back up the database: {exc}") from exc
    finally:
        src.close()
    dst.close()
    ok, detail = quick_check(target)
    if not ok:
        target.unlink(missing_ok=True)
        raise BackupError(f"The backup did not verify ({detail}).")
    return target


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """Backups newest first."""
    if not backup_dir.is_dir():
        return []
    found = []
    for p in backup_dir.glob(f"practice-*{BACKUP_SUFFIX}"):
        parts = p.stem.split("-", 2)
        try:
            created = datetime.strptime(parts[1], "%Y%m%dT%H%M%S%fZ")
        except (IndexError, ValueError):
            continue
        found.append(BackupInfo(p, created, parts[2] if len(parts) > 2 else ""))
    return sorted(found, key=lambda b: b.created, reverse=True)


def restore_backup(backup: Path, db_path: Path) -> Path:
    """Put `backup` in place of `db_path`; the damaged file is kept beside it, never deleted."""
    ok, detail = quick_check(backup)
    if not ok:
        raise BackupError(f"That backup is damaged too ({detail}).")
    kept = db_path.with_name(f"{db_path.name}.damaged-{utcnow().strftime('%Y%m%dT%H%M%S')}")
    if db_path.exists():
        db_path.rename(kept)
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            side.rename(kept.with_name(kept.name + suffix))
    src = sqlite3.connect(str(backup))
    dst = sqlite3.connect(str(db_path))
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return kept


def prune_backups(backup_dir: Path, keep: int = 10) -> None:
    for old in list_backups(backup_dir)[keep:]:
        old.path.unlink(missing_ok=True)
