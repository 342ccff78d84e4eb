"""Alembic migrations on real SQLite files: round trips, agreement with models, safe upgrades."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from practice_db.engine import make_engine
from practice_db.errors import DatabaseDamagedError, DatabaseTooNewError
from practice_db.integrity import backup_database, list_backups, quick_check
from practice_db.migrate import (
    alembic_config,
    current_revision,
    downgrade,
    open_database,
    upgrade,
)
from practice_db.models import Base
from practice_db.schema_version import HEAD_REVISION
from practice_db.store import PracticeStore
from tests.support.old_databases import seed_at_0001


def test_head_constant_matches_alembic_head() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION


def test_empty_database_upgrades_downgrades_one_step_and_upgrades_again(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    upgrade(engine)
    assert current_revision(engine) == HEAD_REVISION
    downgrade(engine, "-1")
    previous = ScriptDirectory.from_config(alembic_config()).get_revision(HEAD_REVISION).down_revision
    assert current_revision(engine) == previous
    upgrade(engine)
    assert current_revision(engine) == HEAD_REVISION
    engine.dispose()


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diff == []


def test_old_revision_with_data_is_backed_up_then_upgraded_intact(tmp_path: Path) -> None:
    db = tmp_path / "practice.sqlite3"
    seed_at_0001(db)
    store = PracticeStore.open(f"sqlite:///{db}", tmp_path / "backups")
    report = store.open_report
    assert report is not None and report.revision_before == "0001" and report.revision_after == HEAD_REVISION
    assert report.backup is not None and report.backup.exists()
    assert quick_check(report.backup) == (True, "ok")
    with sqlite3.connect(report.backup) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    clip = store.clips.by_uuid("c-1")
    assert clip is not None and clip.title == "Angry start" and clip.criteria == ()
    ratings = store.ratings.for_attempt(1)
    assert [r.scores["empathy"] for r in ratings] == [4] and ratings[0].note == "felt ok"
    assert store.profiles.list()[0].name == "Dana"
    store.close()


def test_fresh_database_needs_no_backup(tmp_path: Path) -> None:
    store = PracticeStore.open(f"sqlite:///{tmp_path / 'new.sqlite3'}", tmp_path / "backups")
    assert store.open_report is not None and store.open_report.backup is None
    assert list_backups(tmp_path / "backups") == []
    store.close()


def _corrupt(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as fh:  # overwrite pages after the header, as a failing disk would
        fh.seek(4096)
        fh.write(b"\xde\xad\xbe\xef" * ((size - 4096) // 4))


def test_corrupted_database_is_detected_and_backup_offered(tmp_path: Path, template_db: Path) -> None:
    db = tmp_path / "practice.sqlite3"
    db.write_bytes(template_db.read_bytes())
    backup = backup_database(db, tmp_path / "backups", "manual")
    _corrupt(db)
    engine = make_engine(f"sqlite:///{db}")
    with pytest.raises(DatabaseDamagedError) as caught:
        open_database(engine, tmp_path / "backups")
    engine.dispose()
    assert caught.value.backups and caught.value.backups[0].path == backup
    assert "damaged" in str(caught.value)


def test_database_from_newer_version_is_refused_untouched(tmp_path: Path, template_db: Path) -> None:
    db = tmp_path / "practice.sqlite3"
    db.write_bytes(template_db.read_bytes())
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = db.read_bytes()
    engine = make_engine(f"sqlite:///{db}")
    with pytest.raises(DatabaseTooNewError, match="newer version"):
        open_database(engine, tmp_path / "backups")
    engine.dispose()
    assert current_revision(make_engine(f"sqlite:///{db}")) == "9999"
    assert len(db.read_bytes()) == len(before)


def test_sqlite_pragmas_are_set(sqlite_store: PracticeStore) -> None:
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
