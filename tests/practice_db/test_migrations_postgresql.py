"""Alembic migrations on a real PostgreSQL database: the whole way down and up, and the
migrated schema agrees with the models (as test_migrations.py checks on SQLite)."""

from __future__ import annotations

import json
import re

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from practice_db.engine import make_engine
from practice_db.migrate import current_revision, downgrade, upgrade
from practice_db.models import Base
from practice_db.schema_version import HEAD_REVISION
from tests.support.pg_cluster import Cluster


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_to_head_down_to_base_and_up_again(pg_cluster: Cluster) -> None:
    name = pg_cluster.create_database()
    url = pg_cluster.url(name)
    engine = make_engine(url)
    try:
        upgrade(engine)
        assert current_revision(engine) == HEAD_REVISION
        migrated = _tables(url)
        assert {"profiles", "ratings", "stored_files", "clinic_assignments"} <= migrated
        downgrade(engine, "base")
        assert current_revision(engine) is None
        assert _tables(url) <= {"alembic_version"}  # every table of ours is gone
        upgrade(engine)
        assert current_revision(engine) == HEAD_REVISION
        assert _tables(url) == migrated
    finally:
        engine.dispose()
        pg_cluster.drop_database(name)


def test_models_and_migrations_agree_on_postgresql(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        with engine.connect() as conn:
            opts = {"compare_type": True, "compare_server_default": True}
            context = MigrationContext.configure(conn, opts=opts)
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def _words(sql: str) -> list[str]:
    """The quoted values and numbers a CHECK allows: PostgreSQL rewrites `IN (...)` as
    `= ANY (ARRAY[...])` with casts, so the constraint is compared by what it lets in."""
    return sorted(re.findall(r"'([^']*)'", sql) + re.findall(r"\b\d+\b", re.sub(r"'[^']*'", "", sql)))


def test_check_constraints_and_cascades_match_the_models_on_postgresql(pg_url: str) -> None:
    """Alembic's comparison leaves CHECK constraints and ON DELETE out: 0005/0006 change CHECKs in
    place on PostgreSQL, so what they allow is compared here."""
    engine = make_engine(pg_url)
    compared = 0
    try:
        with engine.connect() as conn:
            seen = inspect(conn)
            for table in Base.metadata.sorted_tables:
                wanted = {
                    str(c.name): _words(str(c.sqltext))
                    for c in table.constraints
                    if isinstance(c, CheckConstraint)
                }
                found = {str(c["name"]): _words(c["sqltext"]) for c in seen.get_check_constraints(table.name)}
                assert found == wanted, table.name
                compared += len(found)
                cascades = {(fk.parent.name, fk.column.table.name, fk.ondelete) for fk in table.foreign_keys}
                reflected = {
                    (fk["constrained_columns"][0], fk["referred_table"], fk["options"].get("ondelete"))
                    for fk in seen.get_foreign_keys(table.name)
                }
                assert reflected == cascades, table.name
    finally:
        engine.dispose()
    assert compared >= 28  # eight facet checks on each of two rating tables, and the rest


def _seed_at_0005(engine: Engine) -> None:
    """Rows an older version left: a rated attempt, a take cut off mid-recording, 'no too hard' goals."""
    upgrade(engine, "0005")
    with engine.begin() as conn:
        for sql in (
            "INSERT INTO profiles (uuid, name, role, created_at) "
            "VALUES ('p-1', 'Dana', 'clinician', '2026-01-01')",
            "INSERT INTO clips (uuid, title, presentation, difficulty, statement, media_path, content_hash, "
            "source, created_at) "
            "VALUES ('c-1', 'Angry start', 'hostile', 2, '', 'clips/a.ogg', 'abc', 's', '2026-01-01')",
            "INSERT INTO attempts (uuid, profile_id, clip_id, started_at, recording_path, status) "
            "SELECT 'a-1', p.id, c.id, '2026-01-02', 'recordings/a-1.wav', 'complete' "
            "FROM profiles p, clips c",
            "INSERT INTO attempts (uuid, profile_id, clip_id, started_at, status) "
            "SELECT 'a-2', p.id, c.id, '2026-01-03', 'no_reply' FROM profiles p, clips c",
            "INSERT INTO ratings (uuid, attempt_id, rater_profile_id, rater_role, empathy, note, went_well, "
            "corrective_point, extra_corrective_point, ask_again, created_at, updated_at) "
            "SELECT 'r-1', a.id, a.profile_id, 'self', 4, 'felt ok', '', '', '', false, '2026-01-02', "
            "'2026-01-02' FROM attempts a WHERE a.uuid = 'a-1'",
        ):
            conn.execute(text(sql))
        for uuid, kind, params in (
            ("g-1", "no_too_hard", {"presentation": "hostile", "difficulty": 3, "recent": 5}),
            ("g-2", "no_too_hard", {"presentation": None, "difficulty": None, "recent": 3}),
            ("g-3", "practice_frequency", {"sessions_per_week": 2}),
        ):
            conn.execute(
                text(
                    "INSERT INTO goals (uuid, owner_profile_id, kind, params, starts_on, ends_on, note, "
                    "created_at, updated_at) SELECT :uuid, id, :kind, CAST(:params AS JSON), '2026-01-01', "
                    "'2026-02-01', '', '2026-01-01', '2026-01-01' FROM profiles"
                ),
                {"uuid": uuid, "kind": kind, "params": json.dumps(params)},
            )


def _goals(engine: Engine) -> list[tuple[str, str, object]]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT uuid, kind, params FROM goals ORDER BY uuid")).all()
    return [(str(r[0]), str(r[1]), r[2]) for r in rows]


def test_data_survives_0006_on_postgresql_and_the_checks_change_in_place(pg_cluster: Cluster) -> None:
    """0005 and 0006 alter CHECK constraints in place on PostgreSQL (SQLite copies the tables)."""
    name = pg_cluster.create_database()
    engine = make_engine(pg_cluster.url(name))
    try:
        _seed_at_0005(engine)
        upgrade(engine)
        assert _goals(engine) == [
            ("g-1", "challenge_level", {"presentation": "hostile", "recent": 5, "level": 3}),
            ("g-2", "challenge_level", {"presentation": None, "recent": 3, "level": 2}),
            ("g-3", "practice_frequency", {"sessions_per_week": 2}),
        ]
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text("UPDATE goals SET kind = 'no_too_hard' WHERE uuid = 'g-3'"))
        with engine.connect() as conn:
            kept = conn.execute(text("SELECT uuid, empathy, note FROM ratings")).all()
            statuses = conn.execute(text("SELECT uuid, status FROM attempts ORDER BY uuid")).all()
        assert [tuple(r) for r in kept] == [("r-1", 4, "felt ok")]
        assert [tuple(r) for r in statuses] == [("a-1", "complete"), ("a-2", "no_reply")]
        downgrade(engine, "0004")  # the older rules are back, with data they understand
        assert current_revision(engine) == "0004"
        assert [(u, k) for u, k, _ in _goals(engine)] == [
            ("g-1", "no_too_hard"),
            ("g-2", "no_too_hard"),
            ("g-3", "practice_frequency"),
        ]
        with engine.connect() as conn:
            statuses = conn.execute(text("SELECT uuid, status FROM attempts ORDER BY uuid")).all()
        assert [tuple(r) for r in statuses] == [("a-1", "complete"), ("a-2", "discarded")]
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text("UPDATE attempts SET status = 'no_reply' WHERE uuid = 'a-2'"))
        upgrade(engine)
        assert current_revision(engine) == HEAD_REVISION
    finally:
        engine.dispose()
        pg_cluster.drop_database(name)
