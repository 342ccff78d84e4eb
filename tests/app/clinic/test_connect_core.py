"""Clinic mode's core on a real PostgreSQL server: choosing it, checking it, opening it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app.cli.main import main
from app.clinic.link import ClinicLink, check_connection
from app.clinic.urls import ServerAddress, parse_address, password_of, with_password, without_password
from app.paths import DB_URL_ENV, DataPaths, database_url
from app.settings import SettingsFile, read_settings
from practice_db.clinic_session import ClinicServerError
from practice_db.schema_version import HEAD_REVISION
from tests.support.clinic_logins import database_of, make_login
from tests.support.pg_cluster import Cluster


def test_db_option_reaches_the_store(
    data_paths: DataPaths, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DB_URL_ENV, raising=False)
    seen: dict[str, object] = {}

    def run_window(paths: DataPaths) -> int:
        url = database_url(paths, read_settings(paths.settings_file).settings.configured_database_url)
        store = ClinicLink.from_url(url, paths.home).open_store()
        seen["revision"] = store.open_report.revision_after if store.open_report else None
        seen["profiles"] = store.profiles.list()
        store.close()
        return 0

    try:
        assert main(["--home", str(data_paths.home), "--db", pg_url], run_window=run_window) == 0
    finally:
        os.environ.pop(DB_URL_ENV, None)
    assert seen == {"revision": HEAD_REVISION, "profiles": []}
    assert not data_paths.database.exists()  # no SQLite file was made


def test_db_option_refuses_what_is_not_a_database(
    data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--home", str(data_paths.home), "--db", "ftp://x"], run_window=lambda p: 0) == 2
    assert "--db needs a database address" in capsys.readouterr().err
    assert DB_URL_ENV not in os.environ


def test_clinic_server_setting_round_trips_without_password(data_paths: DataPaths) -> None:
    address = ServerAddress("clinic.example.org", 5433, "practice", "dana.k")
    full = address.url("s3cret:@/")
    assert password_of(full) == "s3cret:@/"
    saved = without_password(full)
    assert "s3cret" not in saved and parse_address(saved) == address
    assert with_password(saved, "s3cret:@/") == full
    settings = SettingsFile(data_paths.settings_file)
    settings.update(clinic_server=full)  # a URL with a password is refused by the rule
    settings.update(clinic_server=saved)
    settings.flush()
    text = data_paths.settings_file.read_text()
    assert "s3cret" not in text
    assert json.loads(text)["clinic_server"] == saved
    again = read_settings(data_paths.settings_file)
    assert again.settings.clinic_server == saved and again.notice is None
    assert again.settings.configured_database_url == saved
    data_paths.settings_file.write_text(json.dumps({"clinic_server": full}))
    damaged = read_settings(data_paths.settings_file)
    assert damaged.settings.clinic_server is None and damaged.notice is not None
    assert "clinic server" in damaged.notice


def test_socket_address_round_trips(pg_cluster: Cluster) -> None:
    url = pg_cluster.url("practice", "dana")
    address = parse_address(url)
    assert address.host == str(pg_cluster.socket_dir) and address.port == pg_cluster.port
    assert address.user == "dana" and address.database == "practice"
    assert parse_address(address.url()) == address


def test_check_connection_names_the_person(pg_cluster: Cluster, pg_url: str) -> None:
    login = make_login(pg_cluster, database_of(pg_url), password="pw-good", person="Robin")
    url = pg_cluster.url(login.database, login.role, "pw-good")
    found = check_connection(url)
    assert found.login == login.role and found.person == "Robin"


def _problem(url: str) -> ClinicServerError:
    with pytest.raises(ClinicServerError) as caught:
        check_connection(url)
    return caught.value


def test_check_connection_says_what_failed(pg_cluster: Cluster, pg_url: str, tmp_path: Path) -> None:
    login = make_login(pg_cluster, database_of(pg_url), password="pw-good")
    wrong = _problem(pg_cluster.url(login.database, login.role, "pw-wrong"))
    assert wrong.problem == "sign_in" and "sign-in name and password" in str(wrong)
    assert _problem(pg_cluster.url(login.database, login.role)).problem == "password_needed"
    assert _problem(pg_cluster.url(login.database, "nobody_" + login.role[3:], "x")).problem == "sign_in"
    missing = _problem(pg_cluster.url("no_such_db_here"))
    assert missing.problem == "no_database" and "no database of that name" in str(missing)
    refused = _problem(ServerAddress("127.0.0.1", 1, "practice", "dana").url())
    assert refused.problem == "unreachable" and "could not be reached" in str(refused)
    bare = pg_cluster.create_database()  # a database, but not Practice Room's
    try:
        assert _problem(pg_cluster.url(bare)).problem == "not_practice_room"
    finally:
        pg_cluster.drop_database(bare)


def test_schema_older_or_newer_is_refused_without_migrating(pg_cluster: Cluster, pg_url: str) -> None:
    import psycopg

    name = database_of(pg_url)
    with psycopg.connect(
        host=str(pg_cluster.socket_dir), port=pg_cluster.port, user="postgres", dbname=name, autocommit=True
    ) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0008'")
        old = _problem(pg_url)
        assert old.problem == "schema_old" and "practice-room clinic init" in str(old)
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0008",)  # untouched
        conn.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
        new = _problem(pg_url)
        assert new.problem == "schema_new" and "update Practice Room" in str(new)
