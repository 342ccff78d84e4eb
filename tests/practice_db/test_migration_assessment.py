"""Migration 0008 (the FIS assessment) on real SQLite files: clips keep everything and are not
assessment clips, the assessment tables enforce their rules, and a downgrade returns the 0007
schema an older version reads."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from practice_db.engine import make_engine
from practice_db.migrate import current_revision, downgrade, upgrade


def _seed_at_0007(path: Path) -> None:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0007")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO profiles (uuid, name, role, created_at) "
            "VALUES ('p-1', 'Sam', 'clinician', '2026-01-01')"
        )
        conn.exec_driver_sql(
            "INSERT INTO clips (uuid, title, presentation, difficulty, statement, media_path, content_hash, "
            "source, created_at) VALUES ('c-1', 'Angry start', 'hostile', 2, '', 'clips/a.ogg', 'abc', 's', "
            "'2026-01-01')"
        )
    engine.dispose()


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_upgrade_adds_the_assessment_and_keeps_clips_out_of_it(tmp_path: Path) -> None:
    db = tmp_path / "practice.sqlite3"
    _seed_at_0007(db)
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine, "0008")
    assert current_revision(engine) == "0008"
    with engine.begin() as conn:
        clips = conn.exec_driver_sql("SELECT title, assessment_only FROM clips").all()
        assert clips == [("Angry start", 0)]
        conn.exec_driver_sql(
            "INSERT INTO assessment_sets (uuid, name, builtin, created_at) "
            "VALUES ('s', 'FIS', 1, '2026-01-01')"
        )
        conn.exec_driver_sql("INSERT INTO assessment_set_clips (set_id, position, clip_id) VALUES (1, 1, 1)")
        conn.exec_driver_sql(
            "INSERT INTO assessments (uuid, profile_id, set_id, occasion, status, started_at) "
            "VALUES ('a', 1, 1, 'baseline', 'in_progress', '2026-01-02')"
        )
        conn.exec_driver_sql(
            "INSERT INTO assessment_takes (uuid, assessment_id, clip_id, position, started_at, status) "
            "VALUES ('t', 1, 1, 1, '2026-01-02', 'complete')"
        )
        conn.exec_driver_sql(
            "INSERT INTO assessment_ratings (uuid, take_id, rater_profile_id, rater_role, empathy, "
            "created_at, updated_at) VALUES ('r', 1, 1, 'rater', 4, '2026-01-03', '2026-01-03')"
        )
    for bad in (
        "UPDATE assessments SET occasion = 'midterm'",
        "UPDATE assessment_ratings SET empathy = 6",
        "UPDATE assessment_ratings SET rater_role = 'supervisor'",
        "INSERT INTO assessment_takes (uuid, assessment_id, clip_id, position, started_at, status) "
        "VALUES ('t2', 1, 1, 1, '2026-01-02', 'complete')",  # one take per position
    ):
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.exec_driver_sql(bad)
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM clips")  # a clip an assessment used can't vanish under it
    engine.dispose()


def test_downgrade_returns_the_0007_schema(tmp_path: Path) -> None:
    db = tmp_path / "practice.sqlite3"
    _seed_at_0007(db)
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    downgrade(engine, "0007")
    assert current_revision(engine) == "0007"
    engine.dispose()
    assert not {t for t in _tables(db) if t.startswith("assessment")}
    with sqlite3.connect(db) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(clips)")}
        assert "assessment_only" not in columns
        assert conn.execute("SELECT title FROM clips").fetchall() == [("Angry start",)]
