"""Shared fixtures: offscreen Qt, a private data folder per test, migrated template databases
(SQLite files, and databases on a throwaway PostgreSQL cluster started once per run)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.paths import HOME_ENV, DataPaths
from practice_db.engine import make_engine
from practice_db.migrate import upgrade
from practice_db.store import PracticeStore
from tests.support.both_databases import DATABASES, database_url
from tests.support.clinic_world import ClinicWorld, make_clinic
from tests.support.pg_cluster import Cluster, start_cluster

pytest_plugins = ["tests.support.fakemic_plugin", "tests.support.skips_fail_in_ci"]


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database migrated by Alembic once; each test gets a copy (fast and real)."""
    path = tmp_path_factory.mktemp("template") / "practice.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def data_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataPaths:
    home = tmp_path / "home"
    monkeypatch.setenv(HOME_ENV, str(home))
    return DataPaths(home).ensure()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`pytest.mark.both_databases`: the test's `store` is an SQLite file, then PostgreSQL."""
    if "store" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_databases"):
        metafunc.parametrize("store", DATABASES, indirect=True)


@pytest.fixture
def store(
    request: pytest.FixtureRequest, data_paths: DataPaths, template_db: Path
) -> Iterator[PracticeStore]:
    kind = getattr(request, "param", "sqlite")  # "postgresql" only with both_databases (above)
    opened = PracticeStore.open(
        database_url(request, kind, data_paths.database, template_db), data_paths.backups
    )
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A PostgreSQL server of our own in a temporary folder (`./dev test` installs the programs)."""
    cluster = start_cluster()
    if cluster is None:
        pytest.skip("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: Cluster) -> str:
    """A database migrated by Alembic once; each test gets its own copy (CREATE DATABASE ... TEMPLATE)."""
    name = pg_cluster.create_database()
    engine = make_engine(pg_cluster.url(name))
    upgrade(engine)
    engine.dispose()
    return name


@pytest.fixture
def pg_url(pg_cluster: Cluster, pg_template: str) -> Iterator[str]:
    """A fresh, migrated database of this test's own, as the cluster's superuser."""
    name = pg_cluster.create_database(template=pg_template)
    yield pg_cluster.url(name)
    pg_cluster.drop_database(name)


@pytest.fixture
def clinic(pg_cluster: Cluster, pg_template: str) -> Iterator[ClinicWorld]:
    """A clinic database with `clinic init` done, whose people sign in as their own logins
    (tests/support/clinic_world.py). Name it before `qtbot`, so windows close before it goes."""
    world = make_clinic(pg_cluster, template=pg_template)
    yield world
    world.drop()
