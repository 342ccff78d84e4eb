"""Migration 0005 (attempt status `no_reply`) on real SQLite files: rebuilding `attempts` keeps
every rating and comment, and a downgrade leaves data an older version understands."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from practice_db.engine import make_engine
from practice_db.migrate import current_revision, downgrade, upgrade
from practice_db.schema_version import HEAD_REVISION


def _seed_at_0004(path: Path) -> None:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0004")
    with engine.begin() as conn:
        for sql in (
            "INSERT INTO profiles (uuid, name, role, created_at) "
            "VALUES ('p-1', 'Dana', 'clinician', '2026-01-01')",
            "INSERT INTO clips (uuid, title, presentation, difficulty, statement, media_path, content_hash, "
            "source, created_at) "
            "VALUES ('c-1', 'Angry start', 'hostile', 2, '', 'clips/a.ogg', 'abc', 's', '2026-01-01')",
            "INSERT INTO practice_sessions (uuid, profile_id, started_at) VALUES ('s-1', 1, '2026-01-02')",
            "INSERT INTO attempts (uuid, profile_id, clip_id, session_id, started_at, recording_path, "
            "status) VALUES ('a-1', 1, 1, 1, '2026-01-02', 'recordings/a-1.wav', 'complete')",
            "INSERT INTO attempts (uuid, profile_id, clip_id, started_at, status) "
            "VALUES ('a-2', 1, 1, '2026-01-03', 'recording')",
            "INSERT INTO ratings (uuid, attempt_id, rater_profile_id, rater_role, empathy, note, went_well, "
            "corrective_point, extra_corrective_point, ask_again, created_at, updated_at) "
            "VALUES ('r-1', 1, 1, 'self', 4, 'felt ok', '', '', '', 0, '2026-01-02', '2026-01-02')",
            "INSERT INTO comments (uuid, attempt_id, author_profile_id, offset_ms, text, created_at) "
            "VALUES ('m-1', 1, 1, 1500, 'slow down here', '2026-01-02')",
        ):
            conn.exec_driver_sql(sql)
    engine.dispose()


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return list(conn.execute(sql))


def test_upgrade_keeps_ratings_and_comments_and_accepts_no_reply(tmp_path: Path) -> None:
    db = tmp_path / "practice.sqlite3"
    _seed_at_0004(db)
    engine = make_engine(f"sqlite:///{db}")  # foreign keys ON, as the app opens it
    upgrade(engine)
    assert current_revision(engine) == HEAD_REVISION
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE attempts SET status = 'no_reply' WHERE uuid = 'a-2'")
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.exec_driver_sql("UPDATE attempts SET status = 'lost' WHERE uuid = 'a-2'")
    engine.dispose()
    assert _rows(db, "SELECT uuid, attempt_id, empathy, note FROM ratings") == [("r-1", 1, 4, "felt ok")]
    assert _rows(db, "SELECT uuid, attempt_id, text FROM comments") == [("m-1", 1, "slow down here")]
    assert _rows(db, "SELECT uuid, session_id, status FROM attempts ORDER BY id") == [
        ("a-1", 1, "complete"),
        ("a-2", None, "no_reply"),
    ]
    assert not _rows(db, "SELECT name FROM sqlite_master WHERE name LIKE '\\_keep%' ESCAPE '\\'")
    assert _rows(db, "PRAGMA foreign_key_check") == []


def test_downgrade_turns_no_reply_into_discarded_and_keeps_ratings(tmp_path: Path) -> None:
    db = tmp_path / "practice.sqlite3"
    _seed_at_0004(db)
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE attempts SET status = 'no_reply' WHERE uuid = 'a-2'")
    downgrade(engine, "0004")
    assert current_revision(engine) == "0004"
    with pytest.raises(IntegrityError), engine.begin() as conn:  # the old rule is back
        conn.exec_driver_sql("UPDATE attempts SET status = 'no_reply' WHERE uuid = 'a-2'")
    engine.dispose()
    assert _rows(db, "SELECT status FROM attempts ORDER BY id") == [("complete",), ("discarded",)]
    assert _rows(db, "SELECT uuid FROM ratings") == [("r-1",)]
    assert _rows(db, "SELECT uuid FROM comments") == [("m-1",)]
