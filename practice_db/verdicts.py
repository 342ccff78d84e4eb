"""Criteria verdicts: checking them, and their JSON shape in `ratings.criteria_verdicts`.

Stored as a list of {"criterion": text, "verdict": "met" | "partly" | "not_met"}, the criterion in
its own words so that a later edit of the exercise can't re-point an old verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from practice_db.errors import ValidationError
from practice_db.records import CriterionVerdict
from practice_db.vocabulary import VERDICTS

MAX_CRITERIA = 20  # the bundle format's own cap on an exercise's criteria
MAX_CRITERION_CHARS = 1000


def validate_verdicts(verdicts: Sequence[CriterionVerdict]) -> None:
    """Plain sentences for what a form or a bundle could get wrong."""
    if len(verdicts) > MAX_CRITERIA:
        raise ValidationError(f"An exercise has at most {MAX_CRITERIA} criteria to judge.")
    seen: set[str] = set()
    for item in verdicts:
        text = item.criterion.strip() if isinstance(item.criterion, str) else ""
        if not text:
            raise ValidationError("Each judged criterion needs its wording.")
        if len(text) > MAX_CRITERION_CHARS:
            raise ValidationError(f"A criterion's wording must stay under {MAX_CRITERION_CHARS} characters.")
        if item.verdict not in VERDICTS:
            raise ValidationError(
                f"A criterion is met, partly met or not met; {str(item.verdict)[:20]!r} is none of these."
            )
        if text in seen:
            raise ValidationError("The same criterion was judged twice in one rating.")
        seen.add(text)


def to_json(verdicts: Iterable[CriterionVerdict]) -> list[dict[str, str]]:
    """An empty list once a rater cleared them (NULL: a rating made before criteria were scored)."""
    return [{"criterion": v.criterion.strip(), "verdict": v.verdict} for v in verdicts]


def from_json(value: Any) -> tuple[CriterionVerdict, ...]:
    """Read leniently: a damaged entry is skipped rather than hiding the rest of the rating."""
    if not isinstance(value, list):
        return ()
    out: list[CriterionVerdict] = []
    for entry in value:
        if not isinstance(entry, dict):
            continue
        criterion, verdict = entry.get("criterion"), entry.get("verdict")
        if isinstance(criterion, str) and criterion and verdict in VERDICTS:
            out.append(CriterionVerdict(criterion, str(verdict)))
    return tuple(out)
