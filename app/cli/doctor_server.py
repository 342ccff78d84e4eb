"""The clinic-server half of `practice-room doctor`: which server, its version, how far away it
is, whether its schema is this version's, and who we are signed in as. It only looks."""

from __future__ import annotations

import getpass
import logging
import sys
from typing import TYPE_CHECKING

from app.cli.doctor_clinic_recordings import clinic_recordings_finding
from app.cli.finding import Finding
from app.clinic.urls import password_of, with_password, without_password

if TYPE_CHECKING:
    from app.paths import DataPaths

log = logging.getLogger(__name__)

SLOW_MS = 50.0  # round trips beyond this make every page feel slow


def server_findings(url: str, paths: DataPaths | None = None) -> list[Finding]:
    """`paths`: this computer's data folder, to check the signed-in person's recordings too."""
    from practice_db.clinic_session import (
        ClinicServerError,
        connection_problem,
        make_clinic_engine,
        server_facts,
    )
    from practice_db.migrate import known_revisions
    from practice_db.schema_version import HEAD_REVISION

    engine = make_clinic_engine(url)
    try:
        try:
            facts = server_facts(engine)
        except Exception as exc:  # noqa: BLE001 - said in plain words; the detail goes to the log
            problem = exc if isinstance(exc, ClinicServerError) else connection_problem(exc)
            if problem.problem == "password_needed" and password_of(url) is None and sys.stdin.isatty():
                typed = getpass.getpass(f"Password for {without_password(url)}: ")
                if typed:
                    return server_findings(with_password(url, typed), paths)
            log.warning("doctor could not reach the clinic server", exc_info=exc)
            return [Finding("Clinic server", str(problem), False, True)]
        recordings = None if paths is None else clinic_recordings_finding(paths, engine)
    finally:
        engine.dispose()
    found = [
        Finding("Clinic server", facts.server),
        Finding("Server version", f"PostgreSQL {facts.version}"),
        latency_finding(facts.latency_ms),
    ]
    if facts.revision == HEAD_REVISION:
        found.append(Finding("Schema revision", f"{facts.revision} (this version's)"))
    else:
        found.append(
            Finding(
                "Schema revision",
                f"{facts.revision or 'none'} (this version expects {HEAD_REVISION})",
                False,
                True,
                "The clinic's admin must run `practice-room clinic init` to set up or upgrade the database."
                if facts.revision is None or facts.revision in known_revisions()
                else "The server is ahead of this app: please update Practice Room.",
            )
        )
    if facts.superuser:
        found.append(
            Finding(
                "Signed in as",
                f"{facts.login} (a superuser)",
                False,
                False,
                "Practice Room should not sign in as a superuser: the server's permissions do not apply "
                "to one. Sign in with your own login instead.",
            )
        )
    else:
        found.append(Finding("Signed in as", facts.login))
    if facts.tables and facts.forced_rls == facts.tables:
        found.append(Finding("Row-level security", f"forced on all {facts.tables} tables"))
    else:
        found.append(
            Finding(
                "Row-level security",
                f"forced on {facts.forced_rls} of {facts.tables} tables",
                False,
                False,
                "Who may see and change what is not enforced by the server; the clinic's admin can set "
                "it up with `practice-room clinic init`.",
            )
        )
    return found if recordings is None else [*found, recordings]


def latency_finding(ms: float) -> Finding:
    if ms <= SLOW_MS:
        return Finding("Round trip", f"{ms:.1f} ms (median of 5)")
    return Finding(
        "Round trip",
        f"{ms:.0f} ms (median of 5)",
        False,
        False,
        "The server is far away or busy: pages will open slowly.",
    )
