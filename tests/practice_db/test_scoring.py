"""The overall score is the mean of all eight facets; a partial rating has none and says 'n of 8'."""

from __future__ import annotations

from practice_db.scoring import is_complete, overall_score, partial_label, rated_count
from practice_db.vocabulary import FACET_KEYS


def test_a_complete_rating_has_the_mean_of_eight() -> None:
    scores: dict[str, int | None] = dict(zip(FACET_KEYS, (3, 4, 3, 3, 4, 4, 2, 3), strict=True))
    assert overall_score(scores) == 26 / 8
    assert is_complete(scores) and partial_label(scores) == "3.2"


def test_a_partial_rating_has_no_total_and_counts_its_facets() -> None:
    scores: dict[str, int | None] = {
        "empathy": 5,
        "warmth": 4,
        "hope": 4,
        "verbal_fluency": 4,
        "alliance_bond": None,
    }
    assert overall_score(scores) is None
    assert rated_count(scores) == 4 and not is_complete(scores)
    assert partial_label(scores) == "4 of 8"
    assert partial_label({}) == ""
