"""`practice-room doctor` in clinic mode: the signed-in person's recordings. A take recorded on
another computer is fine when the server has it; one kept here and not yet sent waits (the app
sends it when connected); only a take that is neither here nor on the server is missing."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.finding import Finding

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from app.paths import DataPaths

log = logging.getLogger(__name__)


def clinic_recordings_finding(paths: DataPaths, engine: Engine) -> Finding | None:
    """None when the login is no person of the clinic (nobody's recordings to look at)."""
    from sqlalchemy import text
    from sqlalchemy.orm import sessionmaker

    from practice_db.stored_files import StoredFileRepository

    try:
        with engine.connect() as conn:
            me = conn.execute(text("SELECT id FROM profiles WHERE login_role = current_user")).scalar()
        if me is None:
            return None
        files = StoredFileRepository(sessionmaker(engine))
        refs = files.takes_with_recordings(int(me))
        on_server = files.complete_keys(r.key for r in refs)
    except Exception:  # noqa: BLE001 - said in plain words; the detail goes to the log
        log.exception("Could not list the recordings on the clinic's server")
        return Finding("Recordings", "could not be listed (see the log file)", False, False)
    if not refs:
        return Finding("Recordings", "none yet")
    waiting = [r for r in refs if r.key not in on_server and (paths.home / r.recording_path).is_file()]
    missing = [
        Path(r.recording_path).name
        for r in refs
        if r.key not in on_server and not (paths.home / r.recording_path).is_file()
    ]
    summary = f"{len(on_server)} of {len(refs)} on the clinic's server"
    if waiting:
        summary += f", {len(waiting)} on this computer waiting to be sent"
    if not missing:
        return Finding("Recordings", summary)
    from app.cli.doctor_data import few_names

    return Finding(
        "Recordings",
        f"{summary}; {len(missing)} neither here nor on the server",
        False,
        False,
        f"Missing ({len(missing)}): {few_names(missing)}\nThese replies can't be played. They may be "
        "on the computer they were recorded on: open Practice Room there while connected to send them.",
    )
