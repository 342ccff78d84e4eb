"""Raw psycopg connections from the SQLAlchemy URLs the rest of the app uses."""

from __future__ import annotations

from typing import Any

import psycopg
from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url


class ClinicSetupError(RuntimeError):
    """Something the admin can fix, said in plain words."""


def is_postgresql(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def connect_params(url: str) -> dict[str, Any]:
    """`postgresql+psycopg://user:pw@host:port/db?host=/sock&port=5432` as psycopg keywords (the
    query's host and port, used for unix sockets, win over the URL's)."""
    if not is_postgresql(url):
        raise ClinicSetupError("Clinic mode needs a PostgreSQL address (postgresql+psycopg://…).")
    parsed = make_url(url)
    params: dict[str, Any] = {
        "dbname": parsed.database,
        "user": parsed.username,
        "password": parsed.password,
        "host": parsed.host,
        "port": parsed.port,
    }
    for key, value in parsed.query.items():
        params[key] = value if isinstance(value, str) else value[-1]
    return {key: value for key, value in params.items() if value is not None}


def connect(url: str, autocommit: bool = False) -> psycopg.Connection[Any]:
    try:
        return psycopg.connect(**connect_params(url), autocommit=autocommit)
    except psycopg.OperationalError as exc:
        raise ClinicSetupError(f"The clinic's server could not be reached: {exc}".strip()) from exc


def act_as_owner(engine: Engine) -> None:
    """A clinic's tables belong to a role nobody signs in as, with row-level security forced even
    on their owner except through its own policy. A superuser passes anyway; an admin who is not
    one (CREATEROLE, a member of the owner role) works as the owner, on every connection."""
    from practice_db.clinic.roles import OWNER  # roles imports this module's error

    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT r.rolsuper, o.rolname IS NOT NULL AND pg_has_role(current_user, o.oid, 'MEMBER') "
                "FROM pg_roles r LEFT JOIN pg_roles o ON o.rolname = :owner WHERE r.rolname = current_user"
            ),
            {"owner": OWNER},
        ).one()
    if bool(row[0]) or not bool(row[1]):
        return

    def set_role(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f'SET ROLE "{OWNER}"')  # a constant of ours, not input
        finally:
            cursor.close()
        dbapi_connection.commit()

    engine.dispose()  # the connection used above had no role set
    event.listen(engine, "connect", set_role)
