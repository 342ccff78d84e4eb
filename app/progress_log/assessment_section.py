"""The progress log's "FIS assessment" section, kept apart from the practice sections: every
finished sitting (not only the period's, as a change needs its baseline), the facets, the
baseline to follow-up change in words and the raters' agreement. Markdown, HTML/PDF and text."""

from __future__ import annotations

from datetime import tzinfo
from html import escape as html_escape

from app.progress_log import assessment_wording as w
from app.progress_log import fmt
from practice_db.assessment.results_records import PersonResults


def _facet_header(p: PersonResults, tz: tzinfo) -> list[str]:
    return ["Facet", *(w.sitting_label(s, tz) for s in p.sittings)]


def markdown_lines(p: PersonResults | None, tz: tzinfo) -> list[str]:
    from app.progress_log.markdown import escape, table  # here: markdown.py imports this module

    out = [f"## {w.TITLE}", "", w.NOTE, ""]
    if p is None or not p.sittings:
        return out + [w.NO_SITTINGS, ""]
    rows = [[escape(c) for c in w.sitting_row(s, tz)] for s in p.sittings]
    out += table(list(w.SITTING_HEADER), rows, "lllrrrr")
    out += [f"**Change:** {escape(w.change_text(p))}", ""]
    out += ["### Facets (95% interval)", ""]
    out += table([escape(h) for h in _facet_header(p, tz)], w.facet_rows(p.sittings))
    out += ["### Rater agreement", ""]
    for s in p.sittings:
        out += [escape(w.agreement_lead(s, tz)), ""]
        if s.agreement:
            out += table(list(w.AGREEMENT_HEADER), w.agreement_rows(s.agreement))
    return out


def html_parts(p: PersonResults | None, tz: tzinfo) -> list[str]:
    from app.progress_log.html import _table  # the log's one table style

    out = [f"<h2>{w.TITLE}</h2>", f'<p class="muted">{html_escape(w.NOTE)}</p>']
    if p is None or not p.sittings:
        return out + [f'<p class="muted">{w.NO_SITTINGS}</p>']
    out.append(_table(w.SITTING_HEADER, [w.sitting_row(s, tz) for s in p.sittings], "lllrrrr"))
    out.append(f"<p><b>Change:</b> {html_escape(w.change_text(p))}</p>")
    out.append("<h3>Facets (95% interval)</h3>")
    out.append(_table(_facet_header(p, tz), w.facet_rows(p.sittings)))
    out.append("<h3>Rater agreement</h3>")
    for s in p.sittings:
        out.append(f"<p>{html_escape(w.agreement_lead(s, tz))}</p>")
        if s.agreement:
            out.append(_table(w.AGREEMENT_HEADER, w.agreement_rows(s.agreement), widths=(40, 30, 30)))
    return out


def text_lines(p: PersonResults | None, tz: tzinfo) -> list[str]:
    out = [f"{w.TITLE} (kept apart from practice):"]
    if p is None or not p.sittings:
        return out + [w.NO_SITTINGS, ""]
    for s in p.sittings:
        row = w.sitting_row(s, tz)
        out.append(f"  {w.sitting_label(s, tz)}, {s.set_name}: total {row[5]}; {row[3]} takes rated")
        if s.self_rated_takes:
            out.append(f"    self-rating (apart, not in the total): {row[6]}")
        out += [f"    {fmt.facet(f.facet)}: {w.estimate_text(f.estimate)}" for f in s.facets]
    out.append("  " + w.change_text(p))
    for s in p.sittings:
        out.append("  " + w.agreement_lead(s, tz))
        out += [
            f"    {r[0]}: one rater {r[1]}; raters' average {r[2]}" for r in w.agreement_rows(s.agreement)
        ]
    return out + [""]
