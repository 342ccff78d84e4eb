"""How progress figures are put into words and numbers, shared by the Progress page and the log.

Plain strings only (no Qt), so the page and every export format say exactly the same thing."""

from __future__ import annotations

from collections.abc import Sequence

from practice_db.progress.records import (
    MIN_BIAS_PAIRS,
    MIN_ICC_PAIRS,
    TOTAL,
    BreakdownRow,
    FacetAverage,
    FacetCalibration,
)
from practice_db.vocabulary import DIFFICULTY_LABELS, FACET_LABELS, PRESENTATION_LABELS

DASH = "–"
TOO_HARD_SHARE = 1 / 3  # a row where a third of attempts felt too hard is marked as a struggle


def count(n: int, word: str, plural: str | None = None) -> str:
    """'1 day', '3 days': never 'on 1 days'."""
    return f"{n} {word if n == 1 else plural or word + 's'}"


def time_spoken(minutes: float) -> str:
    """Speaking time as people say it: seconds under two minutes, whole minutes after."""
    seconds = round(minutes * 60)
    if seconds < 120:
        return count(seconds, "second")
    return count(round(minutes), "minute")


def practice_volume(attempts: int, sessions: int, days: int, minutes: float) -> str:
    return (
        f"{count(attempts, 'attempt')} in {count(sessions, 'session')} on {count(days, 'day')}; "
        f"{time_spoken(minutes)} spoken"
    )


