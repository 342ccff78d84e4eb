"""Engine creation. The only place that knows SQLite specifics (pragmas)."""

from __future__ import annotations

import os
import sqlite3
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


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


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any, database: Path | None = None) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
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


def make_engine(url: str) -> Engine:
    if is_sqlite(url):
        path = sqlite_file(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", partial(_set_sqlite_pragmas, database=path))
        return engine
    return create_engine(url, pool_pre_ping=True)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
