"""The data half of `practice-room doctor`: the folder and its disk, the database's health and
schema, and the recording files the attempts point to. It only looks: the database is opened
read-only and nothing is migrated or repaired."""

from __future__ import annotations

import logging
from pathlib import Path

from app.cli.doctor_schema import schema_finding
from app.cli.finding import Finding
from app.clinic.urls import is_clinic_url, without_password
from app.file_sizes import format_size
from app.paths import DataPaths, database_url
from app.settings import read_settings
from app.startup.data_folder import DataFolderCheck, ProblemKind, check_data_folder, sqlite_database_file
from media.recording.audio_constants import PARTIAL_SUFFIX, WAV_HEADER_BYTES

log = logging.getLogger(__name__)

_SPACE_KINDS = {ProblemKind.FULL, ProblemKind.LOW_SPACE}
NAMES_SHOWN = 3  # a few file names are enough to recognise; the count says the rest


def check_data(paths: DataPaths) -> list[Finding]:
    loaded = read_settings(paths.settings_file, set_aside=False)  # the app sets a damaged file aside
    url = database_url(paths, loaded.settings.configured_database_url)
    db_file = sqlite_database_file(url)
    folder = check_data_folder(paths, db_file)
    findings = [Finding("Data folder", str(paths.home)), *folder_findings(folder)]
    if loaded.notice is not None:
        findings.append(Finding("Settings", "; ".join(loaded.problems), False, False, loaded.notice))
    if is_clinic_url(url):  # no database file on this computer: the server is what to check
        from app.cli.doctor_server import server_findings

        return [*findings, Finding("Database URL", without_password(url)), *server_findings(url, paths)]
    findings.append(Finding("Database URL", url))
    if not paths.home.is_dir():
        return findings  # there is nothing to look at yet
    return findings + database_findings(paths, url, db_file, folder)


def folder_findings(folder: DataFolderCheck) -> list[Finding]:
    found: list[Finding] = []
    free = "unknown" if folder.free_bytes is None else f"{format_size(folder.free_bytes)} free"
    space = [p for p in folder.problems if p.kind in _SPACE_KINDS]
    if space:
        found.append(
            Finding("Free space", f"{free}: {space[0].summary}", False, space[0].blocking, space[0].message)
        )
    else:
        found.append(Finding("Free space", free))
    writing = [p for p in folder.problems if p.kind not in _SPACE_KINDS]
    for problem in writing:
        label = "Database file" if problem.kind is ProblemKind.DATABASE_READ_ONLY else "Saving"
        found.append(Finding(label, problem.summary, False, problem.blocking, problem.message))
    if not folder.blocking:
        found.append(Finding("Saving", "the data folder can be written"))
    return found


def database_findings(
    paths: DataPaths, url: str, db_file: Path | None, folder: DataFolderCheck
) -> list[Finding]:
    from practice_db.integrity import quick_check
    from practice_db.schema_version import HEAD_REVISION

    if db_file is not None and (not db_file.is_file() or db_file.stat().st_size == 0):
        return [
            Finding("Schema revision", f"none yet (created on first start; code expects {HEAD_REVISION})")
        ]
    found: list[Finding] = []
    if db_file is not None:
        ok, detail = quick_check(db_file)
        if not ok and folder.blocking is not None:
            # SQLite can't open a WAL database on a read-only disk at all: that's not damage.
            log.warning("quick_check failed for %s on an unusable disk: %s", db_file, detail)
            return [Finding("Database health", f"can't be checked: {folder.blocking.summary}", False)]
        if not ok:
            log.warning("quick_check failed for %s: %s", db_file, detail)
            return [
                Finding(
                    "Database health",
                    "damaged: SQLite's own check of the file failed",
                    False,
                    True,
                    "Start Practice Room: it offers to put back the newest backup and keeps the damaged "
                    "file beside it. Until then, keep a copy of the whole data folder.",
                )
            ]
        found.append(Finding("Database health", "passes SQLite's own check"))
    return found + schema_and_recordings(paths, url)


def schema_and_recordings(paths: DataPaths, url: str) -> list[Finding]:
    from practice_db.engine import make_readonly_engine
    from practice_db.recording_refs import recording_refs
    from practice_db.schema_check import check_schema

    engine = make_readonly_engine(url)
    try:
        try:
            found = [schema_finding(check_schema(engine), paths)]
        except Exception:  # noqa: BLE001 - reported in plain words; the detail goes to the log
            log.exception("Could not read the database schema")
            return [
                Finding(
                    "Database",
                    "could not be read",
                    False,
                    True,
                    "Practice Room could not read its database. It may be damaged or in use by "
                    "another program; details are in the log file.",
                )
            ]
        try:
            refs = recording_refs(engine)
        except Exception:  # noqa: BLE001
            log.exception("Could not list the attempts' recordings")
            return found + [Finding("Recordings", "could not be listed (see the log file)", False, False)]
    finally:
        engine.dispose()
    return found + [recordings_finding(paths, [(r.recording_path, r.status) for r in refs])]


def recordings_finding(paths: DataPaths, refs: list[tuple[str, str]]) -> Finding:
    """Each attempt's recording must be there and hold more than a header."""
    missing: list[str] = []
    empty: list[str] = []
    unreadable: list[str] = []
    for relative, status in refs:
        path = paths.home / relative
        if status == "recording" and path.with_name(path.name + PARTIAL_SUFFIX).is_file():
            continue  # an interrupted take: start-up recovers it
        try:
            with path.open("rb") as fh:
                head = fh.read(WAV_HEADER_BYTES)
        except FileNotFoundError:
            missing.append(path.name)
        except OSError:
            unreadable.append(path.name)
        else:
            if len(head) < WAV_HEADER_BYTES:
                empty.append(path.name)
    bad = len(missing) + len(empty) + len(unreadable)
    if not refs:
        return Finding("Recordings", "none yet")
    if not bad:
        return Finding("Recordings", f"{len(refs)} found, all there")
    lines = [
        f"{label} ({len(names)}): {few_names(names)}"
        for label, names in (("Missing", missing), ("Empty", empty), ("Can't be read", unreadable))
        if names
    ]
    advice = "\n".join(
        [
            *lines,
            "These replies can't be played, reviewed or sent to a supervisor. If you have a copy of "
            f"the data folder, put the files back in {paths.recordings} under the same names.",
        ]
    )
    return Finding("Recordings", f"{bad} of {len(refs)} can't be played", False, True, advice)


def few_names(names: list[str]) -> str:
    more = len(names) - NAMES_SHOWN
    return ", ".join(names[:NAMES_SHOWN]) + (f" and {more} more" if more > 0 else "")
