"""A person's own login role on the test cluster, as the clinic's admin would set one up.

Roles are cluster-wide, so each gets a unique name. The cluster trusts local sockets; a role made
with `password=` gets its own scram-sha-256 line at the top of pg_hba.conf (that role only), so
a wrong password really is refused."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import psycopg

from tests.support.pg_cluster import SUPERUSER, Cluster


@dataclass(frozen=True)
class Login:
    role: str
    password: str | None
    database: str
    profile_id: int | None


def _superuser(cluster: Cluster, database: str) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(
        host=str(cluster.socket_dir), port=cluster.port, user=SUPERUSER, dbname=database, autocommit=True
    )


def require_password(cluster: Cluster, role: str) -> None:
    hba = cluster.data / "pg_hba.conf"
    hba.write_text(f"local all {role} scram-sha-256\n" + hba.read_text())
    with _superuser(cluster, "postgres") as conn:
        conn.execute("SELECT pg_reload_conf()")


def make_login(
    cluster: Cluster,
    database: str,
    *,
    password: str | None = None,
    person: str | None = "Dana",
    role_kind: str = "clinician",
) -> Login:
    """A login role with the rights `clinic init` would give, and (if `person`) its profile."""
    role = "pr_" + uuid.uuid4().hex[:10]
    with _superuser(cluster, database) as conn:
        secret = f" PASSWORD '{password}'" if password else ""
        conn.execute(f"CREATE ROLE {role} LOGIN{secret}")  # type: ignore[arg-type]  # test-made name
        conn.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}")  # type: ignore[arg-type]
        conn.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role}")  # type: ignore[arg-type]
        profile_id = None
        if person is not None:
            row = conn.execute(
                "INSERT INTO profiles (uuid, name, role, created_at, login_role) "
                "VALUES (%s, %s, %s, now(), %s) RETURNING id",
                (str(uuid.uuid4()), person, role_kind, role),
            ).fetchone()
            assert row is not None
            profile_id = int(row[0])  # type: ignore[call-overload]
    if password:
        require_password(cluster, role)
    return Login(role, password, database, profile_id)


def database_of(url: str) -> str:
    return url.split("@/", 1)[1].split("?", 1)[0]


def make_durable(cluster: Cluster) -> None:
    """The test cluster runs with synchronous_commit=off, so an immediate stop may lose the last
    commits (a real server would not); a checkpoint first keeps what the test already saved."""
    with _superuser(cluster, "postgres") as conn:
        conn.execute("CHECKPOINT")
