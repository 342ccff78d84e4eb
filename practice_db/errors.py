"""Storage errors whose messages can be shown to a user as they are."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from practice_db.integrity import BackupInfo


class StorageError(RuntimeError):
    """Base class; str(exc) is a plain sentence."""


class NotFoundError(StorageError):
    pass


class ValidationError(StorageError):
    pass


class PermissionDeniedError(StorageError):
    pass


class DuplicateError(StorageError):
    pass


# Raised while opening storage; here rather than in migrate.py so the window can name them
# without importing SQLAlchemy.
class DatabaseDamagedError(RuntimeError):
    """The database file failed its integrity check."""

    def __init__(self, path: Path, detail: str, backups: list[BackupInfo]) -> None:
        super().__init__(f"The practice database at {path} is damaged ({detail}).")
        self.path = path
        self.detail = detail
        self.backups = backups


class DatabaseTooNewError(RuntimeError):
    """The database was written by a newer Practice Room."""
