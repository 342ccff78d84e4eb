"""The exercise's criteria as the trainee and the supervisor judged them (the trainee's feedback view)."""

from __future__ import annotations

from html import escape

from practice_db.records import RatingRecord, ReviewDetail
from practice_db.vocabulary import VERDICT_LABELS


def _label(rating: RatingRecord | None, criterion: str) -> str:
    verdict = rating.verdict_for(criterion) if rating is not None else None
    return VERDICT_LABELS[verdict] if verdict else "–"


def criteria_html(detail: ReviewDetail) -> str:
    """Empty when nobody judged the criteria of this attempt."""
    own, sups = detail.self_rating(), detail.supervisor_ratings()
    sup = sups[0] if sups else None
    judged = [r for r in (own, sup) if r is not None and r.criteria_verdicts]
    if not detail.clip.criteria or not judged:
        return ""
    items = "".join(
        f"<li>{escape(c)}: you <b>{_label(own, c)}</b> · supervisor <b>{_label(sup, c)}</b></li>"
        for c in detail.clip.criteria
    )
    return f"<p><b>What this exercise asks</b> (met, partly or not met)</p><ul>{items}</ul>"
