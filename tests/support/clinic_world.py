"""A clinic database on the test cluster, with people who sign in as their own login roles.

    world = make_clinic(pg_cluster)             # a fresh migrated database, `clinic init` done
    trainee_id, trainee_url = world.person("Ana", "clinician")
    sup_id, sup_url = world.person("Dr Bo", "supervisor")
    world.assign("Dr Bo", "Ana")                # by the names given to `person`
    PracticeStore.open(trainee_url, backups)    # the app as that person (row-level security on)

Login roles are cluster-wide, so each world's logins carry a suffix of their own; `login_of`
gives the login for a name. `drop()` removes the database and the world's logins."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from practice_db.clinic.admin import add_person, assign, init_clinic, unassign
from tests.support.pg_cluster import SUPERUSER, Cluster

PASSWORD = "not-checked-on-the-test-cluster"  # the test cluster trusts its socket


@dataclass
class ClinicWorld:
    cluster: Cluster
    database: str
    suffix: str
    logins: dict[str, str] = field(default_factory=dict)  # name -> login

    @property
    def admin_url(self) -> str:
        return self.cluster.url(self.database)

    def login_of(self, name: str) -> str:
        return self.logins[name]

    def url_of(self, name: str) -> str:
        return self.cluster.url(self.database, self.logins[name], PASSWORD)

    def person(self, name: str, role: str = "clinician") -> tuple[int, str]:
        """Add a person (clinician or supervisor): their profile id and their own database URL."""
        slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:30] or "p"
        login = f"{slug}_{self.suffix}"
        person = add_person(self.admin_url, name, role, login, PASSWORD)
        self.logins[name] = login
        return person.profile_id, self.url_of(name)

    def assign(self, supervisor: str, trainee: str) -> None:
        """By name, as given to `person`."""
        assign(self.admin_url, self.logins[supervisor], self.logins[trainee])

    def unassign(self, supervisor: str, trainee: str) -> None:
        unassign(self.admin_url, self.logins[supervisor], self.logins[trainee])

    def drop(self) -> None:
        import psycopg
        from psycopg import sql

        self.cluster.drop_database(self.database)
        with psycopg.connect(
            host=str(self.cluster.socket_dir),
            port=self.cluster.port,
            user=SUPERUSER,
            dbname="postgres",
            autocommit=True,
        ) as conn:
            for login in self.logins.values():
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(login)))


def make_clinic(pg_cluster: Cluster, template: str | None = None) -> ClinicWorld:
    """A fresh database (copied from `template`, e.g. the `pg_template` fixture, when given,
    else migrated from scratch) set up by `init_clinic` as the cluster's superuser."""
    database = pg_cluster.create_database(template=template)
    world = ClinicWorld(pg_cluster, database, uuid.uuid4().hex[:8])
    init_clinic(world.admin_url)
    return world
