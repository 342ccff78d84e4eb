"""Clinic mode's side of the server: open it without migrating, name what went wrong when it
can't be reached, find who is signed in, and the facts `doctor` reports.

A person signed in to the clinic never changes the schema: the clinic's admin upgrades it with
`practice-room clinic init`. So this module only reads the revision and refuses a mismatch."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from practice_db import convert, models
from practice_db.errors import StorageError
from practice_db.records import ProfileRecord
from practice_db.schema_version import HEAD_REVISION

CONNECT_TIMEOUT_S = 5  # an unplugged network must not hang the worker for minutes

Problem = Literal[
    "unreachable",
    "password_needed",
    "sign_in",
    "no_database",
    "not_practice_room",
    "schema_old",
    "schema_new",
]

# SQLSTATEs the server answers with before a session exists.
_AUTH_STATES = {"28P01", "28000"}  # wrong password; no such role / not allowed by pg_hba
_NO_DATABASE = "3D000"


class ClinicServerError(StorageError):
    """The clinic's server could not be used; `problem` says why, the message in plain words."""

    def __init__(self, problem: Problem, message: str) -> None:
        super().__init__(message)
        self.problem: Problem = problem


def is_clinic_url(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def make_clinic_engine(url: str) -> Engine:
    return create_engine(
        url,
        pool_pre_ping=True,  # a connection the server dropped is replaced, not handed out
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "practice-room"},
    )


def _sqlstate(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", exc)
    state = getattr(orig, "sqlstate", None)
    return state if isinstance(state, str) else None


def _no_such_role(detail: str) -> bool:
    return 'role "' in detail and "does not exist" in detail


def connection_problem(exc: BaseException) -> ClinicServerError:
    """The plain-words version of an error raised while connecting."""
    state = _sqlstate(exc)
    detail = str(getattr(exc, "orig", exc)).lower()
    if "no password supplied" in detail:
        return ClinicServerError("password_needed", "The clinic's server asks for your password.")
    refused = ("password authentication failed", "no pg_hba.conf entry")
    if state in _AUTH_STATES or any(w in detail for w in refused) or _no_such_role(detail):
        return ClinicServerError(
            "sign_in", "The server did not accept that sign-in name and password. Please check both."
        )
    if state == _NO_DATABASE or ("database" in detail and "does not exist" in detail):
        return ClinicServerError(
            "no_database", "The server has no database of that name. Please check the database name."
        )
    return ClinicServerError(
        "unreachable",
        "The clinic's server could not be reached. Check the server name and port, and that this "
        "computer is connected to the clinic's network.",
    )


def is_connection_lost(exc: BaseException) -> bool:
    """True when the save failed because the server went away (not because it refused the data)."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, OperationalError):
        return _sqlstate(exc) is None or str(_sqlstate(exc)).startswith(("08", "57P"))
    return False


def schema_revision(engine: Engine) -> str | None:
    """The Alembic revision on the server; None if this isn't a Practice Room database."""
    with engine.connect() as conn:
        found = conn.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")).scalar()
        if not found:
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def check_schema(engine: Engine, known: set[str]) -> str:
    """Connect, and raise a ClinicServerError unless the schema is exactly this app's."""
    try:
        revision = schema_revision(engine)
    except OperationalError as exc:
        raise connection_problem(exc) from exc
    if revision is None:
        raise ClinicServerError(
            "not_practice_room",
            "That database is not a Practice Room database. Please check the database name, or ask "
            "the clinic's admin to set it up with `practice-room clinic init`.",
        )
    if revision == HEAD_REVISION:
        return revision
    if revision in known:
        raise ClinicServerError(
            "schema_old",
            "The clinic's database is from an older Practice Room. The clinic's admin must run "
            "`practice-room clinic init` to upgrade it; until then it can't be used from here.",
        )
    raise ClinicServerError(
        "schema_new",
        "The clinic's database was set up by a newer Practice Room. Please update Practice Room "
        "on this computer to use it.",
    )


def signed_in_login(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT current_user")).scalar_one())


def is_superuser(engine: Engine) -> bool:
    with engine.connect() as conn:
        found = conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar()
    return bool(found)


class ClinicSessionRepository:
    """Who the signed-in login is in this clinic."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def ping(self) -> None:
        """One round trip: raises if the server can't be reached."""
        with self._sessions() as s:
            s.execute(text("SELECT 1"))

    def my_profile(self) -> ProfileRecord | None:
        """The profile whose login_role is the signed-in PostgreSQL login, if the admin made one."""
        with self._sessions() as s:
            login = s.execute(text("SELECT current_user")).scalar_one()
            row = s.scalar(select(models.Profile).where(models.Profile.login_role == login))
            return None if row is None else convert.profile(row)


@dataclass(frozen=True)
class ServerFacts:
    """What `doctor` says about a clinic server."""

    server: str  # host[:port] or the socket folder
    version: str
    latency_ms: float  # median of a few round trips
    revision: str | None
    login: str
    superuser: bool
    tables: int  # the app's tables
    forced_rls: int  # of which row-level security is forced on


def server_facts(engine: Engine, rounds: int = 5) -> ServerFacts:
    url = engine.url
    host = url.host or str(url.query.get("host", "")) or "local socket"
    where = f"{host}:{url.port or url.query.get('port', 5432)}"
    with engine.connect() as conn:
        version = str(conn.execute(text("SHOW server_version")).scalar_one())
        times = []
        for _ in range(rounds):
            began = time.perf_counter()
            conn.execute(text("SELECT 1")).scalar_one()
            times.append((time.perf_counter() - began) * 1000)
        login, superuser = conn.execute(
            text("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        ).one()
        names = [t.name for t in models.Base.metadata.sorted_tables]
        rls = conn.execute(
            text(
                "SELECT count(*), count(*) FILTER (WHERE c.relforcerowsecurity AND c.relrowsecurity) "
                "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind = 'r' AND n.nspname = current_schema() AND c.relname = ANY(:names)"
            ),
            {"names": names},
        ).one()
    return ServerFacts(
        where,
        version,
        statistics.median(times),
        schema_revision(engine),
        str(login),
        bool(superuser),
        int(rls[0]),
        int(rls[1]),
    )
