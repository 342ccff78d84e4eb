"""Can Practice Room keep its data where it is asked to? Creates the folders, writes, fsyncs and
deletes a small probe file, measures free space and checks that the database file can be changed.
Each problem comes back as a plain sentence for a dialog or the doctor.

No Qt and no SQLAlchemy: the window runs this before anything else touches the disk."""

from __future__ import annotations

import errno
import os
import shutil
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from app.file_sizes import format_size
from app.paths import DataPaths

# 48 kHz mono 16-bit is about 5.8 MB a minute: 200 MB is roughly half an hour of replies.
LOW_SPACE_BYTES = 200 * 1024 * 1024
# Below this not even a ten-second take fits: treated as full even if the probe squeezed in.
FULL_BYTES = 1024 * 1024
PROBE_NAME = ".practice-room-write-check"

_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_PERMISSION_ERRNOS = {errno.EACCES, errno.EPERM}


class ProblemKind(Enum):
    FULL = "full"
    READ_ONLY = "read-only"
    NO_PERMISSION = "no permission"
    NOT_A_FOLDER = "not a folder"
    UNWRITABLE = "unwritable"
    LOW_SPACE = "low space"
    DATABASE_READ_ONLY = "database read-only"


@dataclass(frozen=True)
class FolderProblem:
    kind: ProblemKind
    summary: str  # a few words, for the doctor's line
    title: str  # a dialog's title
    message: str  # what happened and what to do, in plain words
    blocking: bool  # True: nothing could be saved, so the window must not start


