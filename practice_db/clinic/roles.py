"""The two group roles of a clinic database and the login roles of its people.

`practice_room_owner` owns every table, sequence and helper function; nobody signs in as it, so
ownership (which would otherwise skip row-level security) is never in a person's hands.
`practice_room_member` carries the table privileges; each person's login is a member of it and
nothing more (no superuser, no BYPASSRLS, no CREATEROLE)."""

from __future__ import annotations

import re
from typing import Any

import psycopg
from psycopg import sql

from practice_db.clinic.connection import ClinicSetupError

OWNER = "practice_room_owner"
MEMBER = "practice_room_member"
GROUP_ROLES = (OWNER, MEMBER)

# Lower-case, so the login works unquoted in psql and pg_hba.conf too; 63 bytes is PostgreSQL's limit.
_LOGIN_RULE = re.compile(r"[a-z_][a-z0-9_.\-]{0,62}")
_SAFE_ATTRIBUTES = sql.SQL("NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT")


def check_login(login: str) -> str:
    """The login as typed, or a plain reason why it can't be one."""
    if not _LOGIN_RULE.fullmatch(login):
        raise ClinicSetupError(
            f"'{login}' can't be a sign-in name: use 1 to 63 lower-case letters, digits, '_', '.' "
            "or '-', starting with a letter or '_'."
        )
    if login.startswith("pg_") or login in GROUP_ROLES or login == "postgres":
        raise ClinicSetupError(f"'{login}' is reserved; please choose another sign-in name.")
    return login


def role_exists(conn: psycopg.Connection[Any], name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone() is not None


def ensure_group_roles(conn: psycopg.Connection[Any]) -> None:
    """Create the group roles if missing and (re)state their attributes: never able to sign in."""
    for name in GROUP_ROLES:
        role = sql.Identifier(name)
        if not role_exists(conn, name):
            conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(role))
        conn.execute(sql.SQL("ALTER ROLE {} NOLOGIN {}").format(role, _SAFE_ATTRIBUTES))
    # A non-superuser admin (CREATEROLE) needs to act as the owner to migrate and set policies.
    superuser = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
    if superuser is not None and not superuser[0]:
        conn.execute(sql.SQL("GRANT {} TO CURRENT_USER").format(sql.Identifier(OWNER)))


def ensure_login(conn: psycopg.Connection[Any], login: str, password: str | None) -> None:
    """A login role that is a member of the member group only. The password is hashed here
    (SCRAM) so the server, and its statement log, never see it in the clear."""
    check_login(login)
    role = sql.Identifier(login)
    if not role_exists(conn, login):
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(role))
    else:
        row = conn.execute(
            "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = %s", (login,)
        ).fetchone()
        if row is not None and row[0]:
            raise ClinicSetupError(
                f"'{login}' is an administrator's login on this server; people need their own."
            )
    conn.execute(sql.SQL("ALTER ROLE {} LOGIN {}").format(role, _SAFE_ATTRIBUTES))
    if password is not None:
        hashed = conn.pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")
        conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(role, sql.Literal(hashed.decode())))
    conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(MEMBER), role))
    # Owner membership would let a person act as the tables' owner: a login must never have it.
    conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(OWNER), role))
