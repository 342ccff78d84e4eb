"""Workflow: bring the user's own recordings (one file or whole folders) into the library.

Per file: cheap checks, copy into clips/ under a staging name while hashing, let libvlc decode the
copy whole (damage, pictures, the true length), then (on the DB worker) rename it to
clips/<sha256>.<ext> and add the row. Whatever fails, neither a file nor a row is left behind.
Qt-free: the Library page drives the steps on its workers (files on a file worker, the row on the
DB worker); import_files() runs them in sequence for scripts/tests.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app.clinic.file_sync import after_clip_imported, in_background
from app.clips.files import CopyCancelledError, clip_file_name, place_staged, stage_copy
from app.clips.records import ClipDetails, FoundFiles, ImportOutcome, SkippedItem, StagedClip
from app.clips.titles import find_on_disk, fit_title, tidy_title
from app.paths import DataPaths
from media.playback.full_decode import DecodeCancelledError
from media.playback.media_probe import (
    ARCHIVE_EXTENSIONS,
    IMPORTABLE_EXTENSIONS,
    MSG_ARCHIVE,
    MSG_UNREADABLE,
    MediaProber,
    UnplayableClipError,
    check_source_file,
)
from practice_db.errors import DuplicateError, StorageError
from practice_db.records import NewClip

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)
FREE_SPACE_MARGIN = 50 * 1024 * 1024  # leave room for the database and recordings
COPY_SHARE = 0.2  # of one file's progress bar: copying; the rest is decoding it whole
SKIP_UNREADABLE_FOLDER = "This folder could not be opened: you do not have permission to read it."
SKIP_NOT_A_FILE = "Not an ordinary file (a pipe, device or socket), so it was not read."
SKIP_BROKEN_LINK = "A shortcut (link) to a file that is not there any more."


def _visible(path: Path, root: Path) -> bool:
    """Skip hidden files and folders (.DS_Store, macOS '._' copies, .git): never the user's clips."""
    return not any(part.startswith(".") for part in path.relative_to(root).parts)


def _skip_reason(path: Path) -> str | None:
    """Why a name in a folder is not read at all (None: it is an ordinary file). Never opens it."""
    suffix = path.suffix.lower()
    if suffix in ARCHIVE_EXTENSIONS:
        return MSG_ARCHIVE.format(suffix=suffix)
    try:
        mode = path.stat().st_mode  # follows links: a link to a clip is a clip
    except FileNotFoundError:
        return SKIP_BROKEN_LINK
    except OSError:
        return None  # reported with its reason if it is a clip; otherwise ignored as before
    return None if stat.S_ISREG(mode) else SKIP_NOT_A_FILE


