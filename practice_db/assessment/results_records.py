"""Frozen records of assessment results (what the results view and the progress log read)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from practice_db.stats.agreement import Estimate, IccResult

TOTAL = "total"  # the key of the total beside the eight facet keys


@dataclass(frozen=True)
class FacetResult:
    facet: str  # a FACET_KEYS key
    estimate: Estimate | None  # mean over takes of the raters' average, 95% interval over takes


@dataclass(frozen=True)
class RaterAgreement:
    """How well the raters agree on one facet (or the total) over the takes they all rated."""

    facet: str  # a FACET_KEYS key or TOTAL
    single: IccResult  # ICC(A,1): one rater's score
    average: IccResult  # ICC(A,k): the mean of these k raters, the figure the total rests on
    raters: int  # k


@dataclass(frozen=True)
class SittingResult:
    assessment_id: int
    uuid: str
    occasion: str  # "baseline" | "follow_up"
    status: str  # "complete" | "incomplete" | "in_progress"
    started_at: datetime
    set_id: int
    set_name: str
    takes: int  # takes recorded in this sitting
    rated_takes: int  # takes with at least one complete rater rating (the n of the intervals)
    raters: int  # raters with at least one complete rating
    partial_ratings: int  # rater ratings left out because they lack a facet
    total: Estimate | None
    facets: tuple[FacetResult, ...]
    agreement: tuple[RaterAgreement, ...]  # total first, then the facets; empty under two raters
    self_total: Estimate | None  # the clinician's own ratings: shown apart, never in `total`
    self_rated_takes: int


@dataclass(frozen=True)
class ChangeResult:
    """Follow-up minus baseline, with its 95% interval and the sentence that says it."""

    baseline_id: int
    follow_up_id: int
    baseline_total: float
    follow_up_total: float
    estimate: Estimate | None  # None when the two sittings share no rated takes to compare
    paired: bool  # same clips in both: paired by clip; otherwise two independent sets of takes
    words: str


@dataclass(frozen=True)
class PersonResults:
    profile_id: int
    name: str
    sittings: tuple[SittingResult, ...]  # oldest first
    change: ChangeResult | None
    withheld: int = 0  # sittings this viewer has begun rating blind and not finished: not shown yet
