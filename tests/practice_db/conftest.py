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
from tests.support.both_databases import DATABASES, database_url


@pytest.fixture(params=DATABASES)
def store(
    request: pytest.FixtureRequest, data_paths: DataPaths, template_db: Path
) -> Iterator[PracticeStore]:
    url = database_url(request, request.param, data_paths.database, template_db)
    opened = PracticeStore.open(url, data_paths.backups)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_store(data_paths: DataPaths, template_db: Path) -> Iterator[PracticeStore]:
    """The SQLite file only: for tests of what SQLite alone has (pragmas, WAL, file backups)."""
    shutil.copy(template_db, data_paths.database)
    opened = PracticeStore.open(f"sqlite:///{data_paths.database}", data_paths.backups)
    yield opened
    opened.close()
