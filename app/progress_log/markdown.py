"""The progress log as CommonMark (GitHub-style pipe tables), ready to paste into supervision notes."""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.progress_log import assessment_section, criteria_section, fmt
from app.progress_log.collect import PRIVACY_LINE, ProgressReport
from app.progress_log.fmt import TREND_NOTE
from app.progress_log.wording import CALIBRATION_EXPLAIN, calibration_lead, practice_volume

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~])")


def escape(text: str) -> str:
    """User text must never turn into markup (or break a table row)."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> list[str]:
    """`align`: one letter per column, l or r (default: first left, rest right)."""
    align = align or "l" + "r" * (len(header) - 1)
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines + [""]


def render(report: ProgressReport) -> str:
    r = report
    out = [
        f"# Practice log: {escape(r.profile.name)}",
        "",
        f"**Period:** {fmt.period_text(r.period)}  ",
        f"**Prepared:** {fmt.day(r.generated_on)}",
        "",
        f"> {PRIVACY_LINE}",
        "",
    ]
    out += _volume(r) + _facets(r) + _goals(r) + _feedback(r) + _breakdowns(r) + _clips(r) + _calibration(r)
    out += criteria_section.markdown_lines(r.criteria)
    out += assessment_section.markdown_lines(r.assessment, r.period.tz)
    return "\n".join(out).rstrip() + "\n"


def _volume(r: ProgressReport) -> list[str]:
    t = r.totals
    out = [
        "## Practice volume",
        "",
        practice_volume(t.attempts, t.sessions, t.practice_days, t.minutes_spoken) + ".",
        "",
    ]
    rows = [
        [fmt.day(w.week_start), str(w.attempts), str(w.sessions), f"{w.minutes_spoken:.1f}"] for w in r.weeks
    ]
    return out + table(["Week of", "Attempts", "Sessions", "Minutes spoken"], rows)


def _facets(r: ProgressReport) -> list[str]:
    out = [
        "## Facet scores",
        "",
        f"Means on the 1-5 scale for this period; change is against the previous {r.period.days} days.",
        "",
    ]
    rows = [
        [
            fmt.facet(a.facet),
            fmt.mean(a.self_mean),
            fmt.change(a.self_change),
            fmt.mean(a.supervisor_mean),
            fmt.change(a.supervisor_change),
            f"{a.self_n} / {a.supervisor_n}",
        ]
        for a in r.facets
    ]
    header = [
        "Facet",
        "Self",
        "Self change",
        "Supervisor",
        "Supervisor change",
        "Ratings (self / supervisor)",
    ]
    return out + table(header, rows)


def _goals(r: ProgressReport) -> list[str]:
    out = ["## Goals", ""]
    if not r.goals:
        return out + ["No goals were set for this period.", ""]
    out += [f"Measured as of {fmt.day(r.goals_as_of)}.", ""]
    rows = [
        [
            escape(g.description),
            fmt.STATE_LABELS[g.state],
            fmt.measured(g.measured, g.unit),
            fmt.target(g.target, g.unit),
            escape(g.detail),
        ]
        for g in r.goals
    ]
    out += table(["Goal", "Status", "Measured", "Target", "Details"], rows, "llrrl")
    notes = [f"- {escape(g.description)}: {escape(g.goal.note)}" for g in r.goals if g.goal.note]
    return out + (["Goal notes:", "", *notes, ""] if notes else [])


def _feedback(r: ProgressReport) -> list[str]:
    out = ["## Supervisor feedback", ""]
    if not r.notes:
        return out + ["No supervisor feedback in this period.", ""]
    for kind, title in (
        ("corrective", "Corrective points"),
        ("went_well", "Went well"),
        ("comment", "Comments"),
    ):
        items = [n for n in r.notes if n.kind == kind]
        if not items:
            continue
        out += [f"### {title}", ""]
        for n in items:
            at = f" at {fmt.offset(n.offset_ms)}" if n.offset_ms is not None else ""
            where = f"{fmt.day(n.attempt_at)}, *{escape(n.clip_title)}*{at} ({escape(n.author_name)})"
            out.append(f"- {where}: {escape(n.text)}")
        out.append("")
    return out


def _breakdowns(r: ProgressReport) -> list[str]:
    out = ["## By presentation and difficulty", ""]
    header = ["Attempts", "Self mean", "Supervisor mean", "Too hard"]
    for label, rows, name in (
        ("Presentation", r.by_presentation, fmt.presentation),
        ("Difficulty", r.by_difficulty, fmt.difficulty),
    ):
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
        out += table([label, *header], body) if body else []
    return out if len(out) > 2 else out + ["No attempts in this period.", ""]


def _clips(r: ProgressReport) -> list[str]:
    out = ["## Clips practised", ""]
    if not r.clips:
        return out + ["No clips practised in this period.", ""]
    rows = [
        [
            escape(c.title),
            fmt.presentation(c.presentation),
            fmt.difficulty(c.difficulty),
            str(c.attempts),
            str(c.too_hard),
            fmt.day(c.last_at),
        ]
        for c in r.clips
    ]
    return out + table(
        ["Clip", "Presentation", "Difficulty", "Attempts", "Too hard", "Last practised"], rows, "lllrrl"
    )


def _calibration(r: ProgressReport) -> list[str]:
    out = ["## Calibration: self compared with supervisor", "", CALIBRATION_EXPLAIN + TREND_NOTE, ""]
    rated = [c for c in r.calibration if c.n]
    if not rated:
        return out + ["No attempts were rated by both you and a supervisor in this period.", ""]
    out += [escape(calibration_lead(r.calibration, own=True, name="")), ""]
    return out + table(list(fmt.CALIBRATION_COLUMNS), fmt.calibration_table(r.calibration), "lrllll")
