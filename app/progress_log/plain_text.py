"""The progress log as plain text for the clipboard (pastes cleanly into any notes field)."""

from __future__ import annotations

from collections.abc import Sequence

from app.progress_log import assessment_section, criteria_section, fmt
from app.progress_log.collect import PRIVACY_LINE, ProgressReport
from app.progress_log.wording import calibration_lead, practice_volume


def _columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        first, *rest = cells
        return "  ".join(
            [first.ljust(widths[0]), *(c.rjust(w) for c, w in zip(rest, widths[1:], strict=True))]
        )

    return [line(header), *(line(r) for r in rows), ""]


def render_text(report: ProgressReport) -> str:
    r, t = report, report.totals
    out = [
        f"Practice log: {r.profile.name}",
        f"{fmt.period_text(r.period)}, prepared {fmt.day(r.generated_on)}",
        PRIVACY_LINE,
        "",
        f"Practice: {practice_volume(t.attempts, t.sessions, t.practice_days, t.minutes_spoken)}.",
        "",
        "Facet scores (self, change, supervisor, change):",
    ]
    out += _columns(
        ["Facet", "Self", "Change", "Supervisor", "Change"],
        [
            [
                fmt.facet(a.facet),
                fmt.mean(a.self_mean),
                fmt.change(a.self_change),
                fmt.mean(a.supervisor_mean),
                fmt.change(a.supervisor_change),
            ]
            for a in r.facets
        ],
    )
    if r.goals:
        out.append(f"Goals (as of {fmt.day(r.goals_as_of)}):")
        for g in r.goals:
            out.append(f"- {g.description}: {fmt.STATE_LABELS[g.state]}. {g.detail}")
        out.append("")
    if r.notes:
        out.append("Supervisor feedback:")
        for n in r.notes:
            out.append(f"- {fmt.NOTE_LABELS[n.kind]}, {fmt.day(n.attempt_at)}, {n.clip_title}: {n.text}")
        out.append("")
    if r.clips:
        out.append("Clips practised: " + "; ".join(f"{c.title} ({c.attempts})" for c in r.clips) + ".")
        out.append("")
    sentences = [s for c in r.calibration if (s := fmt.bias_sentence(c))]
    if sentences:
        out += ["Self compared with supervisor:", *(f"- {s}" for s in sentences), ""]
    elif any(c.n for c in r.calibration):  # pairs, but too few to say anything: say that
        out += ["Self compared with supervisor: " + calibration_lead(r.calibration, own=True, name=""), ""]
    if r.criteria:
        out += criteria_section.text_lines(r.criteria)
    if r.assessment is not None and r.assessment.sittings:  # short clipboard text otherwise
        out += assessment_section.text_lines(r.assessment, r.period.tz)
    return "\n".join(out).rstrip() + "\n"
