"""Storage-heavy tests on both databases: an SQLite file (the solo app) and PostgreSQL (clinic mode).

A test module outside tests/practice_db opts in with `pytestmark = pytest.mark.both_databases`:
its tests that use `store` then run once per database (tests/conftest.py). `database_url` gives
more databases of a kind, e.g. for the second computer of a bundle test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.pg_cluster import Cluster

DATABASES = ["sqlite", "postgresql"]


def database_url(request: pytest.FixtureRequest, kind: str, sqlite_file: Path, template_db: Path) -> str:
    """A migrated database of `kind`: a copy of the SQLite template at `sqlite_file`, or a fresh
    PostgreSQL database of this test's own, dropped after the test."""
    if kind == "sqlite":
        sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(template_db, sqlite_file)
        return f"sqlite:///{sqlite_file}"
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    name = cluster.create_database(template=request.getfixturevalue("pg_template"))
    request.addfinalizer(lambda: cluster.drop_database(name))
    return cluster.url(name)


def world_url(request: pytest.FixtureRequest, template_db: Path) -> str | None:
    """For a fixture parametrised on DATABASES that opens whole data folders (bundle_world):
    None on SQLite (the folder gets its own file), else a PostgreSQL database of its own."""
    if request.param == "sqlite":
        return None
    return database_url(request, request.param, Path("unused"), template_db)
