"""Storage errors whose messages can be shown to a user as they are."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

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


Current = TypeVar("Current")


class EditConflict(StorageError, Generic[Current]):
    """A save started from a version of a row that someone (or another computer) has changed
    since: nothing was written. `current` is the row as stored now (a frozen record carrying its
    `version`), so the form can show it and save again over it if the person wants theirs."""

    def __init__(self, current: Current, what: str = "this") -> None:
        super().__init__(f"{what[:1].upper()}{what[1:]} changed elsewhere while you were editing.")
        self.current = current


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


class DatabaseUpgradeFailedError(RuntimeError):
    """Updating the database to this version's schema did not finish.

    `half_updated` is True when the file was left half-updated by an older build (its schema
    is ahead of its revision); otherwise the failed update was rolled back and the data is as
    it was. `backup` is the newest backup that is whole and matches its revision, if any."""

    def __init__(
        self, path: Path | None, revision: str | None, backup: BackupInfo | None, half_updated: bool
    ) -> None:
        if half_updated:
            text = "An earlier update of your practice data was interrupted and left it half-updated."
        else:
            text = "The update of your practice data could not finish. Your data is as it was before."
        super().__init__(text)
        self.path = path
        self.revision = revision
        self.backup = backup
        self.half_updated = half_updated
