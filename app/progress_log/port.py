"""The progress-log export as the Progress page sees it (ui/progress_port.py's Protocol).

The window builds this at start-up; the report code is imported on first use, not then."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ui.progress_port import ExportFormat, ExportProgress

if TYPE_CHECKING:
    from practice_db.progress_records import Period
    from practice_db.store import PracticeStore


class ProgressLogExporter:
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
        from app.progress_log.export import export_progress_log  # lazy: see the module docstring

        return export_progress_log(store, profile_id, period, fmt, out, today, progress)

    def as_text(self, store: PracticeStore, profile_id: int, period: Period, today: date) -> str:
        from app.progress_log.collect import collect_report  # lazy: see the module docstring
        from app.progress_log.plain_text import render_text

        return render_text(collect_report(store, profile_id, period, today))
