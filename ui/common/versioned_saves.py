"""One form's saves of one row, in order, each naming the version the last one made (issue 21).

Rating forms save as each value is given. Submitted straight to the DB worker, a second click
before the first save returned would name the version the form loaded, and collide with the
form's own first save. So saves of one row go one at a time: a value given while one is on its
way waits, and only the newest waiting value is sent, from the version the previous save made.

When storage says someone else saved the row meanwhile (EditConflict), the waiting value is not
sent; `on_conflict(current, mine)` gets the row as stored now and the person's own newest value.
The form then shows the newer row, so later saves (and `use_mine(value)`, the person's own value
saved over it when they choose to) name the newer version.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Generic, TypeVar

from PySide6.QtCore import QObject

from practice_db.errors import EditConflict
from practice_db.records import NEW_ROW, Versioned
from ui.common.tasks import TaskRunner

V = TypeVar("V")  # what the form gives (RatingInput, a scores dict, …)
R = TypeVar("R", bound=Versioned)  # the record a save returns


def saved_at(when: datetime | None) -> str:
    """ "at 10:42" in the computer's time, or "" when the row carries no time."""
    return f" at {when.astimezone().strftime('%H:%M')}" if when is not None else ""


class VersionedSaves(QObject, Generic[V, R]):
    def __init__(
        self,
        tasks: TaskRunner,
        save: Callable[[V, int], R],  # runs on the DB worker: (value, expected version) -> record
        version: int | None,  # the version loaded; None: no row yet
        on_saved: Callable[[R], object],
        on_conflict: Callable[[R, V], object],
        on_error: Callable[[BaseException], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks, self._save = tasks, save
        self.version = NEW_ROW if version is None else version
        self._on_saved, self._on_conflict, self._on_error = on_saved, on_conflict, on_error
        self._busy = False
        self._waiting: V | None = None
        self._has_waiting = False
        self.conflict: R | None = None  # the newer row while a conflict is shown

    @property
    def busy(self) -> bool:
        return self._busy or self._has_waiting

    def submit(self, value: V) -> None:
        if self._busy:
            self._waiting, self._has_waiting = value, True  # only the newest is sent
            return
        self._busy = True
        self._tasks.submit(
            self._save,
            value,
            self.version,
            on_done=self._done,
            on_error=lambda exc: self._failed(exc, value),
        )

    def use_mine(self, value: V) -> None:
        """Save the person's own value over the newer version they have now been shown."""
        self.conflict = None
        self.submit(value)

    def _done(self, record: R) -> None:
        self._busy = False
        self.version = record.version
        self._on_saved(record)
        if self._has_waiting:
            value, self._waiting, self._has_waiting = self._waiting, None, False
            self.submit(value)  # type: ignore[arg-type]  # set together with _has_waiting

    def _failed(self, exc: BaseException, value: V) -> None:
        self._busy = False
        mine = self._waiting if self._has_waiting else value
        self._waiting, self._has_waiting = None, False
        if isinstance(exc, EditConflict):
            # The form now shows the newer row: what is changed from here on builds on it.
            self.conflict = exc.current
            self.version = exc.current.version
            self._on_conflict(exc.current, mine)  # type: ignore[arg-type]
        else:
            self._on_error(exc)
