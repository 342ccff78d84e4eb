"""Opening storage on the clinic's server, and the start-up work that fits a signed-in person.

Unlike the solo app there is no database file to check, back up or migrate: the server's schema
must already be this version's (the admin's `practice-room clinic init` upgrades it), and the
starter exercises and assessment set are the admin's to install. Called on the storage worker."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from app.paths import DataPaths

if TYPE_CHECKING:
    from app.clinic.outbox import Outbox
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)


def open_clinic_store(url: str, outbox: Outbox | None = None) -> PracticeStore:
    """A store on the server; raises ClinicServerError (plain words) if it can't be used."""
    from app.clinic.outbox_store import keep_saves_in_outbox
    from practice_db.clinic_session import check_schema, make_clinic_engine
    from practice_db.migrate import OpenReport, known_revisions
    from practice_db.store import PracticeStore

    engine = make_clinic_engine(url)
    try:
        revision = check_schema(engine, known_revisions())
    except BaseException:
        engine.dispose()
        raise
    store = PracticeStore(engine, OpenReport(revision, revision, None))
    if outbox is not None:
        keep_saves_in_outbox(store, outbox)
    return store


def _installed(store: PracticeStore, external_ids: list[str]) -> bool:
    return all(store.clips.by_external_id(e) is not None for e in external_ids)


def _copy_missing_files(
    store: PracticeStore, paths: DataPaths, folder: Path, entries: list[tuple[str, str]]
) -> None:
    """The rows are on the server, the files ship with the app: put this computer's copies in place
    (checked against the stored hash, placed atomically)."""
    from app.startup.starter_library import restore_missing_file

    for external_id, file_name in entries:
        clip = store.clips.by_external_id(external_id)
        if clip is not None and clip.media_path:
            restore_missing_file(paths, folder / file_name, clip)


def install_shared_exercises(store: PracticeStore, paths: DataPaths) -> str | None:
    """Starter pack and assessment set in clinic mode: nothing to do when the admin's install is
    there; otherwise try (an admin can write clips, a trainee can't), and never stop the start."""
    from app.startup import assessment_set, starter_library

    starter = starter_library.load_manifest()
    assessment = assessment_set.load_manifest()["clips"]
    starter_ids = [starter_library.EXTERNAL_PREFIX + e["id"] for e in starter]
    assessment_ids = [assessment_set.EXTERNAL_PREFIX + e["id"] for e in assessment]
    try:
        if _installed(store, starter_ids + assessment_ids):
            _copy_missing_files(
                store,
                paths,
                starter_library.pack_folder(),
                [(i, e["file"]) for i, e in zip(starter_ids, starter, strict=True)],
            )
            _copy_missing_files(
                store,
                paths,
                assessment_set.assessment_folder(),
                [(i, e["file"]) for i, e in zip(assessment_ids, assessment, strict=True)],
            )
            return None
        starter_library.install_starter_pack(store, paths)
        if assessment_set.install_assessment_set(store, paths) is None:
            return "The assessment set could not be loaded; see the log."
    except Exception:  # e.g. a trainee may not add clips: the admin installs them
        log.exception("Could not install the shared exercises on the clinic's server")
        return (
            "Some built-in exercises are not on the clinic's server yet; the clinic's admin can add "
            "them with `practice-room clinic init`."
        )
    return None


def after_clinic_store_opened(paths: DataPaths, store: PracticeStore) -> str | None:
    """Takes a crash interrupted on this computer are finished; then the shared exercises."""
    from app.startup.take_recovery import recover_interrupted_takes

    note: str | None = None
    try:
        note = recover_interrupted_takes(store, paths).summary()
    except Exception:  # the takes stay on disk and are checked again at the next start
        log.exception("Take recovery failed")
    extra = install_shared_exercises(store, paths)
    if extra:
        note = f"{note} {extra}" if note else extra
    return note
