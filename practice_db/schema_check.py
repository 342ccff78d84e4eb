"""Does a database file's schema match the revision it claims?

An older build, killed mid-upgrade, could keep a migration's new columns while the file still
named the old revision. Such a file (or a backup of it) can't be upgraded; comparing it with a
fresh database migrated to the same revision finds it. Used only after an upgrade failed.
"""

from __future__ import annotations

import sqlite3
import tempfile
from functools import lru_cache
from pathlib import Path

_Signature = frozenset[tuple[str, str]]


def signature(path: Path) -> _Signature:
    """Tables, their columns and named indexes; raises sqlite3.Error for a file that is no database."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        items: set[tuple[str, str]] = set()
        rows = conn.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'index') "
            "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
        ).fetchall()
        for kind, name in rows:
            items.add((str(kind), str(name)))
            if kind == "table":
                for column in conn.execute("SELECT name FROM pragma_table_info(?)", (name,)):
                    items.add(("column", f"{name}.{column[0]}"))
    finally:
        conn.close()
    return frozenset(items)


@lru_cache(maxsize=8)
def expected_signature(revision: str) -> _Signature:
    """The schema of a new database migrated to `revision`."""
    from practice_db.engine import make_engine
    from practice_db.migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="practice-schema-") as folder:
        path = Path(folder) / "reference.sqlite3"
        engine = make_engine(f"sqlite:///{path}")
        try:
            upgrade(engine, revision)
        finally:
            engine.dispose()
        return signature(path)


def matches_revision(path: Path, revision: str) -> bool:
    try:
        return signature(path) == expected_signature(revision)
    except sqlite3.Error:
        return False
