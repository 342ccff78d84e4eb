"""Storage tests run twice: on an SQLite file and on a PostgreSQL database (clinic mode)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.paths import DataPaths
from practice_db.store import PracticeStore


@pytest.fixture(params=["sqlite", "postgresql"])
def store(
    request: pytest.FixtureRequest, data_paths: DataPaths, template_db: Path
) -> Iterator[PracticeStore]:
    if request.param == "sqlite":
        shutil.copy(template_db, data_paths.database)
        url = f"sqlite:///{data_paths.database}"
    else:
        url = request.getfixturevalue("pg_url")
    opened = PracticeStore.open(url, data_paths.backups)
    yield opened
    opened.close()
