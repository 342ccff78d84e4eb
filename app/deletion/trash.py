"""A private trash in the data folder: deleted recordings wait here for Undo until the session ends.

Each deletion is one entry, `trash/<token>/`: a manifest (what was deleted, where each file came
from) written before any file moves, then the files. Start-up (`purge_leftovers`) looks at what a
killed session left: an entry whose rows are still in the database was never deleted (the crash
came between moving the files and committing), so its files go back; any other entry is purged."""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.paths import DataPaths
from app.private_files import create_private

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class TrashEntry:
    folder: Path
    moved: tuple[tuple[str, str], ...]  # (original path relative to the data folder, name in entry)
    attempt_uuids: tuple[str, ...]
    clip_uuid: str | None


def trash_folder(paths: DataPaths) -> Path:
    return paths.home / "trash"


class Trash:
    def __init__(self, paths: DataPaths) -> None:
        self.paths = paths
        self.folder = trash_folder(paths)

    def stash(
        self, files: Sequence[str], attempt_uuids: Sequence[str] = (), clip_uuid: str | None = None
    ) -> TrashEntry:
        """Move `files` (relative to the data folder; missing ones are skipped) into a new entry.
        All or nothing: on any failure the files already moved go back and the error is raised."""
        self.folder.mkdir(mode=0o700, exist_ok=True)
        folder = self.folder / uuid.uuid4().hex
        folder.mkdir(mode=0o700)
        present = [f for f in dict.fromkeys(files) if self._source(f).exists()]
        moved: list[tuple[str, str]] = []
        entry = TrashEntry(folder, (), tuple(attempt_uuids), clip_uuid)
        try:
            planned = tuple((f, f"{i}-{Path(f).name}") for i, f in enumerate(present))
            self._write_manifest(folder, planned, entry)
            for original, name in planned:
                os.replace(self._source(original), folder / name)
                moved.append((original, name))
            _fsync_folder(folder)
        except OSError:
            self._put_back(folder, moved)
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return TrashEntry(folder, tuple(moved), entry.attempt_uuids, entry.clip_uuid)

    def unstash(self, entry: TrashEntry) -> None:
        """Undo: every file back where it was (a file now in the way is never overwritten)."""
        for original, _ in entry.moved:
            if self._source(original).exists():
                raise FileExistsError(
                    f"{original} exists again; the deleted recording was kept in the trash."
                )
        self._put_back(entry.folder, list(entry.moved), strict=True)
        shutil.rmtree(entry.folder, ignore_errors=True)

    def purge(self, entry: TrashEntry) -> None:
        shutil.rmtree(entry.folder, ignore_errors=True)

    def purge_leftovers(self, still_stored: Callable[[Sequence[str], str | None], bool]) -> int:
        """Start-up: restore entries whose deletion never committed, purge the rest. Returns the
        number of entries purged. `still_stored(attempt_uuids, clip_uuid)` asks the database."""
        if not self.folder.is_dir():
            return 0
        purged = 0
        for folder in sorted(p for p in self.folder.iterdir() if p.is_dir()):
            entry = _read_entry(folder)
            if entry is not None and entry.moved and still_stored(entry.attempt_uuids, entry.clip_uuid):
                try:
                    self.unstash(entry)
                    log.warning("A deletion that never finished was undone (%s)", folder.name)
                    continue
                except OSError:
                    log.exception("Could not put back %s; kept in the trash", folder)
                    continue
            shutil.rmtree(folder, ignore_errors=True)
            purged += 1
        for stray in (p for p in self.folder.iterdir() if not p.is_dir()):
            stray.unlink(missing_ok=True)
        return purged

    def _source(self, relative: str) -> Path:
        return self.paths.home / relative

    def _put_back(self, folder: Path, moved: list[tuple[str, str]], strict: bool = False) -> None:
        for original, name in reversed(moved):
            try:
                os.replace(folder / name, self._source(original))
            except OSError:
                if strict:
                    raise
                log.exception("Could not put %s back", original)

    @staticmethod
    def _write_manifest(folder: Path, planned: tuple[tuple[str, str], ...], entry: TrashEntry) -> None:
        data = {
            "files": [{"original": o, "name": n} for o, n in planned],
            "attempts": list(entry.attempt_uuids),
            "clip": entry.clip_uuid,
        }
        with create_private(folder / MANIFEST, exclusive=True) as fh:
            fh.write(json.dumps(data).encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())


def _read_entry(folder: Path) -> TrashEntry | None:
    try:
        data = json.loads((folder / MANIFEST).read_text("utf-8"))
        moved = tuple(
            (str(f["original"]), str(f["name"])) for f in data["files"] if (folder / str(f["name"])).exists()
        )
        # Only paths inside the data folder are ever put back.
        if any(Path(o).is_absolute() or ".." in Path(o).parts for o, _ in moved):
            return None
        return TrashEntry(folder, moved, tuple(map(str, data["attempts"])), data.get("clip"))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no manifest (killed while creating it): nothing was moved yet


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
