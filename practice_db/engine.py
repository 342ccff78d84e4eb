"""Engine creation. The only place that knows SQLite specifics (pragmas, transactions)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.orm import Session, sessionmaker

from practice_db.errors import PermissionDeniedError


class ForeignKeyProblem(RuntimeError):
    """A schema change left rows pointing at rows that do not exist; it was rolled back."""


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_file(url: str) -> Path | None:
    """The database file behind a SQLite URL, or None (memory / other backends)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


PRIVATE_FILE = 0o600  # ratings, notes and comments are the user's words
_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def _make_private(database: Path) -> None:
    """0600 on the database and the side files that exist. SQLite creates -wal/-shm/-journal with
    the database file's own mode, so once it is 0600 later ones follow. Not via the process umask."""
    for suffix in _SIDE_FILES:
        try:
            os.chmod(f"{database}{suffix}", PRIVATE_FILE)
        except OSError:  # absent, or a file system without permissions (FAT)
            pass


def _on_sqlite_connect(dbapi_connection: Any, _record: Any, database: Path | None = None) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # The driver's own transaction handling commits before every DDL statement, so a killed
    # upgrade kept half its changes. Off: SQLAlchemy's "begin" event emits BEGIN instead (below).
    dbapi_connection.isolation_level = None
    if database is not None:
        _make_private(database)  # before WAL mode creates -wal and -shm
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a commit that acknowledges a user's rating survives power loss.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
    finally:
        cursor.close()
    if database is not None:
        _make_private(database)  # -wal/-shm left 0644 by an earlier version


def _on_sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


def make_engine(url: str) -> Engine:
    if is_sqlite(url):
        path = sqlite_file(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", partial(_on_sqlite_connect, database=path))
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    engine = create_engine(url, pool_pre_ping=True)
    event.listen(engine, "handle_error", _server_refusal)
    return engine


INSUFFICIENT_PRIVILEGE = "42501"  # SQLSTATE of a refused grant and of a row-level security check
SERVER_REFUSED = (
    "The clinic's server did not allow this change: it belongs to someone else, or your sign-in "
    "may not make it. Nothing was changed."
)


def _server_refusal(context: ExceptionContext) -> BaseException | None:
    """A write the server's permissions refuse becomes PermissionDeniedError, the app's own
    "not yours to change", instead of a driver error the user can't read."""
    if getattr(context.original_exception, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
        return PermissionDeniedError(SERVER_REFUSED)
    return None


@contextmanager
def schema_change(engine: Engine) -> Iterator[Connection]:
    """One transaction for a whole schema change: all of it is kept, or none.

    On SQLite, batch migrations copy a table and drop the old one; with foreign keys on, that
    drop deletes (and cascades to) every referencing row. The pragma is ignored inside a
    transaction, so it is switched off before BEGIN and the references are checked before COMMIT.
    """
    with engine.connect() as conn:
        raw = conn.connection.driver_connection  # touching it does not begin a transaction
        on_sqlite = isinstance(raw, sqlite3.Connection)
        if isinstance(raw, sqlite3.Connection):
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                yield conn
                if on_sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        tables = sorted({str(row[0]) for row in broken})
                        raise ForeignKeyProblem(f"Rows in {', '.join(tables)} point at missing rows.")
        finally:
            if isinstance(raw, sqlite3.Connection):
                try:
                    raw.execute("PRAGMA foreign_keys=ON")
                except sqlite3.Error:
                    conn.invalidate()  # never hand a connection without foreign keys back to the pool


def one_snapshot(s: Session) -> None:
    """Call first in a read of several queries: on PostgreSQL they then all see the database as it
    was at the first one (REPEATABLE READ; its default, READ COMMITTED, would let another
    person's save land between two of them), as a SQLite read transaction in WAL mode always does."""
    if s.get_bind().dialect.name == "postgresql":
        s.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def make_readonly_engine(url: str) -> Engine:
    """For looking only (the doctor): a SQLite file is opened read-only and never created, and no
    pragma is set, so the file is left exactly as it was found."""
    path = sqlite_file(url) if is_sqlite(url) else None
    if path is None:
        return create_engine(url)
    uri = f"{path.resolve().as_uri()}?mode=ro"
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
