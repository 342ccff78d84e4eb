"""A rater's eight scores against the author's: the difference per facet and how many are close."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from practice_db.vocabulary import FACET_KEYS


class IncompleteRating(ValueError):
    """Not every facet has a score from 1 to 5 yet."""


@dataclass(frozen=True)
class FacetDifference:
    facet: str
    mine: int
    reference: int

    @property
    def difference(self) -> int:
        """Positive: you rated higher than the reference."""
        return self.mine - self.reference

    @property
    def within_one(self) -> bool:
        return abs(self.difference) <= 1


@dataclass(frozen=True)
class Comparison:
    facets: tuple[FacetDifference, ...]  # in FACET_KEYS order

    @property
    def within_one(self) -> int:
        return sum(f.within_one for f in self.facets)

    @property
    def exact(self) -> int:
        return sum(f.difference == 0 for f in self.facets)

    @property
    def mean_difference(self) -> float:
        """Your lean: above 0, you rated higher than the reference on average."""
        return sum(f.difference for f in self.facets) / len(self.facets)

    @property
    def mean_absolute_difference(self) -> float:
        return sum(abs(f.difference) for f in self.facets) / len(self.facets)

    @property
    def my_total(self) -> float:
        return sum(f.mine for f in self.facets) / len(self.facets)

    @property
    def reference_total(self) -> float:
        return sum(f.reference for f in self.facets) / len(self.facets)


def compare(mine: Mapping[str, int | None], reference: Mapping[str, int]) -> Comparison:
    """Both must score all eight facets 1-5 (a partial rating has no comparison, as it has no total)."""
    rows = []
    for facet in FACET_KEYS:
        score, ref = mine.get(facet), reference.get(facet)
        if not isinstance(score, int) or not 1 <= score <= 5:
            raise IncompleteRating(f"{facet} is not rated")
        if not isinstance(ref, int) or not 1 <= ref <= 5:
            raise ValueError(f"the reference has no score for {facet}")
        rows.append(FacetDifference(facet, score, ref))
    return Comparison(tuple(rows))


def summary(comparison: Comparison) -> str:
    """One plain sentence: how close, and which way the scores lean."""
    lean = comparison.mean_difference
    if abs(lean) < 0.25:
        direction = "with no clear lean either way"
    else:
        direction = f"rating {abs(lean):.1f} {'higher' if lean > 0 else 'lower'} on average"
    return (
        f"Within one point of the reference on {comparison.within_one} of 8 facets "
        f"({comparison.exact} exactly the same), {direction}. "
        f"Mean of all eight: yours {comparison.my_total:.1f}, reference {comparison.reference_total:.1f}."
    )


def difference_text(difference: int) -> str:
    """+2, −1, 0 (a real minus sign, so the column reads cleanly)."""
    if difference > 0:
        return f"+{difference}"
    return f"−{-difference}" if difference < 0 else "0"
