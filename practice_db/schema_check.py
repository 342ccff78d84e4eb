"""Does a database's schema match the revision it claims? Read-only: nothing is changed.

The expected schema of a revision is what our own migrations build: a scratch in-memory database
is migrated to that revision and both are read with SQLAlchemy's inspector. At head this is the
models' schema (tests/practice_db/test_migrations.py keeps models and migrations in agreement)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.exc import DBAPIError

from practice_db.engine import make_engine, make_readonly_engine
from practice_db.migrate import current_revision, known_revisions, upgrade
from practice_db.schema_version import HEAD_REVISION

# Bookkeeping, not part of what a revision defines.
_IGNORED_TABLES = {"alembic_version"}

# table -> (column names, index names)
Schema = dict[str, tuple[frozenset[str], frozenset[str]]]


class SchemaState(Enum):
    EMPTY = "empty"  # no tables yet: created at first start
    CURRENT = "current"
    OLDER = "older"  # a known earlier revision, intact: upgraded at start
    NEWER = "newer"  # written by a newer Practice Room
    HALF_MIGRATED = "half-migrated"  # the tables don't match the revision it records


@dataclass(frozen=True)
class SchemaDifference:
    missing_tables: tuple[str, ...] = ()
    extra_tables: tuple[str, ...] = ()
    missing_columns: tuple[str, ...] = ()  # "table.column"
    extra_columns: tuple[str, ...] = ()
    missing_indexes: tuple[str, ...] = ()
    extra_indexes: tuple[str, ...] = ()

    @property
    def matches(self) -> bool:
        return not any(
            (
                self.missing_tables,
                self.extra_tables,
                self.missing_columns,
                self.extra_columns,
                self.missing_indexes,
                self.extra_indexes,
            )
        )


@dataclass(frozen=True)
class SchemaReport:
    revision: str | None
    head: str
    state: SchemaState
    difference: SchemaDifference


def read_schema(conn: Connection) -> Schema:
    inspector = inspect(conn)
    schema: Schema = {}
    for table in inspector.get_table_names():
        if table in _IGNORED_TABLES or table.startswith("sqlite_"):
            continue
        columns = frozenset(c["name"] for c in inspector.get_columns(table))
        indexes = frozenset(str(i["name"]) for i in inspector.get_indexes(table) if i["name"])
        schema[table] = (columns, indexes)
    return schema


@lru_cache(maxsize=8)
def expected_schema(revision: str) -> Schema:
    """What our migrations build up to `revision`, in a scratch in-memory database."""
    scratch = make_engine("sqlite://")
    try:
        upgrade(scratch, revision)
        with scratch.connect() as conn:
            return read_schema(conn)
    finally:
        scratch.dispose()


def compare(actual: Schema, expected: Schema) -> SchemaDifference:
    both = sorted(actual.keys() & expected.keys())
    missing_columns, extra_columns, missing_indexes, extra_indexes = [], [], [], []
    for table in both:
        (have_cols, have_idx), (want_cols, want_idx) = actual[table], expected[table]
        missing_columns += [f"{table}.{c}" for c in sorted(want_cols - have_cols)]
        extra_columns += [f"{table}.{c}" for c in sorted(have_cols - want_cols)]
        missing_indexes += sorted(want_idx - have_idx)
        extra_indexes += sorted(have_idx - want_idx)
    return SchemaDifference(
        missing_tables=tuple(sorted(expected.keys() - actual.keys())),
        extra_tables=tuple(sorted(actual.keys() - expected.keys())),
        missing_columns=tuple(missing_columns),
        extra_columns=tuple(extra_columns),
        missing_indexes=tuple(missing_indexes),
        extra_indexes=tuple(extra_indexes),
    )


def check_schema(engine: Engine) -> SchemaReport:
    """Compare the live schema with the one its recorded revision should have."""
    revision = current_revision(engine)
    with engine.connect() as conn:
        actual = read_schema(conn)
    if revision is None:
        difference = compare(actual, {})
        state = SchemaState.EMPTY if difference.matches else SchemaState.HALF_MIGRATED
        return SchemaReport(None, HEAD_REVISION, state, difference)
    if revision not in known_revisions():
        return SchemaReport(revision, HEAD_REVISION, SchemaState.NEWER, SchemaDifference())
    difference = compare(actual, expected_schema(revision))
    if not difference.matches:
        state = SchemaState.HALF_MIGRATED
    else:
        state = SchemaState.CURRENT if revision == HEAD_REVISION else SchemaState.OLDER
    return SchemaReport(revision, HEAD_REVISION, state, difference)


def signature(path: Path) -> Schema:
    """The schema of a database file, read without changing it; raises for a file that is no
    database (sqlite3.Error or SQLAlchemy's DBAPIError)."""
    engine = make_readonly_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            return read_schema(conn)
    finally:
        engine.dispose()


def matches_revision(path: Path, revision: str) -> bool:
    """Whether a file's tables are what `revision` defines (false for a half-migrated file or a
    file that is no database). Used after an upgrade failed, to find a backup worth offering."""
    try:
        return compare(signature(path), expected_schema(revision)).matches
    except (sqlite3.Error, DBAPIError):
        return False
