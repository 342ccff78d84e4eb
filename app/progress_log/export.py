"""Export a progress log to a file in a chosen format, or as text: used by the CLI and the Progress page.

Both calls only read the database, so the page may run them on a worker of its own (SQLite in WAL
mode lets them read while the DB worker carries on)."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from app.progress_log.collect import ProgressCallback, ProgressReport, collect_report
from practice_db.progress.records import Period

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

Format = Literal["md", "pdf", "csv", "txt"]
FORMATS: tuple[str, ...] = ("md", "pdf", "csv", "txt")


def export_progress_log(
    store: PracticeStore,
    profile_id: int,
    period: Period,
    fmt: Format,
    out: Path,
    today: date,
    progress: ProgressCallback | None = None,
) -> Path:
    """Collect, render and write atomically (a temporary file renamed into place), so a failed
    export never leaves a half-written file where the user expects their log."""
    report = collect_report(store, profile_id, period, today, progress)
    out = out.expanduser().resolve()
    handle, tmp_name = tempfile.mkstemp(prefix=".practice-log-", suffix=f".{fmt}", dir=out.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        if fmt == "md":
            from app.progress_log.markdown import render

            tmp.write_text(render(report), encoding="utf-8")
        elif fmt == "txt":
            from app.progress_log.plain_text import render_text

            tmp.write_text(render_text(report), encoding="utf-8")
        elif fmt == "csv":
            from app.progress_log.csv_export import write_csv

            write_csv(report, tmp, progress)
            _write_assessment_csv(report, out)
        elif fmt == "pdf":
            from app.progress_log.pdf import write_pdf

            write_pdf(report, tmp, progress)
        else:
            raise ValueError(f"unknown format {fmt!r}")
        tmp.chmod(0o600)  # private like the rest of the data folder
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def _write_assessment_csv(report: ProgressReport, out: Path) -> None:
    """The FIS assessment's own CSV beside the practice CSV (app/progress_log/assessment_csv.py
    says why it is a second file), written atomically the same way; none without a sitting."""
    if report.assessment is None or not report.assessment.sittings:
        return
    from app.progress_log.assessment_csv import companion_path, write_assessment_csv

    target = companion_path(out)
    handle, tmp_name = tempfile.mkstemp(prefix=".practice-log-", suffix=".csv", dir=target.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        write_assessment_csv(report.assessment, tmp, report.period.tz)
        tmp.chmod(0o600)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)


def progress_log_text(store: PracticeStore, profile_id: int, period: Period, today: date) -> str:
    """The log as plain text, for the clipboard."""
    from app.progress_log.plain_text import render_text

    return render_text(collect_report(store, profile_id, period, today))
