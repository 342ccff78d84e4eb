"""The clinic server this window works with: its address (no password), the password typed
this session (memory only, never written), the outbox, and the checks run before using it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.clinic.outbox import Outbox
from app.clinic.urls import password_of, with_password, without_password

if TYPE_CHECKING:
    from practice_db.store import PracticeStore


@dataclass
class ClinicLink:
    url: str  # without a password: what settings keep and the window shows
    outbox: Outbox
    password: str | None = field(default=None, repr=False)

    @classmethod
    def from_url(cls, url: str, home: Path) -> ClinicLink:
        """A password given on the command line is kept in memory and taken out of the URL."""
        import app.clinic.outbox_kinds  # noqa: F401  (registers the outbox's kinds of save)

        return cls(without_password(url), Outbox.in_data_folder(home), password_of(url))

    def connect_url(self) -> str:
        return with_password(self.url, self.password)

    def open_store(self) -> PracticeStore:
        from app.clinic.storage import open_clinic_store

        return open_clinic_store(self.connect_url(), self.outbox)


@dataclass(frozen=True)
class ConnectionCheck:
    login: str  # the PostgreSQL login the server says we are
    person: str | None  # the name of the profile set up for it, if any
    superuser: bool = False  # the server's own administrator: the permissions don't apply to it


def check_connection(url: str) -> ConnectionCheck:
    """Connect, check the schema, and find this login's profile. Raises ClinicServerError with
    plain words (server not found, sign-in refused, no such database, not Practice Room's,
    schema too old or too new). Runs on a worker: it waits on the network."""
    from practice_db.clinic_session import check_schema, is_superuser, make_clinic_engine, signed_in_login
    from practice_db.migrate import known_revisions
    from practice_db.store import PracticeStore

    engine = make_clinic_engine(url)
    try:
        check_schema(engine, known_revisions())
        login = signed_in_login(engine)
        superuser = is_superuser(engine)
        profile = PracticeStore(engine).clinic_session.my_profile()
    finally:
        engine.dispose()
    return ConnectionCheck(login, None if profile is None else profile.name, superuser)
