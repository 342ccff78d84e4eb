"""The admin's commands for a clinic database: set it up, add people, assign supervisors.

Run with an administrator's address (a superuser, or a role with CREATEROLE that may act as the
owner role). Every command can be run again: it states how things should be, not a change."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy import Connection, Engine, delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from practice_db import models
from practice_db.clinic import policies
from practice_db.clinic.connection import ClinicSetupError, is_postgresql
from practice_db.clinic.roles import MEMBER, OWNER, check_login, ensure_group_roles, ensure_login, role_exists
from practice_db.engine import make_engine, schema_change
from practice_db.errors import ValidationError
from practice_db.migrate import alembic_config, current_revision
from practice_db.profiles import clean_name, profile_named
from practice_db.timeutil import utcnow
from practice_db.vocabulary import ROLES


@dataclass(frozen=True)
class Person:
    profile_id: int
    name: str
    role: str
    login: str | None
    supervisors: tuple[str, ...] = ()  # logins of who reviews this person
    trainees: tuple[str, ...] = ()  # logins of whom this person reviews


@dataclass(frozen=True)
class InitReport:
    revision: str
    tables: int


def init_clinic(admin_url: str) -> InitReport:
    """Group roles, the schema at the newest revision (owned by the owner role), grants and
    row-level security. Safe to run again, and needed after an update adds a migration."""
    engine = _engine(admin_url)
    try:
        with engine.begin() as conn:
            raw = _raw(conn)
            _require_admin(raw)
            ensure_group_roles(raw)
            policies.apply_grants(raw, [])  # schema rights, so the owner can create tables
            _claim_ownership(raw)
        _upgrade_as_owner(engine)
        with engine.begin() as conn:
            raw = _raw(conn)
            _claim_ownership(raw)  # tables a superuser created by hand before this
            present = policies.tables(raw)
            policies.install_functions(raw)
            policies.apply_grants(raw, present)
            policies.apply_policies(raw, present)
            _drop_profile_passwords(raw)
        return InitReport(current_revision(engine) or "", len(present))
    finally:
        engine.dispose()


def _drop_profile_passwords(raw: psycopg.Connection[Any]) -> None:
    """Profile passwords belong to solo computers: on the server everyone signs in with their own
    login, and any hash left (copied by hand, or from an older import) would be readable by all."""
    raw.execute(f"SET LOCAL ROLE {OWNER}".encode())  # row-level security lets the owner through
    raw.execute("UPDATE public.profiles SET password_hash = NULL WHERE password_hash IS NOT NULL")
    raw.execute("RESET ROLE")


def add_person(admin_url: str, name: str, role: str, login: str, password: str | None) -> Person:
    """A login role (member of the member group) and the profile it signs in as. A profile of
    that name without a login (e.g. moved from a solo computer) is linked, not duplicated."""
    if role not in ROLES:
        raise ClinicSetupError(f"The role must be clinician or supervisor, not '{role}'.")
    check_login(login)
    try:
        cleaned = clean_name(name)
    except ValidationError as exc:
        raise ClinicSetupError(str(exc)) from exc
    with _admin_session(admin_url) as (raw, s):
        ensure_login(raw, login, password)
        row = _by_login(s, login)
        named = profile_named(s, cleaned)
        if named is not None and named is not row:
            if named.login_role is not None or row is not None:
                raise ClinicSetupError(
                    f"There is already a person called '{named.name}'"
                    + (f" (signed in as '{named.login_role}')." if named.login_role else ".")
                )
            row = named
        if row is None:
            row = models.Profile(name=cleaned, role=role)
            s.add(row)
        row.name, row.role, row.login_role = cleaned, role, login
        s.flush()
        return Person(row.id, row.name, row.role, login)


def assign(admin_url: str, supervisor_login: str, trainee_login: str) -> bool:
    """Let a supervisor review a trainee; False when they already were."""
    with _admin_session(admin_url) as (_raw_conn, s):
        supervisor, trainee = _pair(s, supervisor_login, trainee_login)
        made = s.execute(
            insert(models.ClinicAssignment)
            .values(supervisor_profile_id=supervisor.id, trainee_profile_id=trainee.id, created_at=utcnow())
            .on_conflict_do_nothing()
            .returning(models.ClinicAssignment.trainee_profile_id)
        )
        return made.first() is not None


def unassign(admin_url: str, supervisor_login: str, trainee_login: str) -> bool:
    """End an assignment; False when there was none."""
    with _admin_session(admin_url) as (_raw_conn, s):
        supervisor = _person(s, supervisor_login)
        trainee = _person(s, trainee_login)
        gone = s.execute(
            delete(models.ClinicAssignment)
            .where(
                models.ClinicAssignment.supervisor_profile_id == supervisor.id,
                models.ClinicAssignment.trainee_profile_id == trainee.id,
            )
            .returning(models.ClinicAssignment.trainee_profile_id)
        )
        return gone.first() is not None


def list_people(admin_url: str) -> list[Person]:
    with _admin_session(admin_url) as (_raw_conn, s):
        rows = list(s.scalars(select(models.Profile).order_by(models.Profile.name, models.Profile.id)))
        logins = {r.id: r.login_role for r in rows}
        supervisors: dict[int, list[str]] = {}
        trainees: dict[int, list[str]] = {}
        for a in s.scalars(select(models.ClinicAssignment)):
            supervisors.setdefault(a.trainee_profile_id, []).append(
                logins.get(a.supervisor_profile_id) or "?"
            )
            trainees.setdefault(a.supervisor_profile_id, []).append(logins.get(a.trainee_profile_id) or "?")
        return [
            Person(
                r.id,
                r.name,
                r.role,
                r.login_role,
                tuple(sorted(supervisors.get(r.id, []))),
                tuple(sorted(trainees.get(r.id, []))),
            )
            for r in rows
        ]


# -- the pieces -------------------------------------------------------------------------------


def _engine(admin_url: str) -> Engine:
    if not is_postgresql(admin_url):
        raise ClinicSetupError("Clinic mode needs a PostgreSQL address (postgresql+psycopg://…).")
    return make_engine(admin_url)


def _raw(conn: Connection) -> psycopg.Connection[Any]:
    raw = conn.connection.driver_connection
    assert isinstance(raw, psycopg.Connection)
    return raw


@contextmanager
def _admin_session(admin_url: str) -> Iterator[tuple[psycopg.Connection[Any], Session]]:
    """One transaction for a command: role changes and rows are kept together or not at all."""
    engine = _engine(admin_url)
    try:
        with engine.begin() as conn:
            raw = _raw(conn)
            _require_admin(raw)
            if not role_exists(raw, MEMBER) or "clinic_assignments" not in policies.tables(raw):
                raise ClinicSetupError(
                    "This database is not set up for a clinic yet: run `practice-room clinic init` first."
                )
            with Session(bind=conn) as session:
                yield raw, session
                session.flush()
    except psycopg.OperationalError as exc:
        raise ClinicSetupError(f"The clinic's server could not be reached: {exc}") from exc
    finally:
        engine.dispose()


def _require_admin(raw: psycopg.Connection[Any]) -> None:
    row = raw.execute(
        "SELECT current_user, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    if row is None or not (row[1] or row[2]):
        who = row[0] if row else "?"
        raise ClinicSetupError(
            f"The address signs in as '{who}', who may not manage people on this server. "
            "Use the server administrator's address (a superuser or a role with CREATEROLE)."
        )


def _claim_ownership(raw: psycopg.Connection[Any]) -> None:
    """Every table (its indexes and column sequences follow) and any other sequence belong to the
    owner role: a table's owner could otherwise turn its row-level security off."""
    tables = raw.execute(
        "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> %s",
        (OWNER,),
    ).fetchall()
    for (table,) in tables:
        raw.execute(f"ALTER TABLE public.{table} OWNER TO {OWNER}".encode())  # quote_ident'ed above
    sequences = raw.execute(
        "SELECT quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'S' AND n.nspname = 'public' AND pg_get_userbyid(c.relowner) <> %s",
        (OWNER,),
    ).fetchall()
    for (sequence,) in sequences:
        raw.execute(f"ALTER SEQUENCE public.{sequence} OWNER TO {OWNER}".encode())


def _upgrade_as_owner(engine: Engine) -> None:
    """Alembic to head as the owner role, so whatever a migration creates belongs to it."""
    from alembic import command

    cfg = alembic_config(engine)
    with schema_change(engine) as conn:
        conn.exec_driver_sql(f"SET LOCAL ROLE {OWNER}")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _by_login(s: Session, login: str) -> models.Profile | None:
    return s.scalar(select(models.Profile).where(models.Profile.login_role == login))


def _person(s: Session, login: str) -> models.Profile:
    row = _by_login(s, login)
    if row is None:
        raise ClinicSetupError(f"There is no person signed in as '{login}'.")
    return row


def _pair(s: Session, supervisor_login: str, trainee_login: str) -> tuple[models.Profile, models.Profile]:
    supervisor = _person(s, supervisor_login)
    trainee = _person(s, trainee_login)
    if supervisor.role != "supervisor":
        raise ClinicSetupError(
            f"'{supervisor_login}' ({supervisor.name}) is a clinician, not a supervisor: "
            "add them again with the supervisor role first."
        )
    if supervisor.id == trainee.id:
        raise ClinicSetupError("A supervisor can't be assigned to review themselves.")
    return supervisor, trainee
