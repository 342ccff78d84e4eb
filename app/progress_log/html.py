"""The progress log as the HTML subset QTextDocument understands (for the PDF)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from app.progress_log import assessment_section, criteria_section, fmt
from app.progress_log.collect import PRIVACY_LINE, ProgressReport
from app.progress_log.fmt import TREND_NOTE
from app.progress_log.wording import CALIBRATION_EXPLAIN, calibration_lead, practice_volume

FACET_CHART = "chart://facets"
VOLUME_CHART = "chart://volume"
CHART_WIDTH = 640  # document pixels; the page's text width at Qt's 96-dpi layout is about 650

STYLE = """
body { font-family: 'DejaVu Sans'; font-size: 9pt; color: #222; }
h1 { font-size: 17pt; margin-bottom: 2px; }
h2 { font-size: 12pt; color: #1f4e79; margin-top: 16px; margin-bottom: 4px; }
h3 { font-size: 10pt; margin-top: 8px; margin-bottom: 2px; }
p.meta { color: #555; margin-top: 0; }
p.privacy { background-color: #f3f6f9; color: #333; font-size: 8.5pt; padding: 6px; }
p.muted { color: #666; font-size: 8.5pt; }
table { border-collapse: collapse; margin-top: 4px; margin-bottom: 6px; }
th { background-color: #e8eef4; font-weight: bold; text-align: left; }
td, th { padding: 3px 6px; border: 1px solid #c9d2db; }
td.num, th.num { text-align: right; }
"""


def _table(
    header: Sequence[str], rows: Sequence[Sequence[str]], align: str = "", widths: Sequence[int] = ()
) -> str:
    """`align`: l or r per column (default: first left, rest right); `widths` in percent."""
    align = align or "l" + "r" * (len(header) - 1)

    def cls(i: int) -> str:
        return ' class="num"' if align[i] == "r" else ""

    def width(i: int) -> str:
        return f' width="{widths[i]}%"' if i < len(widths) else ""

    head = "".join(f"<th{cls(i)}{width(i)}>{escape(h)}</th>" for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{escape(c)}</td>" for i, c in enumerate(row)) + "</tr>" for row in rows
    )
    # <thead> makes Qt repeat the header row when a table runs onto the next page.
    return f'<table width="100%" cellspacing="0"><thead><tr>{head}</tr></thead>{body}</table>'


def render_html(report: ProgressReport) -> str:
    r, t = report, report.totals
    parts = [
        f"<html><head><style>{STYLE}</style></head><body>",
        f"<h1>Practice log: {escape(r.profile.name)}</h1>",
        f'<p class="meta">{escape(fmt.period_text(r.period))} &middot; '
        f"prepared {escape(fmt.day(r.generated_on))}</p>",
        f'<p class="privacy">{escape(PRIVACY_LINE)}</p>',
        "<h2>Practice volume</h2>",
        f"<p>{escape(practice_volume(t.attempts, t.sessions, t.practice_days, t.minutes_spoken))}.</p>",
        f'<p><img src="{VOLUME_CHART}" width="{CHART_WIDTH}"></p>',
        "<h2>Facet scores</h2>",
        f'<p class="muted">Means on the 1-5 scale; change against the previous {r.period.days} days.</p>',
        _table(
            ["Facet", "Self", "Change", "Supervisor", "Change", "Ratings (self / sup.)"],
            [
                [
                    fmt.facet(a.facet),
                    fmt.mean(a.self_mean),
                    fmt.change(a.self_change),
                    fmt.mean(a.supervisor_mean),
                    fmt.change(a.supervisor_change),
                    f"{a.self_n} / {a.supervisor_n}",
                ]
                for a in r.facets
            ],
        ),
    ]
    parts += _goals(r) + _feedback(r)
    parts += [
        "<h2>Facet scores over time</h2>",
        f'<p><img src="{FACET_CHART}" width="{CHART_WIDTH}"></p>',
    ]
    parts += _breakdowns(r) + _calibration(r)
    parts += criteria_section.html_parts(r.criteria)
    parts += assessment_section.html_parts(r.assessment, r.period.tz)
    parts.append("</body></html>")
    return "\n".join(parts)


def _goals(r: ProgressReport) -> list[str]:
    out = ["<h2>Goals</h2>"]
    if not r.goals:
        return out + ['<p class="muted">No goals were set for this period.</p>']
    out.append(f'<p class="muted">Measured as of {escape(fmt.day(r.goals_as_of))}.</p>')
    rows = [
        [
            g.description,
            fmt.STATE_LABELS[g.state],
            fmt.measured(g.measured, g.unit),
            fmt.target(g.target, g.unit),
            g.detail + (f" Note: {g.goal.note}" if g.goal.note else ""),
        ]
        for g in r.goals
    ]
    out.append(
        _table(["Goal", "Status", "Measured", "Target", "Details"], rows, "llrrl", (31, 13, 14, 11, 31))
    )
    return out


PDF_NOTES_PER_KIND = 30


def _feedback(r: ProgressReport) -> list[str]:
    out = ["<h2>Supervisor feedback</h2>"]
    if not r.notes:
        return out + ['<p class="muted">No supervisor feedback in this period.</p>']
    for kind, title in (
        ("corrective", "Corrective points"),
        ("went_well", "Went well"),
        ("comment", "Comments"),
    ):
        items = [n for n in r.notes if n.kind == kind]
        if items:
            out.append(f"<h3>{title}</h3>")
            if len(items) > PDF_NOTES_PER_KIND:
                # A printed log stays readable (and a year's PDF fast); the full list is in the
                # Markdown and text exports.
                out.append(
                    f'<p class="muted">The latest {PDF_NOTES_PER_KIND} of {len(items)}; the Markdown '
                    "and text exports list them all.</p>"
                )
                items = items[-PDF_NOTES_PER_KIND:]
            out.append("<ul>")
            for n in items:
                at = f" at {fmt.offset(n.offset_ms)}" if n.offset_ms is not None else ""
                out.append(
                    f"<li>{escape(fmt.day(n.attempt_at))}, <i>{escape(n.clip_title)}</i>{at} "
                    f"({escape(n.author_name)}): {escape(n.text)}</li>"
                )
            out.append("</ul>")
    return out


def _breakdowns(r: ProgressReport) -> list[str]:
    out = ["<h2>By presentation and difficulty</h2>"]
    header = ["Attempts", "Self mean", "Supervisor mean", "Too hard"]
    for label, rows, name in (
        ("Presentation", r.by_presentation, fmt.presentation),
        ("Difficulty", r.by_difficulty, fmt.difficulty),
    ):
        if rows:
            body = [
                [
                    name(b.key),
                    str(b.attempts),
                    fmt.mean(b.self_mean),
                    fmt.mean(b.supervisor_mean),
                    str(b.too_hard),
                ]
                for b in rows
            ]
            out.append(_table([label, *header], body))
    out.append("<h2>Clips practised</h2>")
    if not r.clips:
        return out + ['<p class="muted">No clips practised in this period.</p>']
    clip_rows = [
        [
            c.title,
            fmt.presentation(c.presentation),
            fmt.difficulty(c.difficulty),
            str(c.attempts),
            str(c.too_hard),
            fmt.day(c.last_at),
        ]
        for c in r.clips
    ]
    out.append(
        _table(
            ["Clip", "Presentation", "Difficulty", "Attempts", "Too hard", "Last practised"],
            clip_rows,
            "lllrrr",
        )
    )
    return out


def _calibration(r: ProgressReport) -> list[str]:
    out = [
        "<h2>Calibration: self compared with supervisor</h2>",
        f'<p class="muted">{escape(CALIBRATION_EXPLAIN + TREND_NOTE)}</p>',
    ]
    rated = [c for c in r.calibration if c.n]
    if not rated:
        return out + [
            '<p class="muted">No attempts were rated by both you and a supervisor in this period.</p>'
        ]
    out.append(f"<p>{escape(calibration_lead(r.calibration, own=True, name=''))}</p>")
    return out + [_table(list(fmt.CALIBRATION_COLUMNS), fmt.calibration_table(r.calibration), "lrllll")]
