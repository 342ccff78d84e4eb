"""How often each exercise's criteria were met: one section, worded once, for the Progress page
and every progress log format (Markdown, HTML/PDF, text, CSV columns)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape as html_escape

from practice_db.progress.criteria import CriterionTally, RatingVerdicts, VerdictCounts

TITLE = "Exercise criteria"
NOTE = (
    "How often each exercise's criteria were met in this period, judged after each attempt by the "
    "trainee and by a supervisor. Each cell counts ratings: met · partly · not met."
)
NONE_JUDGED = "No criteria were judged in this period."
HEADER = ("Exercise", "Criterion", "Self: met · partly · not met", "Supervisor: met · partly · not met")
DASH = "–"
CSV_COLUMNS = ("criteria_met", "criteria_partly", "criteria_not_met")


def counts_text(counts: VerdictCounts) -> str:
    if counts.total == 0:
        return DASH
    return f"{counts.met} · {counts.partly} · {counts.not_met}"


def rows(tallies: Sequence[CriterionTally]) -> list[list[str]]:
    """The exercise's title only on its first row, so the table reads as groups."""
    out, last = [], None
    for t in tallies:
        out.append(
            [
                t.clip_title if t.clip_id != last else "",
                t.criterion,
                counts_text(t.self_counts),
                counts_text(t.supervisor_counts),
            ]
        )
        last = t.clip_id
    return out


def markdown_lines(tallies: Sequence[CriterionTally]) -> list[str]:
    from app.progress_log.markdown import escape, table  # here: markdown.py imports this module

    out = [f"## {TITLE}", "", NOTE, ""]
    if not tallies:
        return out + [NONE_JUDGED, ""]
    return out + table(list(HEADER), [[escape(c) for c in row] for row in rows(tallies)], "llll")


def html_parts(tallies: Sequence[CriterionTally]) -> list[str]:
    from app.progress_log.html import _table  # the log's one table style

    out = [f"<h2>{TITLE}</h2>", f'<p class="muted">{html_escape(NOTE)}</p>']
    if not tallies:
        return out + [f'<p class="muted">{NONE_JUDGED}</p>']
    return out + [_table(HEADER, rows(tallies), "llll", widths=(20, 44, 18, 18))]


def text_lines(tallies: Sequence[CriterionTally]) -> list[str]:
    out = [f"{TITLE} (met · partly · not met):"]
    if not tallies:
        return out + [NONE_JUDGED, ""]
    for row in rows(tallies):
        if row[0]:
            out.append(row[0])
        out.append(f"  {row[1]}: self {row[2]}, supervisor {row[3]}")
    return out + [""]


class CsvVerdicts:
    """The spreadsheet's attempt x rater rows get this rating's verdicts counted (blank: none given)."""

    def __init__(self, per_rating: Sequence[RatingVerdicts]) -> None:
        self._by_rating = {(r.attempt_id, r.rater_role, r.rater_name): r.counts for r in per_rating}

    def cells(self, attempt_id: int, rater_role: str, rater_name: str) -> list[str]:
        counts = self._by_rating.get((attempt_id, rater_role, rater_name))
        if counts is None:
            return ["", "", ""]
        return [str(counts.met), str(counts.partly), str(counts.not_met)]
