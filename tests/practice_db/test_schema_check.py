"""The live schema against the revision it records: current, older, newer, half-migrated, empty."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from practice_db.engine import make_engine, make_readonly_engine, sqlite_url
from practice_db.migrate import upgrade
from practice_db.schema_check import SchemaReport, SchemaState, check_schema
from practice_db.schema_version import HEAD_REVISION


def checked(path: Path) -> SchemaReport:
    engine = make_readonly_engine(sqlite_url(path))
    try:
        return check_schema(engine)
    finally:
        engine.dispose()


def at_revision(path: Path, revision: str) -> Path:
    engine = make_engine(sqlite_url(path))
    upgrade(engine, revision)
    engine.dispose()
    return path


def test_head_database_is_current_and_left_untouched(tmp_path: Path, template_db: Path) -> None:
    db = tmp_path / "practice.sqlite3"
    shutil.copy(template_db, db)
    before = db.read_bytes()
    report = checked(db)
    assert report.state is SchemaState.CURRENT and report.revision == HEAD_REVISION
    assert report.difference.matches
    assert db.read_bytes() == before


def test_intact_older_revision_is_older_not_half_migrated(tmp_path: Path) -> None:
    report = checked(at_revision(tmp_path / "old.sqlite3", "0001"))
    assert report.state is SchemaState.OLDER and report.revision == "0001"


def test_column_of_the_next_revision_added_by_hand_is_half_migrated(tmp_path: Path) -> None:
    db = at_revision(tmp_path / "half.sqlite3", "0001")
    with sqlite3.connect(db) as conn:  # 0002's first column, as an interrupted upgrade leaves it
        conn.execute("ALTER TABLE clips ADD COLUMN criteria JSON")
    report = checked(db)
    assert report.state is SchemaState.HALF_MIGRATED and report.revision == "0001"
    assert report.difference.extra_columns == ("clips.criteria",)
    assert report.difference.missing_columns == () and report.difference.missing_tables == ()


def test_head_missing_a_column_and_an_index_is_half_migrated(tmp_path: Path, template_db: Path) -> None:
    db = tmp_path / "practice.sqlite3"
    shutil.copy(template_db, db)
    with sqlite3.connect(db) as conn:
        conn.execute("DROP INDEX ix_ratings_attempt_scores")
        conn.execute("ALTER TABLE clips DROP COLUMN example_response")
    diff = checked(db).difference
    assert diff.missing_columns == ("clips.example_response",)
    assert diff.missing_indexes == ("ix_ratings_attempt_scores",)


def test_revision_this_code_does_not_know_is_newer(tmp_path: Path, template_db: Path) -> None:
    db = tmp_path / "practice.sqlite3"
    shutil.copy(template_db, db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    report = checked(db)
    assert report.state is SchemaState.NEWER and report.revision == "9999"


def test_tables_without_a_revision_are_not_empty(tmp_path: Path) -> None:
    db = tmp_path / "practice.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE profiles (id INTEGER PRIMARY KEY)")
    report = checked(db)
    assert report.state is SchemaState.HALF_MIGRATED and report.difference.extra_tables == ("profiles",)
    db.unlink()
    sqlite3.connect(db).close()
    assert checked(db).state is SchemaState.EMPTY
