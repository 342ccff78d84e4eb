"""The overall score of a rating: the mean of all eight facets, or nothing.

A reply rated on some facets only has no total (FIS totals are means of all eight items), so a
partial rating is shown as "n of 8" and kept out of totals, charts, goals and calibration.
"""

from __future__ import annotations

from collections.abc import Mapping

from practice_db.vocabulary import FACET_KEYS

FACET_COUNT = len(FACET_KEYS)


def rated_count(scores: Mapping[str, int | None]) -> int:
    """How many of the eight facets carry a score."""
    return sum(1 for key in FACET_KEYS if scores.get(key) is not None)


def is_complete(scores: Mapping[str, int | None]) -> bool:
    return rated_count(scores) == FACET_COUNT


def overall_score(scores: Mapping[str, int | None]) -> float | None:
    """The mean of the eight facets when every one is rated; None for a partial or empty rating."""
    values = [scores.get(key) for key in FACET_KEYS]
    if any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None) / FACET_COUNT


def partial_label(scores: Mapping[str, int | None]) -> str:
    """'5 of 8' for a partial rating, '' for an empty one, the total to one decimal when complete."""
    total = overall_score(scores)
    if total is not None:
        return f"{total:.1f}"
    count = rated_count(scores)
    return f"{count} of {FACET_COUNT}" if count else ""


def total_or_count(total: float | None, rated: int) -> str:
    """partial_label from an already computed total and facet count (as review lists carry them)."""
    if total is not None:
        return f"{total:.1f}"
    return f"{rated} of {FACET_COUNT}" if rated else ""
