"""How progress figures are put into words and numbers, shared by the Progress page and the log.

Plain strings only (no Qt), so the page and every export format say exactly the same thing."""

from __future__ import annotations

from collections.abc import Sequence

from practice_db.progress.records import BreakdownRow, FacetAverage, FacetCalibration
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


def mean(value: float | None) -> str:
    """Two decimals: gains come in tenths, and the second decimal keeps rounding honest."""
    return DASH if value is None else f"{value:.2f}"


def change(value: float | None) -> str:
    if value is None:
        return DASH
    return f"{value:+.2f}" if round(value, 2) != 0 else "0.00"


def short_facet(key: str) -> str:
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


def bias_text(c: FacetCalibration, own: bool, name: str) -> str:
    """'You rate your empathy 0.60 higher than your supervisor does.'; None-safe."""
    facet = short_facet(c.facet).lower()
    if c.mean_difference is None:
        return "No attempt was rated by both yet."
    size = abs(c.mean_difference)
    if size < 0.05:
        return (
            f"Your {facet} ratings match your supervisor's on average."
            if own
            else f"{name}'s {facet} self-ratings match the supervisor's on average."
        )
    side = "higher" if c.mean_difference > 0 else "lower"
    if own:
        return f"You rate your {facet} {size:.2f} {side} than your supervisor does."
    return f"{name} rates their {facet} {size:.2f} {side} than the supervisor does."


def agreement_text(c: FacetCalibration) -> str:
    a = c.agreement
    return a.reason if a.value is None else f"ICC {a.value:.2f} (n = {a.n})"


CALIBRATION_HEADER = ("Facet", "Self compared with supervisor", "Agreement")


def calibration_rows(items: Sequence[FacetCalibration], own: bool, name: str) -> list[list[str]]:
    return [[short_facet(c.facet), bias_text(c, own, name), agreement_text(c)] for c in items]


def value_text(value: float | None, unit: str) -> str:
    if value is None:
        return DASH
    if unit == "%":
        return f"{value:.0f}%"
    if unit == "points":
        return f"{value:.2f}"
    if unit == "sessions a week":
        return f"{value:.1f} a week"
    return f"{value:g} good" if unit == "good challenges" else f"{value:g}"
