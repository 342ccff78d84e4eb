"""`practice-room clinic import --from DIR`: a solo data folder's practice into a clinic's server.

The folder is only ever read. Its database (and WAL file) is copied into a temporary folder and
everything works on that copy: the copy is checked, and updated to the current schema when it
comes from an older version, while the user's own files keep every byte. Rows go across by uuid
(solo_import_rows.py), then recordings and own clips (solo_import_files.py). Running it again adds
nothing and changes nothing; after an interruption it completes what is missing.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError

from app.clinic.solo_import_files import attempt_recordings, copy_files, own_clip_files, take_recordings
from app.clinic.solo_import_report import SoloImportError, SoloImportReport, Tally
from app.clinic.solo_import_rows import SPECS, Ids, Step, copy_clips, copy_profiles, copy_table
from app.paths import DataPaths
from practice_db.clinic.connection import act_as_owner
from practice_db.engine import make_engine, sqlite_url
from practice_db.errors import PermissionDeniedError
from practice_db.integrity import quick_check
from practice_db.migrate import current_revision, known_revisions, upgrade
from practice_db.schema_version import HEAD_REVISION

__all__ = ["SoloImportError", "SoloImportReport", "import_solo_folder"]

log = logging.getLogger(__name__)
# The role that owns a clinic's tables (practice_db/clinic/roles.py makes it at `clinic init`).
Progress = Callable[[str, int, int], None]  # (what, done, total)


def import_solo_folder(
    source_home: Path, admin_url: str, *, on_progress: Progress | None = None
) -> SoloImportReport:
    """Copy everything in the solo data folder `source_home` into the clinic database at `admin_url`
    (a PostgreSQL URL of its owner or a superuser). Raises SoloImportError with a plain sentence.

    `on_progress(what, done, total)`, if given, follows each kind as it goes ("recordings of
    attempts", 40, 1200): compressing years of takes can take a while."""
    paths = DataPaths(Path(source_home).expanduser())
    _check_folder(paths)
    target = _open_target(admin_url)
    try:
        with tempfile.TemporaryDirectory(prefix="practice-room-import-") as scratch:
            source, before = _open_copy(paths, Path(scratch))
            try:
                return _copy_everything(source, target, paths, before, on_progress)
            except SQLAlchemyError as exc:
                log.exception("Import from %s stopped", paths.home)
                raise SoloImportError(
                    f"The import stopped part-way ({_short(exc)}). What was copied is whole; "
                    "run the same command again to finish it."
                ) from exc
            finally:
                source.dispose()
    finally:
        target.dispose()


LABELS = {
    "practice_sessions": "practice sessions",
    "assessment_sets": "assessment sets",
    "assessments": "assessment sittings",
    "assessment_takes": "assessment takes",
    "assessment_ratings": "assessment ratings",
    "recordings": "recordings of attempts",
    "assessment_recordings": "recordings of assessment takes",
    "clip_files": "own clips' media files",
}


def _copy_everything(
    source: Engine, target: Engine, paths: DataPaths, before: str | None, on_progress: Progress | None
) -> SoloImportReport:
    def step(name: str) -> Step:
        label = LABELS.get(name, name)

        def report(done: int, total: int) -> None:
            if on_progress is not None:
                on_progress(label, done, total)

        return report

    ids = Ids()
    tallies = {name: Tally() for name in ("profiles", "clips", *SPECS)}
    renamed = copy_profiles(source, target, ids, tallies["profiles"])
    copy_clips(source, target, ids, tallies["clips"], step("clips"))
    for name, spec in SPECS.items():
        copy_table(source, target, spec, ids, tallies[name], step(name))
    missing: list[str] = []
    files = {"recordings": Tally(), "assessment_recordings": Tally(), "clip_files": Tally()}
    for name, wanted in (
        ("recordings", attempt_recordings(source, paths.home, ids)),
        ("assessment_recordings", take_recordings(source, paths.home, ids)),
        ("clip_files", own_clip_files(source, paths.home, ids)),
    ):
        copy_files(target, wanted, files[name], missing, step(name))
    counts = {name: t.frozen(LABELS.get(name, name)) for name, t in (tallies | files).items()}
    return SoloImportReport(
        source=paths.home,
        migrated_from=before,
        renamed_profiles=tuple(renamed),
        missing_files=tuple(missing),
        **counts,
    )


# -- the source: read only, through a copy ------------------------------------------------------


def _check_folder(paths: DataPaths) -> None:
    if not paths.home.is_dir():
        raise SoloImportError(f"There is no folder at {paths.home}.")
    if not paths.database.is_file():
        raise SoloImportError(
            f"{paths.home} is not a Practice Room data folder: it has no {paths.database.name}. "
            "Nothing was imported."
        )
    if _open_elsewhere(paths):
        raise SoloImportError(
            f"Practice Room is open on {paths.home} right now. Close it there first, so the "
            "import reads a database nobody is changing. Nothing was imported."
        )


def _open_elsewhere(paths: DataPaths) -> bool:
    """Whether a running Practice Room on this computer holds the folder's lock (Qt's QLockFile:
    pid, app name, host name). A stale lock from a crash says no."""
    try:
        lines = paths.lock_file.read_text(encoding="utf-8", errors="replace").splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return False
    host = lines[2] if len(lines) > 2 else ""
    if host and host != socket.gethostname():
        return False  # a lock from another computer (a shared drive): not ours to judge
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != os.getpid()


def _open_copy(paths: DataPaths, scratch: Path) -> tuple[Engine, str | None]:
    """An engine on a checked copy at the current schema, and the revision it had if older."""
    copy = scratch / paths.database.name
    for suffix in ("", "-wal"):  # committed pages may still sit in the WAL file
        original = Path(f"{paths.database}{suffix}")
        if not original.is_file():
            continue
        try:
            shutil.copyfile(original, f"{copy}{suffix}")
        except OSError as exc:
            raise SoloImportError(
                f"{original} could not be read, or not copied to a temporary folder "
                f"({exc.strerror or exc}). Nothing was imported."
            ) from exc
    ok, detail = quick_check(copy)
    if not ok:
        raise SoloImportError(
            f"The database in {paths.home} is damaged or is not a Practice Room database "
            f"({detail[:200]}). Nothing was imported; the folder was not changed."
        )
    engine = make_engine(sqlite_url(copy))
    try:
        before = current_revision(engine)
        if before is None:
            raise SoloImportError(f"{paths.database} holds no Practice Room data. Nothing was imported.")
        if before != HEAD_REVISION:
            if before not in known_revisions():
                raise SoloImportError(
                    f"The data in {paths.home} was saved by a newer version of Practice Room (schema "
                    f"{before}). Update Practice Room here first; nothing was imported."
                )
            upgrade(engine)
    except SoloImportError:
        engine.dispose()
        raise
    except Exception as exc:  # a broken schema fails in Alembic in many ways
        engine.dispose()
        log.exception("Could not prepare a copy of %s", paths.database)
        raise SoloImportError(
            f"The database in {paths.home} could not be read ({_short(exc)}). Nothing was imported; "
            "the folder was not changed."
        ) from exc
    return engine, None if before == HEAD_REVISION else before


# -- the target: the clinic's PostgreSQL database ---------------------------------------------


def _open_target(admin_url: str) -> Engine:
    try:
        backend = make_url(admin_url).get_backend_name()
    except ArgumentError as exc:
        raise SoloImportError("The server address is not a database URL.") from exc
    if backend != "postgresql":
        raise SoloImportError(
            "A clinic's database is on PostgreSQL (postgresql+psycopg://…); this address is not. "
            "Nothing was imported."
        )
    engine = make_engine(admin_url)
    try:
        act_as_owner(engine)
        revision = current_revision(engine)
    except OperationalError as exc:
        engine.dispose()
        raise SoloImportError(
            f"Could not reach the clinic's server ({_short(exc)}). Nothing was imported."
        ) from exc
    except (DBAPIError, PermissionDeniedError) as exc:
        engine.dispose()
        refusal = exc.__cause__ if isinstance(exc, PermissionDeniedError) and exc.__cause__ else exc
        raise SoloImportError(
            f"The clinic's server refused ({_short(refusal)}). Use the administrator's address (a superuser, "
            "or a member of the role that owns the tables). Nothing was imported."
        ) from exc
    if revision != HEAD_REVISION:
        engine.dispose()
        raise SoloImportError(
            f"The clinic's database is at schema {revision or 'none'}, this version of Practice Room "
            f"needs {HEAD_REVISION}. Run `practice-room clinic init` with this version first; "
            "nothing was imported."
        )
    return engine


def _short(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
