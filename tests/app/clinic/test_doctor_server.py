"""`practice-room doctor` on a clinic server: the server's section, no SQLite file checks."""

from __future__ import annotations

import io
import os

import psycopg
import pytest

from app.cli.doctor import run_doctor
from app.paths import DB_URL_ENV, DataPaths
from tests.support.clinic_logins import database_of, make_login
from tests.support.pg_cluster import Cluster


def doctor_text(paths: DataPaths, url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(DB_URL_ENV, url)
    out = io.StringIO()
    run_doctor(paths, out)
    return out.getvalue()


def test_doctor_reports_the_server_as_a_person_signs_in(
    pg_cluster: Cluster, pg_url: str, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    login = make_login(pg_cluster, database_of(pg_url), password="pw-doc")
    text = doctor_text(data_paths, pg_cluster.url(login.database, login.role, "pw-doc"), monkeypatch)
    lines = text.splitlines()
    assert f"ok Clinic server: {pg_cluster.socket_dir}:{pg_cluster.port}" in lines
    assert any(line.startswith("ok Server version: PostgreSQL 1") for line in lines)
    assert any(line.startswith("ok Round trip: ") and "ms (median of 5)" in line for line in lines)
    assert "ok Schema revision: 0009 (this version's)" in lines
    assert f"ok Signed in as: {login.role}" in lines
    assert any(line.startswith("-- Row-level security: forced on 0 of ") for line in lines)
    assert "pw-doc" not in text  # the password is never printed
    assert "Database health" not in text  # no SQLite file checks
    assert "ok Recordings: none yet" in lines  # the person's recordings, as the server has them
    assert not data_paths.database.exists()


def test_doctor_warns_about_a_superuser_and_reports_forced_security(
    pg_cluster: Cluster, pg_url: str, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    with psycopg.connect(
        host=str(pg_cluster.socket_dir),
        port=pg_cluster.port,
        user="postgres",
        dbname=database_of(pg_url),
        autocommit=True,
    ) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables "
                "WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )
        ]
        for table in tables:
            conn.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")  # type: ignore[arg-type]
            conn.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")  # type: ignore[arg-type]
    text = doctor_text(data_paths, pg_url, monkeypatch)
    assert "!! " not in text.split("Database URL")[1].split("Signed in as")[0]
    assert "-- Signed in as: postgres (a superuser)" in text
    assert "should not sign in as a superuser" in text
    assert any(line.startswith("ok Row-level security: forced on all ") for line in text.splitlines())


def test_doctor_says_plainly_when_the_server_is_not_there(
    data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = doctor_text(data_paths, "postgresql+psycopg://dana@127.0.0.1:1/practice", monkeypatch)
    assert "!! Clinic server: The clinic's server could not be reached." in text
    assert os.environ[DB_URL_ENV].endswith("/practice")
