"""Raw psycopg connections from the SQLAlchemy URLs the rest of the app uses."""

from __future__ import annotations

from typing import Any

import psycopg
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
