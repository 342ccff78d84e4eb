"""Saves that never silently overwrite another (issue 21): optimistic concurrency by version.

Ratings, assessment ratings, goals and clips carry a `version` (revision 0009) that the ORM bumps
on every UPDATE, with `WHERE version = <the one loaded>` (`version_id_col` in models.py). A save
from a form also names the version the person started from (`expected_version`):

- an int: the row must still be at that version, else `EditConflict` with the row as it is now;
  `NEW_ROW` (0) means "there was no row when I started" (a rating not given yet);
- None: the caller doesn't know (a bundle import, a starter-pack refresh); no check of its own,
  but the ORM's check still holds inside the transaction.

A race lost between reading and writing (another connection updated the row: StaleDataError;
inserted the same rater's row: the unique key's IntegrityError; on SQLite, committed since this
transaction's snapshot: SQLITE_BUSY_SNAPSHOT) is read again and becomes an `EditConflict` too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from practice_db.engine import SERVER_REFUSED
from practice_db.errors import EditConflict, NotFoundError, PermissionDeniedError
from practice_db.records import NEW_ROW, Versioned

__all__ = ["NEW_ROW", "Seen", "Versioned", "check_expected", "save_checked"]

SQLITE_BUSY_SNAPSHOT = 517  # a write after another connection committed since our read began


T = TypeVar("T")
R = TypeVar("R", bound=Versioned)


@dataclass
class Seen:
    """The version the transaction read (NEW_ROW when there was no row), set by the write."""

    version: int = NEW_ROW


def check_expected(expected: int | None, found: R | None, what: str) -> None:
    """Raise EditConflict unless the row is at the version the person started from.

    A row removed meanwhile while someone was editing it is saved anew by the caller (their work
    is what is left), so only a row that exists can conflict."""
    if expected is None or found is None:
        return
    if found.version != expected:
        raise EditConflict(found, what)


def _lost_race(exc: Exception) -> bool:
    if isinstance(exc, StaleDataError | IntegrityError):
        return True
    orig = getattr(exc, "orig", None)
    return isinstance(orig, sqlite3.OperationalError) and orig.sqlite_errorcode == SQLITE_BUSY_SNAPSHOT


def save_checked(
    sessions: sessionmaker[Session],
    write: Callable[[Session, Seen], T],
    reread: Callable[[Session], R | None],
    what: str,
) -> T:
    """Run `write` in one transaction; if it lost a race for the row, read the row again and
    raise EditConflict carrying it. A SQLite snapshot that went stale over some other write (the
    row itself unchanged) is tried once more."""
    for retry in (False, True):
        seen = Seen()
        try:
            with sessions.begin() as s:
                return write(s, seen)
        except (StaleDataError, IntegrityError, OperationalError) as exc:
            if not _lost_race(exc):
                raise
            with sessions() as s:
                now = reread(s)
            if now is None:
                if isinstance(exc, StaleDataError):
                    raise NotFoundError(f"{what[:1].upper()}{what[1:]} no longer exists.") from exc
                raise  # not the unique key after all (e.g. a row it points at went)
            if isinstance(exc, StaleDataError) and now.version == seen.version:
                # Visible, unchanged, yet not updated: a clinic server's row-level security
                # filtered the UPDATE out. Not a conflict: this person may not change the row.
                raise PermissionDeniedError(SERVER_REFUSED) from exc
            if now.version != seen.version or isinstance(exc, IntegrityError) or retry:
                raise EditConflict(now, what) from exc
    raise AssertionError("unreachable")  # pragma: no cover