class DataFolderError(RuntimeError):
    """Storage failed because of the disk (checked after the fact); str() is the plain message."""

    def __init__(self, problem: FolderProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass(frozen=True)
class DataFolderCheck:
    home: Path
    free_bytes: int | None  # None when the disk could not be asked
    problems: tuple[FolderProblem, ...]

    @property
    def blocking(self) -> FolderProblem | None:
        return next((p for p in self.problems if p.blocking), None)

    @property
    def warnings(self) -> tuple[FolderProblem, ...]:
        return tuple(p for p in self.problems if not p.blocking)


def sqlite_database_file(url: str) -> Path | None:
    """The file behind a `sqlite:///` URL without importing SQLAlchemy; None for other databases."""
    scheme, sep, rest = url.partition(":///")
    if not sep or scheme.split("+", 1)[0] != "sqlite":
        return None
    path = rest.split("?", 1)[0]
    return None if path in ("", ":memory:") else Path(path)


def _folder_problem(exc: OSError, home: Path) -> FolderProblem:
    where = f"\n\nData folder: {home}"
    if exc.errno in _FULL_ERRNOS:
        return _full(home)
    if exc.errno == errno.EROFS:
        return FolderProblem(
            ProblemKind.READ_ONLY,
            "the disk is read-only: it can be read, not written",
            "Practice Room can't save on this disk",
            "The disk holding your practice data can only be read, not written (read-only), so "
            "nothing you record or rate could be kept. Move the data folder to a disk you can write "
            "to, or ask whoever looks after this computer to make the disk writable, then open "
            f"Practice Room again.{where}",
            True,
        )
    if exc.errno in _PERMISSION_ERRNOS:
        return FolderProblem(
            ProblemKind.NO_PERMISSION,
            "your account may not write in the data folder",
            "Practice Room may not save in its data folder",
            "Your user account is not allowed to write in the practice data folder, so nothing you "
            "record or rate could be kept. Ask whoever looks after this computer to give you write "
            f"access to the folder, or use a folder of your own, then open Practice Room again.{where}",
            True,
        )
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return FolderProblem(
            ProblemKind.NOT_A_FOLDER,
            "a file is in the way of the data folder",
            "Practice Room can't use its data folder",
            "Something that is not a folder is in the way of the practice data folder, so Practice "
            "Room can't keep anything there. Move that file aside or choose another data folder, "
            f"then open Practice Room again.{where}",
            True,
        )
    return FolderProblem(
        ProblemKind.UNWRITABLE,
        "a test file could not be written in the data folder",
        "Practice Room can't save in its data folder",
        "Practice Room could not write in the practice data folder, so nothing you record or rate "
        "could be kept. Check that the disk is connected and working, then open Practice Room "
        f"again.{where}",
        True,
    )


def _full(home: Path) -> FolderProblem:
    return FolderProblem(
        ProblemKind.FULL,
        "the disk is full",
        "The disk is full",
        "The disk holding your practice data is full, so Practice Room could not save recordings "
        "or ratings. Free some space on that disk (empty the bin, move large files elsewhere), "
        f"then open Practice Room again.\n\nData folder: {home}",
        True,
    )


MINUTE_OF_TAKES = 6 * 1024 * 1024  # a rough minute of 48 kHz WAV, rounded up


def _low_space(home: Path, free: int) -> FolderProblem:
    shown = format_size(free)
    return FolderProblem(
        ProblemKind.LOW_SPACE,
        f"only {shown} free",
        "Little room left on the disk",
        f"Only {shown} is free on the disk holding your practice data: enough for about "
        f"{max(1, free // MINUTE_OF_TAKES)} minutes of recording. Free some space before a long "
        f"session so no reply is cut short.\n\nData folder: {home}",
        False,
    )


def _write_probe(home: Path) -> None:
    """Create, write, fsync and delete a small file: the steps every save depends on."""
    probe = home / f"{PROBE_NAME}-{os.getpid()}"
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        try:
            os.write(fd, b"Practice Room checks it can save here.\n" * 100)
            os.fsync(fd)
        finally:
            os.close(fd)
    finally:
        probe.unlink(missing_ok=True)


def _database_problem(database: Path) -> FolderProblem | None:
    """A database file that can be read but not changed. os.access lies to root, so open it for
    appending (which changes nothing) and ask the mount for its read-only flag."""
    if not database.is_file():
        return None
    try:
        read_only_mount = bool(os.statvfs(database).f_flag & os.ST_RDONLY)
        if not read_only_mount:
            with database.open("ab"):
                pass
    except OSError as exc:
        if exc.errno not in (errno.EROFS, *_PERMISSION_ERRNOS):
            raise
        read_only_mount = True
    if not read_only_mount:
        return None
    return FolderProblem(
        ProblemKind.DATABASE_READ_ONLY,
        "read-only: it can be read but not changed",
        "Your practice data can't be saved",
        "Your practice database can be read but not changed (read-only), so new recordings and "
        "ratings could not be saved on this disk. Copy the data folder to a disk you can write to, "
        "or ask whoever looks after this computer to make the file writable, then open Practice "
        f"Room again.\n\nDatabase: {database}",
        True,
    )


def check_data_folder(paths: DataPaths, database: Path | None = None) -> DataFolderCheck:
    """Create the folders if needed and find out whether saving there can work."""
    try:
        paths.ensure()
        _write_probe(paths.home)
    except OSError as exc:
        problem = _folder_problem(exc, paths.home)
        return DataFolderCheck(paths.home, _free_bytes(paths.home), (problem,))
    free = _free_bytes(paths.home)
    problems: list[FolderProblem] = []
    if free is not None and free < FULL_BYTES:
        problems.append(_full(paths.home))
    elif free is not None and free < LOW_SPACE_BYTES:
        problems.append(_low_space(paths.home, free))
    if database is not None:
        try:
            found = _database_problem(database)
        except OSError as exc:
            found = _folder_problem(exc, database.parent)
        if found is not None:
            problems.append(found)
    return DataFolderCheck(paths.home, free, tuple(problems))


def _free_bytes(home: Path) -> int | None:
    for folder in (home, *home.parents):  # a folder that could not be made: ask its disk
        try:
            return shutil.disk_usage(folder).free
        except OSError:
            continue
    return None
