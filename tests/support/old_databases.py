"""Databases as older builds left them: at revision 0001 with data, or half-updated."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from practice_db.engine import make_engine
from practice_db.migrate import upgrade


def seed_at_0001(path: Path) -> None:
    """A database at revision 0001 holding a profile, a clip, an attempt and a rating."""
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO profiles (uuid, name, role, created_at) "
            "VALUES ('u-1', 'Dana', 'clinician', '2026-01-01')"
        )
        conn.exec_driver_sql(
            "INSERT INTO clips (uuid, title, presentation, difficulty, statement, media_path, content_hash, "
            "source, created_at) VALUES ('c-1', 'Angry start', 'hostile', 2, 'Why bother?', 'clips/a.ogg', "
            "'abc', 'starter', '2026-01-01')"
        )
        conn.exec_driver_sql(
            "INSERT INTO attempts (uuid, profile_id, clip_id, started_at, status) "
            "VALUES ('a-1', 1, 1, '2026-01-02', 'complete')"
        )
        conn.exec_driver_sql(
            "INSERT INTO ratings (uuid, attempt_id, rater_profile_id, rater_role, empathy, note, went_well, "
            "corrective_point, extra_corrective_point, ask_again, created_at, updated_at) "
            "VALUES ('r-1', 1, 1, 'self', 4, 'felt ok', '', '', '', 0, '2026-01-02', '2026-01-02')"
        )
    engine.dispose()


def legacy_backup(db: Path, backup_dir: Path, stamp: str) -> Path:
    """A backup named as builds before verified backups named them (no revision, no fingerprint)."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    target = backup_dir / f"practice-{stamp}-before-0004.sqlite3"
    with sqlite3.connect(db) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


def half_update(db: Path) -> None:
    """What an older build left when killed inside migration 0002: its column kept (the driver
    committed the DDL by itself) while alembic_version still says 0001."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("ALTER TABLE clips ADD COLUMN criteria JSON")
        conn.commit()
    finally:
        conn.close()
