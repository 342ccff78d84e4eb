"""The progress log as CSV: one row per attempt and rater, for spreadsheets and statistics."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

from app.progress_log.collect import ProgressCallback, ProgressReport
from app.progress_log.criteria_section import CSV_COLUMNS, CsvVerdicts
from practice_db.scoring import overall_score, rated_count
from practice_db.vocabulary import FACET_KEYS

COLUMNS = (
    "attempt_uuid",
    "date",
    "clip_title",
    "presentation",
    "difficulty",
    "rater_role",
    *FACET_KEYS,
    "total",
    "facets_rated",
    "reaction",
    "response_latency_ms",
    "speaking_ms",
    "pause_count",
    "pause_total_ms",
    "duration_ms",
    *CSV_COLUMNS,  # this rating's criteria verdicts, counted
)


def _num(value: int | None) -> str:
    return "" if value is None else str(value)


def _total(scores: Mapping[str, int | None]) -> str:
    """The mean of all eight facets, two decimals (data for further analysis, not a display
    figure); empty for a partial rating, which has no total: facets_rated says how many it gives."""
    total = overall_score(scores)
    return "" if total is None else f"{total:.2f}"


def _text(text: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheet programs; neutralise it.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write_csv(report: ProgressReport, path: Path, progress: ProgressCallback | None = None) -> int:
    """Write the rows (UTF-8 with BOM so spreadsheet programs read accents); returns the row count."""
    total = len(report.rows)
    verdicts = CsvVerdicts(report.criteria_per_rating)
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for i, row in enumerate(report.rows):
            if progress is not None and i % 500 == 0:
                progress(i, total, "Writing rows")
            writer.writerow(
                [
                    row.attempt_uuid,
                    row.started_at.astimezone(report.period.tz).isoformat(timespec="seconds"),
                    _text(row.clip_title),
                    row.presentation,
                    row.difficulty,
                    row.rater_role,
                    *(_num(row.scores.get(k)) for k in FACET_KEYS),
                    _total(row.scores) if row.rater_role else "",
                    str(rated_count(row.scores)) if row.rater_role else "",
                    row.reaction or "",
                    *(
                        _num(v)
                        for v in (
                            row.response_latency_ms,
                            row.speaking_ms,
                            row.pause_count,
                            row.pause_total_ms,
                            row.duration_ms,
                        )
                    ),
                    *verdicts.cells(row.attempt_id, row.rater_role, row.rater_name),
                ]
            )
    if progress is not None:
        progress(total, total, "Written")
    return total
