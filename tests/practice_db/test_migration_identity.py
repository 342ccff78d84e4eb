"""Migration 0007 (identity) on real SQLite files: profiles gain a password-hash column and linked
ids get their own table; existing profiles keep everything and open without a password; a
downgrade gives back the 0006 schema an older version reads."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from practice_db.engine import make_engine
from practice_db.migrate import current_revision, downgrade, upgrade
from practice_db.schema_version import HEAD_REVISION


def _seed_at_0006(path: Path) -> None:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0006")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO profiles (uuid, name, role, created_at) VALUES "
            "('11111111-1111-4111-8111-111111111111', 'Dr Lee', 'supervisor', '2026-01-01'), "
            "('22222222-2222-4222-8222-222222222222', 'Sam', 'clinician', '2026-01-02')"
        )
    engine.dispose()


def _columns(path: Path, table: str) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def test_upgrade_adds_password_hash_and_linked_ids(tmp_path: Path) -> None:
    db = tmp_path / "practice.sqlite3"
    _seed_at_0006(db)
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    assert current_revision(engine) == HEAD_REVISION  # 0007 and every later revision
    with engine.begin() as conn:
        rows = conn.exec_driver_sql("SELECT name, role, password_hash FROM profiles ORDER BY id").all()
        assert [tuple(r) for r in rows] == [("Dr Lee", "supervisor", None), ("Sam", "clinician", None)]
        conn.exec_driver_sql(
            "INSERT INTO profile_aliases (uuid, profile_id, created_at) "
            "VALUES ('33333333-3333-4333-8333-333333333333', 1, '2026-02-01')"
        )
    with pytest.raises(IntegrityError), engine.begin() as conn:  # one id means one person
        conn.exec_driver_sql(
            "INSERT INTO profile_aliases (uuid, profile_id, created_at) "
            "VALUES ('33333333-3333-4333-8333-333333333333', 2, '2026-02-01')"
        )
    with pytest.raises(IntegrityError), engine.begin() as conn:  # only for a profile that exists
        conn.exec_driver_sql(
            "INSERT INTO profile_aliases (uuid, profile_id, created_at) "
            "VALUES ('44444444-4444-4444-8444-444444444444', 99, '2026-02-01')"
        )
    with engine.begin() as conn:  # a profile's linked ids go with it
        conn.exec_driver_sql("DELETE FROM profiles WHERE id = 1")
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM profile_aliases").scalar_one() == 0
    engine.dispose()
    with sqlite3.connect(db) as conn:
        indexes = {row[1] for row in conn.execute("PRAGMA index_list(profile_aliases)")}
    assert "ix_profile_aliases_profile_id" in indexes


def test_downgrade_returns_the_0006_schema_and_keeps_profiles(tmp_path: Path) -> None:
    db = tmp_path / "practice.sqlite3"
    _seed_at_0006(db)
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE profiles SET password_hash = '$argon2id$v=19$x' WHERE id = 1")
        conn.exec_driver_sql(
            "INSERT INTO profile_aliases (uuid, profile_id, created_at) "
            "VALUES ('33333333-3333-4333-8333-333333333333', 1, '2026-02-01')"
        )
    downgrade(engine, "0006")
    assert current_revision(engine) == "0006"
    engine.dispose()
    assert "password_hash" not in _columns(db, "profiles")
    with sqlite3.connect(db) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        names = [row[0] for row in conn.execute("SELECT name FROM profiles ORDER BY id")]
    assert "profile_aliases" not in tables and names == ["Dr Lee", "Sam"]
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)  # and up again
    assert current_revision(engine) == HEAD_REVISION
    engine.dispose()
    assert "password_hash" in _columns(db, "profiles")
