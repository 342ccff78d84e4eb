"""What the Progress page needs from the progress-log export (app/progress_log implements it).

A Protocol only, no Qt: the UI can't import app. Both calls only read the database, so they may
run on a worker of their own (SQLite in WAL mode lets them read while the DB worker carries on).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from practice_db.progress_records import Period
    from practice_db.store import PracticeStore

ExportFormat = Literal["md", "pdf", "csv"]
# (steps done, steps in all, what is happening now); called on the worker thread.
ExportProgress = Callable[[int, int, str], None]


class ProgressExportPort(Protocol):
    def export(
        self,
        store: PracticeStore,
        profile_id: int,
        period: Period,
        fmt: ExportFormat,
        out: Path,
        today: date,
        progress: ExportProgress | None = None,
    ) -> Path:
        """Write the log atomically; raises OSError or StorageError with nothing half-written."""
        ...

    def as_text(self, store: PracticeStore, profile_id: int, period: Period, today: date) -> str:
        """The log as plain text for the clipboard."""
        ...
