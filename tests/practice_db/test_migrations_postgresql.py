"""Alembic migrations on a real PostgreSQL database: the whole way down and up, and the
migrated schema agrees with the models (as test_migrations.py checks on SQLite)."""

from __future__ import annotations

import re

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, inspect

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
