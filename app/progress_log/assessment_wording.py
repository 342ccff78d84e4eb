"""How assessment results are said, once, for the results view and every progress log format.

Scores to one decimal (real change is tenths of a point), ICCs to two, every figure with its 95%
interval and its n."""

from __future__ import annotations

from datetime import tzinfo

from app.progress_log import fmt
from practice_db.assessment.records import OCCASION_LABELS
from practice_db.assessment.results_records import TOTAL, PersonResults, RaterAgreement, SittingResult
from practice_db.stats.agreement import Estimate, IccResult

TITLE = "FIS assessment"
NOTE = (
    "Kept apart from practice. Each sitting is one take per clip of a fixed set, rated later by "
    "raters who did not know whose reply it was or when it was given. The total is the mean of all "
    "eight facets over the clips, averaged over the raters; a rating missing any facet is left out. "
    "Intervals are 95% intervals over the clips, so they show how much the figure could move with "
    "other clips like these. Self-ratings are shown apart and never count in the total."
)
NO_SITTINGS = "No finished assessment yet."
NO_RATINGS = "not rated yet"
DASH = "–"
SCALE = (1.0, 5.0)
FEW_TAKES = 15  # below this many takes an ICC's interval is wide; say so (domain: "Measuring well")
SITTING_HEADER = (
    "Sitting",
    "Date",
    "Set",
    "Takes rated",
    "Raters",
    "Total (95% interval)",
    "Self-rating (apart)",
)
AGREEMENT_HEADER = ("Facet", "One rater: ICC(A,1)", "Raters' average: ICC(A,k)")


def occasion(key: str) -> str:
    return OCCASION_LABELS.get(key, key)


def estimate_text(e: Estimate | None, empty: str = DASH) -> str:
    """'3.5 (1.3 to 5.7)'; '3.5' alone from one take; `empty` without any rated take."""
    if e is None:
        return empty
    if e.low is None or e.high is None:
        return f"{e.value:.1f}"
    # A mean of 1-5 scores lies on the scale, so a t interval from few takes is shown cut to it
    # (the CSV keeps the interval as computed).
    low, high = max(e.low, SCALE[0]), min(e.high, SCALE[1])
    return f"{e.value:.1f} ({low:.1f} to {high:.1f})"


def _bound(x: float) -> str:
    # An ICC's bound can fall far below -1 with few takes (to minus infinity for ICC(A,k));
    # the figure would only mislead, so it is said in words.
    return "below -1" if x < -1 else f"{x:.2f}"


def icc_text(icc: IccResult) -> str:
    if icc.value is None:
        return DASH
    if icc.low is None or icc.high is None:
        return f"{icc.value:.2f}"
    return f"{icc.value:.2f} ({_bound(icc.low)} to {_bound(icc.high)})"


def sitting_label(s: SittingResult, tz: tzinfo | None = None) -> str:
    """'Baseline, 1 Mar 2026' (and '(stopped early)' for a sitting ended with Esc)."""
    when = s.started_at.astimezone(tz) if tz is not None else s.started_at
    early = " (stopped early)" if s.status == "incomplete" else ""
    return f"{occasion(s.occasion)}, {fmt.day(when)}{early}"


def sitting_row(s: SittingResult, tz: tzinfo | None = None) -> list[str]:
    when = s.started_at.astimezone(tz) if tz is not None else s.started_at
    early = " (stopped early)" if s.status == "incomplete" else ""
    own = f"{s.self_total.value:.1f} from {s.self_rated_takes}" if s.self_total is not None else DASH
    return [
        occasion(s.occasion) + early,
        fmt.day(when),
        s.set_name,
        f"{s.rated_takes} of {s.takes}",
        str(s.raters),
        estimate_text(s.total, NO_RATINGS),
        own,
    ]


def facet_rows(sittings: tuple[SittingResult, ...]) -> list[list[str]]:
    """One row per facet, one column per sitting."""
    rows = []
    for i, f in enumerate(sittings[0].facets if sittings else ()):
        rows.append([fmt.facet(f.facet), *(estimate_text(s.facets[i].estimate) for s in sittings)])
    return rows


def agreement_rows(items: tuple[RaterAgreement, ...]) -> list[list[str]]:
    return [
        ["Total" if a.facet == TOTAL else fmt.facet(a.facet), icc_text(a.single), icc_text(a.average)]
        for a in items
    ]


def agreement_lead(s: SittingResult, tz: tzinfo | None = None) -> str:
    """Who agreed on what, and an honest word when few takes make the interval wide."""
    if not s.agreement:
        return f"{sitting_label(s, tz)}: one rater only, so no agreement to measure."
    n, k = s.agreement[0].single.n, s.agreement[0].raters
    lead = f"{sitting_label(s, tz)}: {k} raters on the same {n} takes."
    if n < FEW_TAKES:
        lead += f" With under {FEW_TAKES} takes an ICC is unsteady: read the interval, not the figure."
    return lead


def withheld_text(p: PersonResults) -> str:
    """' 1 sitting is held back…' (leading space, to follow a sentence), '' when none."""
    if not p.withheld:
        return ""
    what = "1 sitting is" if p.withheld == 1 else f"{p.withheld} sittings are"
    return f" {what} held back until you have rated all of its takes, so no figure sways your rating."


def change_text(p: PersonResults) -> str:
    if p.change is not None:
        return p.change.words
    occasions = {s.occasion for s in p.sittings if s.total is not None}
    if "baseline" not in occasions:
        return "No rated baseline yet, so no change to show."
    return "No rated follow-up after the baseline yet, so no change to show."