def one_decimal(value: float) -> str:
    """One decimal, never '-0.0'."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def mean(value: float | None) -> str:
    """One decimal: real growth comes in tenths (about 0.2 points from a course of training), and
    a second decimal makes 3.86 against 4.00 look like a difference worth reading."""
    return DASH if value is None else one_decimal(value)


def change(value: float | None) -> str:
    if value is None:
        return DASH
    return f"{value:+.1f}" if round(value, 1) != 0 else "0.0"


def short_facet(key: str) -> str:
    if key == TOTAL:
        return "Total"
    return FACET_LABELS.get(key, key).split(" /")[0]


FACET_HEADER = ("Facet", "Self", "vs before", "Supervisor", "vs before", "Ratings (self / supervisor)")


def facet_rows(averages: Sequence[FacetAverage]) -> list[list[str]]:
    return [
        [
            FACET_LABELS.get(a.facet, a.facet),
            mean(a.self_mean),
            change(a.self_change),
            mean(a.supervisor_mean),
            change(a.supervisor_change),
            f"{a.self_n} / {a.supervisor_n}",
        ]
        for a in averages
    ]


def breakdown_rows(rows: Sequence[BreakdownRow], by: str) -> tuple[list[list[str]], list[bool]]:
    labels = (
        PRESENTATION_LABELS if by == "presentation" else {str(k): v for k, v in DIFFICULTY_LABELS.items()}
    )
    out = [
        [
            labels.get(r.key, r.key),
            str(r.attempts),
            mean(r.self_mean),
            mean(r.supervisor_mean),
            str(r.too_hard),
        ]
        for r in rows
    ]
    return out, [r.attempts > 0 and r.too_hard / r.attempts >= TOO_HARD_SHARE for r in rows]


def struggle_text(presentations: Sequence[BreakdownRow], levels: Sequence[BreakdownRow]) -> str:
    """One plain sentence on where practice feels hardest, from 'too hard' check-ins and scores."""
    parts = []
    hard = [r for r in (*presentations, *levels) if r.attempts and r.too_hard / r.attempts >= TOO_HARD_SHARE]
    if hard:
        worst = max(hard, key=lambda r: (r.too_hard / r.attempts, r.too_hard))
        name = PRESENTATION_LABELS.get(worst.key) or DIFFICULTY_LABELS.get(int(worst.key), worst.key)
        parts.append(
            f"Felt hardest: {name.lower()} clips ({worst.too_hard} of {worst.attempts} attempts "
            "checked in as too hard)."
        )
    scored = [r for r in presentations if r.supervisor_mean is not None]
    if len(scored) > 1:
        low = min(scored, key=lambda r: r.supervisor_mean or 0.0)
        parts.append(
            f"Lowest supervisor scores: {PRESENTATION_LABELS.get(low.key, low.key).lower()} "
            f"({mean(low.supervisor_mean)})."
        )
    return " ".join(parts) or "No presentation stands out as harder than the others in this period."


def interval(low: float | None, high: float | None, decimals: int = 1) -> str:
    """'95% interval 0.2 to 1.0' ('' when there is none)."""
    if low is None or high is None:
        return ""
    if decimals == 1:
        return f"95% interval {one_decimal(low)} to {one_decimal(high)}"
    return f"95% interval {low:.{decimals}f} to {high:.{decimals}f}"


def _subject(c: FacetCalibration) -> str:
    return "overall score" if c.facet == TOTAL else short_facet(c.facet).lower()


def bias_text(c: FacetCalibration, own: bool, name: str) -> str:
    """'You rate your empathy 0.6 higher than your supervisor does (95% interval 0.2 to 1.0,
    n = 12).' One decimal, always with its interval and n; from fewer than MIN_BIAS_PAIRS pairs
    only 'too few', since one or two attempts say nothing about a habit."""
    facet = _subject(c)
    if c.mean_difference is None or c.n == 0:
        return "No attempt was rated by both yet."
    if c.n < MIN_BIAS_PAIRS:
        return f"Too few pairs to say yet ({c.n} of the {MIN_BIAS_PAIRS} needed)."
    spread = interval(c.difference_low, c.difference_high)
    tail = f" ({spread}, n = {c.n})." if spread else f" (n = {c.n})."
    if one_decimal(abs(c.mean_difference)) == "0.0":
        if own:
            return f"Your {facet} ratings match your supervisor's on average" + tail
        return f"{name}'s {facet} self-ratings match the supervisor's on average" + tail
    size = one_decimal(abs(c.mean_difference))
    side = "higher" if c.mean_difference > 0 else "lower"
    if own:
        return f"You rate your {facet} {size} {side} than your supervisor does" + tail
    return f"{name} rates their {facet} {size} {side} than the supervisor does" + tail


def within_text(c: FacetCalibration) -> str:
    """'4 of 5 pairs (80%)': how often the two scores were at most one point apart."""
    if c.within_one is None or c.n == 0:
        return DASH
    hits = round(c.within_one * c.n)
    return f"{hits} of {c.n} pairs ({c.within_one:.0%})"


def agreement_text(c: FacetCalibration) -> str:
    """'ICC 0.62 (95% interval 0.21 to 0.85, n = 20)' from enough pairs, otherwise why not."""
    a = c.agreement
    if a.value is None:
        return a.reason
    spread = interval(a.low, a.high, decimals=2)
    return f"ICC {a.value:.2f} ({spread}, n = {a.n})" if spread else f"ICC {a.value:.2f} (n = {a.n})"


CALIBRATION_EXPLAIN = (
    "Only attempts both of you rated on all eight facets count. The difference is self minus "
    "supervisor on average, with its 95% interval (where the true difference probably lies) and n, "
    "the number of paired attempts; 'within one point' counts pairs at most a point apart. "
    f"Agreement (ICC) is shown from {MIN_ICC_PAIRS} pairs: from fewer it could be almost anything. "
    "One person's attempts differ little from each other, which keeps the ICC low even between "
    "careful raters."
)
CALIBRATION_HEADER = (
    "Facet",
    "Pairs",
    "Self minus supervisor (95% interval)",
    "Within one point",
    "Agreement ICC(A,1) (95% interval)",
)


def difference_cell(c: FacetCalibration) -> str:
    """'+0.6 (0.2 to 1.0)': self minus supervisor with its 95% interval; 'too few' under 3 pairs."""
    if c.n == 0 or c.mean_difference is None:
        return DASH
    if c.n < MIN_BIAS_PAIRS:
        return "too few pairs"
    if c.difference_low is None or c.difference_high is None:
        return change(c.mean_difference)
    low, high = one_decimal(c.difference_low), one_decimal(c.difference_high)
    return f"{change(c.mean_difference)} ({low} to {high})"


def within_cell(c: FacetCalibration) -> str:
    return DASH if c.within_one is None or c.n < MIN_BIAS_PAIRS else f"{c.within_one:.0%}"


def agreement_cell(c: FacetCalibration) -> str:
    """'0.62 (0.21 to 0.85)' from MIN_ICC_PAIRS pairs; otherwise why not, in a few words."""
    a = c.agreement
    if c.n == 0:
        return DASH
    if c.n < MIN_ICC_PAIRS:
        return f"too few pairs (needs {MIN_ICC_PAIRS})"
    if a.value is None:
        return "cannot be measured"
    if a.low is None or a.high is None:
        return f"{a.value:.2f}"
    return f"{a.value:.2f} ({a.low:.2f} to {a.high:.2f})"


def calibration_rows(items: Sequence[FacetCalibration]) -> list[list[str]]:
    """The calibration table: the total first, then each facet (only rows with pairs)."""
    return [
        [short_facet(c.facet), str(c.n), difference_cell(c), within_cell(c), agreement_cell(c)]
        for c in items
        if c.n
    ]


def calibration_lead(items: Sequence[FacetCalibration], own: bool, name: str) -> str:
    """The sentence above the table: the total's difference with its interval and n, then
    agreement or why there is none yet."""
    rated = [c for c in items if c.n]
    if not rated:
        who = "you and a supervisor" if own else f"{name} and a supervisor"
        return f"No attempt in this period was rated by both {who} on all eight facets."
    lead = next((c for c in rated if c.facet == TOTAL), rated[0])
    if lead.n < MIN_BIAS_PAIRS:
        return (
            f"{count(lead.n, 'attempt')} rated by both so far: too few to say how the ratings compare "
            f"({MIN_BIAS_PAIRS} are needed for a difference, {MIN_ICC_PAIRS} for agreement)."
        )
    within = f" The two were within one point on {within_text(lead)}."
    if lead.n < MIN_ICC_PAIRS:
        return bias_text(lead, own, name) + within + " " + lead.agreement.reason
    return bias_text(lead, own, name) + within + f" Agreement: {agreement_text(lead)}."


def value_text(value: float | None, unit: str) -> str:
    if value is None:
        return DASH
    if unit == "%":
        return f"{value:.0f}%"
    if unit == "points":
        return one_decimal(value)
    if unit == "sessions a week":
        return f"{value:.1f} a week"
    return f"{value:g} good" if unit == "good challenges" else f"{value:g}"
