"""Opening storage and the start-up work that needs it (take recovery, the starter pack).

Called by the window on its storage worker, never on the GUI thread."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from app.paths import DataPaths
from app.startup.data_folder import DataFolderError, check_data_folder, sqlite_database_file

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)


def open_store(url: str, paths: DataPaths) -> PracticeStore:
    from practice_db.errors import DatabaseTooNewError
    from practice_db.store import PracticeStore  # SQLAlchemy loads here, after the window is up

    try:
        return PracticeStore.open(url, paths.backups)
    except DatabaseTooNewError:
        raise
    except Exception as exc:
        # The disk may have filled or gone read-only since the start-up check: say that plainly
        # instead of the database's own error text. This includes "damaged": SQLite can't even
        # read a WAL database on a read-only disk, and offering a backup then would mislead.
        problem = check_data_folder(paths, sqlite_database_file(url)).blocking
        if problem is None:
            raise
        log.error("Could not open the database (%s)", problem.kind.value, exc_info=exc)
        raise DataFolderError(problem) from exc


def after_store_opened(paths: DataPaths, store: PracticeStore) -> str | None:
    """Recover interrupted takes, clear half-imported copies, install the starter pack and the
    assessment set. A returned sentence is shown to the user once."""
    from app.clips.files import remove_stale_staging
    from app.deletion.workflow import DeletionWorkflow
    from app.startup.assessment_set import install_assessment_set
    from app.startup.starter_library import install_starter_pack
    from app.startup.take_recovery import recover_interrupted_takes

    try:
        # Before recovery: a deletion a crash cut short puts its files back; finished ones purge.
        DeletionWorkflow(paths, store).purge_leftovers()
    except Exception:  # the trash is emptied again at the next start; the app still opens
        log.exception("Could not empty the trash")
    try:
        note = recover_interrupted_takes(store, paths).summary()
    except Exception:  # recovery guards each file; this is the last net, so the app still opens
        log.exception("Take recovery failed")
        note = (
            "Interrupted recordings could not be checked this time; "
            "they are kept and will be checked again at the next start."
        )
    remove_stale_staging(paths.clips)  # copies a crash left mid-import; no import runs yet
    try:
        install_starter_pack(store, paths)
    except (OSError, ValueError, KeyError):  # a damaged install must not stop the app
        log.exception("Could not install the starter exercises")
        note = (note + " " if note else "") + "The starter exercises could not be loaded; see the log."
    try:
        if install_assessment_set(store, paths) is None:
            note = (note + " " if note else "") + "The assessment set could not be loaded; see the log."
    except (OSError, ValueError, KeyError):  # the app still opens; practice needs none of it
        log.exception("Could not install the assessment set")
        note = (note + " " if note else "") + "The assessment set could not be loaded; see the log."
    return note
