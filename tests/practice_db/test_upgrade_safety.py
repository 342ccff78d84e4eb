"""Upgrades are all-or-nothing on real SQLite files: a failure or a SIGKILL mid-upgrade leaves the
revision and schema as they were, and a half-updated file from an older build is offered the
backup that can still be upgraded."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, event

from practice_db.engine import ForeignKeyProblem, make_engine, schema_change
from practice_db.errors import DatabaseUpgradeFailedError
from practice_db.integrity import list_backups, restore_backup
from practice_db.migrate import current_revision, open_database
from practice_db.schema_check import signature
from practice_db.schema_version import HEAD_REVISION
from practice_db.store import PracticeStore
from tests.support.old_databases import half_update, legacy_backup, seed_at_0001

REPO = Path(__file__).resolve().parents[2]

# Runs a real upgrade of the database in argv[1] and kills itself with SIGKILL right after
# migration 0003 created its table: 0002's columns and 0003's table are written, nothing committed.
_KILLED_UPGRADE = """
import os, signal, sys
from sqlalchemy import event
from practice_db.engine import make_engine
from practice_db.migrate import upgrade

engine = make_engine(f"sqlite:///{sys.argv[1]}")

@event.listens_for(engine, "after_cursor_execute")
def _kill(conn, cursor, statement, *args):
    if statement.lstrip().startswith("CREATE TABLE goals"):
        os.kill(os.getpid(), signal.SIGKILL)

upgrade(engine)
print("upgrade finished", flush=True)
"""


def _revision(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        value = str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    conn.close()
    return value


def _fail_at(engine: Engine, prefix: str) -> None:
    def fail(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().startswith(prefix):
            raise RuntimeError("injected failure")

    event.listen(engine, "after_cursor_execute", fail)


def test_upgrade_killed_with_sigkill_keeps_old_revision_and_schema(tmp_path: Path) -> None:
    db = tmp_path / "practice.sqlite3"
    seed_at_0001(db)
    schema_before = signature(db)
    child = subprocess.run(
        [sys.executable, "-c", _KILLED_UPGRADE, str(db)], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert "upgrade finished" not in child.stdout
    assert _revision(db) == "0001"
    assert signature(db) == schema_before  # no criteria column, no goals table
    store = PracticeStore.open(f"sqlite:///{db}", tmp_path / "backups")
    try:
        assert _revision(db) == HEAD_REVISION
        clip = store.clips.by_uuid("c-1")
        assert clip is not None and clip.title == "Angry start"
    finally:
        store.close()


def test_failing_step_rolls_back_every_migration_and_offers_pre_upgrade_backup(tmp_path: Path) -> None:
    db, backups = tmp_path / "practice.sqlite3", tmp_path / "backups"
    seed_at_0001(db)
    schema_before = signature(db)
    for _attempt in range(3):  # the same failure on three starts
        engine = make_engine(f"sqlite:///{db}")
        _fail_at(engine, "CREATE INDEX ix_goals_owner_profile_id")  # inside 0003, after 0002 ran
        with pytest.raises(DatabaseUpgradeFailedError) as caught:
            open_database(engine, backups)
        engine.dispose()
        assert _revision(db) == "0001" and signature(db) == schema_before
    error = caught.value
    assert not error.half_updated and error.revision == "0001"
    assert "could not finish" in str(error) and "as it was before" in str(error)
    assert "Traceback" not in str(error) and "CREATE" not in str(error)
    made = list_backups(backups)
    assert len(made) == 1, "repeated failed starts reuse the backup of the unchanged file"
    assert error.backup is not None and error.backup.path == made[0].path and error.backup.revision == "0001"

    store = PracticeStore.open(f"sqlite:///{db}", backups)  # the cause is gone: the next open works
    try:
        assert _revision(db) == HEAD_REVISION
        assert store.ratings.for_attempt(1)[0].note == "felt ok"
    finally:
        store.close()


def test_half_updated_database_from_older_build_offers_the_clean_backup(tmp_path: Path) -> None:
    db, backups = tmp_path / "practice.sqlite3", tmp_path / "backups"
    seed_at_0001(db)
    clean = legacy_backup(db, backups, "20261201T100000000000Z")  # the old build's first start
    half_update(db)  # ...killed inside 0002
    for minute in range(10, 22):  # ...then twelve failed starts, each backing up the half file
        legacy_backup(db, backups, f"20261201T10{minute}00000000Z")
    for _attempt in range(2):
        engine = make_engine(f"sqlite:///{db}")
        with pytest.raises(DatabaseUpgradeFailedError) as caught:
            open_database(engine, backups)
        engine.dispose()
    error = caught.value
    assert error.half_updated and "interrupted" in str(error)
    assert error.backup is not None and error.backup.path == clean
    assert clean.exists() and len(list_backups(backups)) == 14, "13 old ones and one new one; none pruned"

    kept = restore_backup(error.backup.path, db, "half-updated")
    assert kept is not None and kept.exists() and "criteria" in {c[1] for c in _columns(kept, "clips")}
    store = PracticeStore.open(f"sqlite:///{db}", backups)
    try:
        assert _revision(db) == HEAD_REVISION
        assert store.profiles.list()[0].name == "Dana"
    finally:
        store.close()


def _columns(db: Path, table: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"PRAGMA table_info({table})").fetchall()
    finally:
        conn.close()


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one())


def test_batch_table_copy_runs_inside_the_transaction_without_cascading(tmp_path: Path) -> None:
    db = tmp_path / "practice.sqlite3"
    seed_at_0001(db)
    engine = make_engine(f"sqlite:///{db}")
    try:
        before = signature(db)
        with pytest.raises(RuntimeError, match="stop here"), schema_change(engine) as conn:
            ops = Operations(MigrationContext.configure(conn))
            with ops.batch_alter_table("profiles", recreate="always") as batch:
                batch.add_column(sa.Column("nickname", sa.Text(), nullable=True))
            raise RuntimeError("stop here")
        assert signature(db) == before, "the copy, drop and rename were all rolled back"

        with schema_change(engine) as conn:  # the same copy, kept this time
            ops = Operations(MigrationContext.configure(conn))
            with ops.batch_alter_table("profiles", recreate="always") as batch:
                batch.add_column(sa.Column("nickname", sa.Text(), nullable=True))
        assert "nickname" in {c[1] for c in _columns(db, "profiles")}
        # Dropping the old profiles table with foreign keys on would have cascaded to these.
        assert (_count(engine, "attempts"), _count(engine, "ratings")) == (1, 1)
        assert not [n for n in _table_names(db) if n.startswith("_alembic_tmp")]
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1, "back on for the app"
    finally:
        engine.dispose()


def _table_names(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    finally:
        conn.close()


def test_schema_change_leaving_broken_references_is_rolled_back(tmp_path: Path) -> None:
    db = tmp_path / "practice.sqlite3"
    seed_at_0001(db)
    engine = make_engine(f"sqlite:///{db}")
    try:
        with pytest.raises(ForeignKeyProblem, match="attempts"), schema_change(engine) as conn:
            conn.exec_driver_sql("DELETE FROM clips")  # foreign keys are off: nothing stops it here
        assert _count(engine, "clips") == 1
        assert current_revision(engine) == "0001"
    finally:
        engine.dispose()
