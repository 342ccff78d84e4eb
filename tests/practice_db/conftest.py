"""Storage tests run twice: on an SQLite file and on a PostgreSQL database (clinic mode).

Tests about SQLite itself (pragmas, WAL, the file and its backups) ask for `sqlite_store`
instead: they have no PostgreSQL counterpart, so they run once, on the file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.paths import DataPaths
from practice_db.store import PracticeStore


def _open_sqlite(data_paths: DataPaths, template_db: Path) -> PracticeStore:
    shutil.copy(template_db, data_paths.database)
    return PracticeStore.open(f"sqlite:///{data_paths.database}", data_paths.backups)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(
    request: pytest.FixtureRequest, data_paths: DataPaths, template_db: Path
) -> Iterator[PracticeStore]:
    if request.param == "sqlite":
        opened = _open_sqlite(data_paths, template_db)
    else:
        opened = PracticeStore.open(request.getfixturevalue("pg_url"), data_paths.backups)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_store(data_paths: DataPaths, template_db: Path) -> Iterator[PracticeStore]:
    """The SQLite file only: for tests of what SQLite alone has (pragmas, WAL, file backups)."""
    opened = _open_sqlite(data_paths, template_db)
    yield opened
    opened.close()
