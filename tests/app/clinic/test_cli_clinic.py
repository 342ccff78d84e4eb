"""`practice-room clinic …` end to end on the test cluster: from an empty database to people who
sign in as themselves; every command run twice gives the same state."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from app.cli.clinic import ADMIN_URL_ENV
from app.cli.main import main
from practice_db.clinic.connection import connect_params
from practice_db.clinic.roles import OWNER
from tests.support.pg_cluster import SUPERUSER, Cluster

ROOT = Path(__file__).resolve().parents[3]


class Admin:
    def __init__(self, cluster: Cluster, home: Path) -> None:
        self.cluster = cluster
        self.database = cluster.create_database()  # empty: `init` runs every migration
        self.url = cluster.url(self.database)
        self.home = home
        self.suffix = uuid.uuid4().hex[:8]

    def login(self, name: str) -> str:
        return f"{name}_{self.suffix}"

    def run(self, *args: str) -> int:
        return main(["--home", str(self.home), "clinic", *args])

    def add(self, name: str, role: str, login: str, password: str = "s3cret pass") -> int:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(sys, "stdin", io.StringIO(password + "\n"))
            return self.run("add-person", "--db", self.url, "--name", name, "--role", role,
                            "--login", login, "--password-stdin")  # fmt: skip

    def drop(self) -> None:
        self.cluster.drop_database(self.database)
        with psycopg.connect(
            host=str(self.cluster.socket_dir), port=self.cluster.port, user=SUPERUSER, dbname="postgres",
            autocommit=True,
        ) as conn:  # fmt: skip
            rows = conn.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (f"%_{self.suffix}",))
            for (name,) in rows.fetchall():
                conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


@pytest.fixture
def admin(pg_cluster: Cluster, tmp_path: Path) -> Iterator[Admin]:
    made = Admin(pg_cluster, tmp_path / "home")
    yield made
    made.drop()


def test_init_add_assign_and_people_run_twice_give_the_same_clinic(
    admin: Admin, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = []
    for _ in range(2):
        assert admin.run("init", "--db", admin.url) == 0
        outputs.append(capsys.readouterr().out)
        assert "ready: schema 0009" in outputs[-1] and "the assessment set is ready" in outputs[-1]
    assert "starter exercises added" in outputs[0] and "Starter exercises up to date" in outputs[1]
    with psycopg.connect(**connect_params(admin.url)) as conn:
        built_in = conn.execute(
            "SELECT count(*) FROM clips"
            " WHERE owner_profile_id IS NULL AND source IN ('starter', 'assessment')"
        ).fetchone()
        assert built_in is not None and built_in[0] >= 13 + 20  # every shipped clip, installed once
        owners = conn.execute(
            "SELECT DISTINCT pg_get_userbyid(c.relowner) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
        ).fetchall()
    assert owners == [(OWNER,)]  # made by the migrations as the owner role, not claimed afterwards

    dana, sam = admin.login("dana"), admin.login("sam")
    assert admin.add("Dana Lee", "clinician", dana) == 0
    assert admin.add("Dana  Lee", "clinician", dana) == 0  # again: the same person
    assert admin.add("Sam Ortiz", "supervisor", sam) == 0
    assert f"Sam Ortiz (supervisor) signs in as '{sam}'." in capsys.readouterr().out
    for expected in ("now reviews", "already reviewed"):
        assert admin.run("assign", "--db", admin.url, "--supervisor", sam, "--trainee", dana) == 0
        assert expected in capsys.readouterr().out
    assert admin.run("people", "--db", admin.url) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and lines[0].startswith("SIGN-IN")
    assert any(line.startswith(dana) and "Dana Lee" in line and line.endswith(sam) for line in lines)
    assert any(line.startswith(sam) and "supervisor" in line and line.endswith(dana) for line in lines)

    # Dana signs in as herself and is who the server says she is.
    with psycopg.connect(**connect_params(admin.cluster.url(admin.database, dana, "s3cret pass"))) as conn:
        me = conn.execute("SELECT p.name FROM profiles p WHERE p.id = practice_room_me()").fetchone()
        assert me == ("Dana Lee",)
        assert conn.execute("SELECT count(*) FROM profiles").fetchone() == (2,)
    with psycopg.connect(**connect_params(admin.url)) as conn:
        stored_hash = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (dana,)).fetchone()
    assert stored_hash is not None and str(stored_hash[0]).startswith("SCRAM-SHA-256$")

    for expected in ("no longer reviews", "was not reviewing"):
        assert admin.run("unassign", "--db", admin.url, "--supervisor", sam, "--trainee", dana) == 0
        assert expected in capsys.readouterr().out


def test_mistakes_are_told_in_plain_words(admin: Admin, capsys: pytest.CaptureFixture[str]) -> None:
    assert admin.run("people", "--db", admin.url) == 2
    assert "not set up for a clinic yet" in capsys.readouterr().err
    assert admin.run("init", "--db", admin.url) == 0
    dana, sam = admin.login("dana"), admin.login("sam")
    assert admin.add("Dana Lee", "clinician", dana) == 0
    assert admin.add("Sam Ortiz", "supervisor", sam) == 0
    capsys.readouterr()
    cases = [
        (("assign", "--supervisor", sam, "--trainee", "nobody"), "There is no person signed in as 'nobody'."),
        (("assign", "--supervisor", dana, "--trainee", sam), "is a clinician, not a supervisor"),
        (("assign", "--supervisor", sam, "--trainee", sam), "can't be assigned to review themselves"),
    ]
    for args, words in cases:
        assert admin.run(args[0], "--db", admin.url, *args[1:]) == 2
        assert words in capsys.readouterr().err
    assert admin.add("Dana Lee", "clinician", admin.login("other")) == 2
    assert "There is already a person called 'Dana Lee'" in capsys.readouterr().err
    assert admin.add("X", "clinician", "Bad Login") == 2
    assert "can't be a sign-in name" in capsys.readouterr().err
    assert admin.add("X", "clinician", OWNER) == 2
    assert "reserved" in capsys.readouterr().err
    # Dana's own address can't manage people: only an administrator's can.
    assert admin.run("people", "--db", admin.cluster.url(admin.database, dana, "s3cret pass")) == 2
    assert f"signs in as '{dana}', who may not manage people" in capsys.readouterr().err
    assert admin.run("people", "--db", "sqlite:///x.sqlite3") == 2
    assert "needs a PostgreSQL address" in capsys.readouterr().err


def test_the_address_can_come_from_the_environment(
    admin: Admin, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ADMIN_URL_ENV, raising=False)
    assert admin.run("init") == 2
    assert "Which server?" in capsys.readouterr().err
    monkeypatch.setenv(ADMIN_URL_ENV, admin.url)
    assert admin.run("init") == 0
    assert admin.run("people") == 0
    assert "Nobody yet" in capsys.readouterr().out


def test_a_typed_password_is_asked_twice(
    admin: Admin, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert admin.run("init", "--db", admin.url) == 0
    answers = iter(["first", "second"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    login = admin.login("kim")
    args = ("add-person", "--db", admin.url, "--name", "Kim", "--role", "clinician", "--login", login)
    assert admin.run(*args) == 2
    assert "The two passwords differ; nothing was changed." in capsys.readouterr().err
    with psycopg.connect(**connect_params(admin.url)) as conn:
        assert conn.execute("SELECT count(*) FROM pg_roles WHERE rolname = %s", (login,)).fetchone() == (0,)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "same")
    assert admin.run(*args) == 0
    assert admin.run(*args, "--keep-password") == 0


def test_import_copies_a_solo_folder_and_says_so_plainly(
    admin: Admin, capsys: pytest.CaptureFixture[str], tmp_path: Path, template_db: Path
) -> None:
    from tests.app.clinic.test_solo_import import _build_solo

    solo = tmp_path / "missing"
    assert admin.run("import", "--db", admin.url, "--from", str(solo)) == 2
    assert f"There is no folder {solo}." in capsys.readouterr().err
    not_solo = tmp_path / "not-solo"
    not_solo.mkdir()
    assert admin.run("import", "--db", admin.url, "--from", str(not_solo)) == 2  # no database there
    assert "Traceback" not in capsys.readouterr().err
    assert admin.run("init", "--db", admin.url) == 0
    folder = _build_solo(tmp_path / "solo", template_db).home
    capsys.readouterr()
    assert admin.run("import", "--db", admin.url, "--from", str(folder)) == 0
    first = capsys.readouterr().out
    assert "attempt" in first.lower() and "rating" in first.lower()
    assert admin.run("import", "--db", admin.url, "--from", str(folder)) == 0  # again: nothing new
    assert "already" in capsys.readouterr().out.lower()


def test_the_command_runs_without_qt(admin: Admin) -> None:
    code = (
        "import sys; from app.cli.main import main; "
        f"rc = main(['--home', {str(admin.home)!r}, 'clinic', 'init', '--db', {admin.url!r}]); "
        "assert 'PySide6' not in sys.modules, 'Qt was imported'; sys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "The clinic database is ready" in done.stdout
