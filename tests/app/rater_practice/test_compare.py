"""The comparison maths, worked by hand."""

from __future__ import annotations

import pytest

from app.rater_practice.compare import IncompleteRating, compare, difference_text, summary
from practice_db.vocabulary import FACET_KEYS

REFERENCE = dict(zip(FACET_KEYS, (4, 1, 2, 1, 1, 1, 1, 1), strict=True))


def test_differences_within_one_and_means_worked_by_hand() -> None:
    mine = dict(zip(FACET_KEYS, (4, 3, 2, 2, 3, 1, 1, 5), strict=True))
    result = compare(mine, REFERENCE)
    assert [f.difference for f in result.facets] == [0, 2, 0, 1, 2, 0, 0, 4]
    assert [f.within_one for f in result.facets] == [True, False, True, True, False, True, True, False]
    assert result.within_one == 5 and result.exact == 4
    assert result.mean_difference == pytest.approx(9 / 8)
    assert result.mean_absolute_difference == pytest.approx(9 / 8)
    assert result.my_total == pytest.approx(21 / 8) and result.reference_total == pytest.approx(12 / 8)
    assert summary(result) == (
        "Within one point of the reference on 5 of 8 facets (4 exactly the same), rating 1.1 higher "
        "on average. Mean of all eight: yours 2.6, reference 1.5."
    )


def test_lower_and_mixed_leans() -> None:
    lower = compare(dict.fromkeys(FACET_KEYS, 1), dict.fromkeys(FACET_KEYS, 3))
    assert lower.mean_difference == -2 and lower.within_one == 0
    assert "rating 2.0 lower on average" in summary(lower)
    mirrored = dict(zip(FACET_KEYS, (5, 1, 5, 1, 5, 1, 5, 1), strict=True))
    even = compare(mirrored, dict.fromkeys(FACET_KEYS, 3))
    assert even.mean_difference == 0 and even.mean_absolute_difference == 2
    assert "no clear lean either way" in summary(even)


def test_a_partial_or_out_of_range_rating_has_no_comparison() -> None:
    partial: dict[str, int | None] = {**REFERENCE, "empathy": None}
    with pytest.raises(IncompleteRating, match="empathy"):
        compare(partial, REFERENCE)
    with pytest.raises(IncompleteRating):
        compare({**REFERENCE, "hope": 6}, REFERENCE)
    with pytest.raises(ValueError, match="reference"):
        compare(REFERENCE, {k: v for k, v in REFERENCE.items() if k != "warmth"})


def test_difference_text_signs() -> None:
    assert [difference_text(d) for d in (2, 0, -3)] == ["+2", "0", "−3"]