class ClipImporter:
    """The import steps for one data folder; each says which worker it belongs on."""

    def __init__(self, paths: DataPaths, prober: MediaProber | None = None) -> None:
        self.paths = paths
        self.prober = prober or MediaProber()

    def default_title(self, source: Path) -> str:
        return tidy_title(source)

    def collect(self, sources: Sequence[Path]) -> FoundFiles:
        found = FoundFiles()
        seen: set[Path] = set()

        def add(path: Path, into: list[Path]) -> None:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                into.append(path)

        def unreadable(error: OSError) -> None:  # os.walk would skip the folder without a word
            if error.filename:
                reason = SKIP_UNREADABLE_FOLDER
                if not isinstance(error, PermissionError):
                    reason = f"This folder could not be read ({error.strerror or error})."
                found.skipped.append(SkippedItem(Path(error.filename), reason))

        for source in map(find_on_disk, sources):  # a name Qt could not decode: the real one
            if not source.is_dir():
                add(source, found.clips)  # picked by name: always reported on, whatever it is
                continue
            for folder, dirs, names in os.walk(source, onerror=unreadable):
                dirs.sort(key=str.casefold)
                for name in sorted(names, key=str.casefold):  # as a file manager lists them
                    path = Path(folder) / name
                    if not _visible(path, source):
                        continue
                    reason = _skip_reason(path)
                    if reason is not None:
                        found.skipped.append(SkippedItem(path, reason))
                        continue
                    add(path, found.clips if path.suffix.lower() in IMPORTABLE_EXTENSIONS else found.ignored)
        return found

    def stage(
        self,
        source: Path,
        cancelled: Callable[[], bool] = lambda: False,
        progress: Callable[[float], None] | None = None,
    ) -> StagedClip | ImportOutcome:
        """Copy, hash and decode one file whole (file worker). progress(0..1) for this file is
        called from the worker and from libvlc's threads: hop to the GUI thread before drawing."""
        report = progress or (lambda _fraction: None)
        try:
            size = check_source_file(source)
            if shutil.disk_usage(self.paths.clips).free < size + FREE_SPACE_MARGIN:
                return ImportOutcome(source, "rejected", "There is not enough free disk space to copy it.")
            staged_path, digest = stage_copy(
                source, self.paths.clips, cancelled, lambda done: report(COPY_SHARE * done / max(size, 1))
            )
        except UnplayableClipError as exc:
            return ImportOutcome(source, "rejected", str(exc))
        except CopyCancelledError:
            return ImportOutcome(source, "cancelled", "Not imported: you cancelled.")
        except PermissionError:
            return ImportOutcome(source, "rejected", MSG_UNREADABLE)
        except OSError as exc:
            return ImportOutcome(source, "rejected", f"The file could not be copied ({exc.strerror or exc}).")
        try:  # the copy itself, not the original
            info = self.prober.probe(
                staged_path, lambda done: report(COPY_SHARE + (1 - COPY_SHARE) * done), cancelled
            )
        except UnplayableClipError as exc:
            staged_path.unlink(missing_ok=True)
            return ImportOutcome(source, "rejected", str(exc))
        except DecodeCancelledError:
            staged_path.unlink(missing_ok=True)
            return ImportOutcome(source, "cancelled", "Not imported: you cancelled.")
        except BaseException:
            staged_path.unlink(missing_ok=True)
            raise
        report(1.0)
        return StagedClip(source, staged_path, digest, info)

    def commit(
        self,
        store: PracticeStore,
        staged: StagedClip,
        details: ClipDetails,
        owner_profile_id: int | None = None,
    ) -> ImportOutcome:
        """Add the staged clip as an own clip of `owner_profile_id` (the person importing it)."""
        existing = store.clips.by_hash(staged.content_hash)
        if existing is not None:
            self.discard(staged)
            message = f"Already in your library as «{existing.title}»."
            return ImportOutcome(staged.source, "duplicate", message)
        target = self.paths.clips / clip_file_name(staged.content_hash, staged.source.suffix)
        created = False
        try:
            created = place_staged(staged.staged_path, target)
            clip = store.clips.add(
                NewClip(
                    title=fit_title(details.title) or tidy_title(staged.source),
                    presentation=details.presentation,
                    difficulty=details.difficulty,
                    media_path=target.relative_to(self.paths.home).as_posix(),
                    content_hash=staged.content_hash,
                    statement=details.statement,
                    duration_ms=staged.info.duration_ms,
                    source="imported",
                    facets=details.facets,
                    criteria=details.criteria,
                    example_response=details.example_response,
                    content_note=details.content_note,
                    owner_profile_id=owner_profile_id,
                )
            )
        except DuplicateError as exc:  # added by someone else between the check and now
            self._undo(staged, target, created)
            return ImportOutcome(staged.source, "duplicate", str(exc))
        except StorageError as exc:  # plain sentence by contract
            self._undo(staged, target, created)
            return ImportOutcome(staged.source, "rejected", str(exc))
        except Exception:
            log.exception("Importing %s failed", staged.source)
            self._undo(staged, target, created)
            return ImportOutcome(
                staged.source, "rejected", "It could not be saved in your library (details are in the log)."
            )
        in_background(store, after_clip_imported, self.paths.home, clip)  # clinic mode: to the server
        return ImportOutcome(staged.source, "imported", f"Imported as «{clip.title}».", clip)

    def discard(self, staged: StagedClip) -> None:
        staged.staged_path.unlink(missing_ok=True)

    @staticmethod
    def _undo(staged: StagedClip, target: Path, created: bool) -> None:
        staged.staged_path.unlink(missing_ok=True)
        if created:
            target.unlink(missing_ok=True)

    def import_files(
        self,
        store: PracticeStore,
        items: Sequence[tuple[Path, ClipDetails]],
        cancelled: Callable[[], bool] = lambda: False,
        owner_profile_id: int | None = None,
    ) -> list[ImportOutcome]:
        """All steps in sequence on the calling thread (the UI spreads them over its workers)."""
        outcomes: list[ImportOutcome] = []
        for source, details in items:
            if cancelled():
                outcomes.append(ImportOutcome(source, "cancelled", "Not imported: you cancelled."))
                continue
            staged = self.stage(source, cancelled)
            if isinstance(staged, StagedClip):
                outcomes.append(self.commit(store, staged, details, owner_profile_id))
            else:
                outcomes.append(staged)
        return outcomes
