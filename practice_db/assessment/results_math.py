"""The figures of an assessment, from plain rating rows (pure functions, no database).

Units, decided once:
* A take's score is the mean of its raters' complete ratings (per facet, and for the total: the
  mean of each rater's eight-facet total). A rating missing any facet is left out entirely.
* A sitting's total (or facet) is the mean of its takes' scores, so with the same raters on every
  take it is the mean over facets, clips and raters. Its 95% interval is a Student t interval
  over the takes (n = rated takes): it says how far the figure could move with other clips of
  the same kind, which is the uncertainty that matters when comparing two sittings.
* The change is follow-up minus baseline. With the same clips in both sittings the takes are
  paired by clip (t interval of the per-clip differences, over clips rated in both); otherwise
  the two sets of takes are independent (Welch's interval).
* Agreement uses the raters with complete ratings and the takes every one of them rated
  (ICC(A,1) and ICC(A,k), McGraw & Wong); with no such takes, the two raters sharing most.
* Self-ratings ("self") are summarised apart and never enter any of the above.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from practice_db.assessment.results_records import TOTAL, FacetResult, RaterAgreement
from practice_db.scoring import overall_score
from practice_db.stats.agreement import LEVEL, Estimate, icc_a1, icc_ak, mean_difference_ci
from practice_db.stats.distributions import t_quantile
from practice_db.vocabulary import FACET_KEYS


@dataclass(frozen=True)
class RatingRow:
    take_id: int
    clip_id: int
    rater_id: int
    role: str  # "rater" | "self"
    scores: Mapping[str, int | None]


@dataclass(frozen=True)
class SittingFigures:
    take_totals: dict[int, float]  # clip id -> the take's rater-averaged total
    total: Estimate | None
    facets: tuple[FacetResult, ...]
    agreement: tuple[RaterAgreement, ...]
    raters: int
    partial: int
    self_total: Estimate | None
    self_rated: int


def mean_ci(values: Sequence[float]) -> Estimate | None:
    """A mean with its Student t interval (the one-sample interval the bias uses)."""
    return mean_difference_ci(values)


def sitting_figures(rows: Sequence[RatingRow]) -> SittingFigures:
    complete = [r for r in rows if r.role == "rater" and overall_score(r.scores) is not None]
    partial = sum(1 for r in rows if r.role == "rater" and overall_score(r.scores) is None)
    by_take: dict[int, list[RatingRow]] = defaultdict(list)
    for r in complete:
        by_take[r.take_id].append(r)
    takes = sorted(by_take)
    clip_of = {r.take_id: r.clip_id for r in complete}
    totals = [float(np.mean([overall_score(r.scores) for r in by_take[t]])) for t in takes]
    facets = tuple(
        FacetResult(key, mean_ci([float(np.mean([r.scores[key] for r in by_take[t]])) for t in takes]))
        for key in FACET_KEYS
    )
    own = [s for r in rows if r.role == "self" and (s := overall_score(r.scores)) is not None]
    return SittingFigures(
        take_totals={clip_of[t]: v for t, v in zip(takes, totals, strict=True)},
        total=mean_ci(totals),
        facets=facets,
        agreement=agreement(complete),
        raters=len({r.rater_id for r in complete}),
        partial=partial,
        self_total=mean_ci(own),
        self_rated=len(own),
    )


def agreement(complete: Sequence[RatingRow]) -> tuple[RaterAgreement, ...]:
    """ICC(A,1) and ICC(A,k) for the total and each facet; () when fewer than two raters."""
    cell = {(r.take_id, r.rater_id): r.scores for r in complete}
    raters = sorted({r.rater_id for r in complete})
    if len(raters) < 2:
        return ()
    takes = sorted({r.take_id for r in complete})
    common = [t for t in takes if all((t, k) in cell for k in raters)]
    if len(common) < 2:  # not everyone rated the same takes: the pair that shares the most
        counts = {pair: _shared(takes, cell, pair) for pair in combinations(raters, 2)}
        best = max(counts.items(), key=lambda item: item[1])[0]
        raters = list(best)
        common = [t for t in takes if all((t, k) in cell for k in raters)]
        if not common:
            return ()

    def table(key: str) -> np.ndarray:
        if key == TOTAL:
            return np.array([[overall_score(cell[t, k]) for k in raters] for t in common], dtype=float)
        return np.array([[cell[t, k][key] for k in raters] for t in common], dtype=float)

    out = []
    for key in (TOTAL, *FACET_KEYS):
        x = table(key)
        out.append(RaterAgreement(key, icc_a1(x), icc_ak(x), len(raters)))
    return tuple(out)


def _shared(takes: Sequence[int], cell: Mapping[tuple[int, int], object], pair: tuple[int, ...]) -> int:
    return sum(1 for t in takes if (t, pair[0]) in cell and (t, pair[1]) in cell)


def change(
    baseline: Mapping[int, float], follow_up: Mapping[int, float], paired: bool, level: float = LEVEL
) -> Estimate | None:
    """Follow-up minus baseline from each sitting's take totals (clip id -> total)."""
    if paired:
        shared = sorted(set(baseline) & set(follow_up))
        return mean_difference_ci([follow_up[c] - baseline[c] for c in shared], level)
    return welch(list(baseline.values()), list(follow_up.values()), level)


def welch(first: Sequence[float], second: Sequence[float], level: float = LEVEL) -> Estimate | None:
    """mean(second) - mean(first) with Welch's t interval (no interval below two values each)."""
    if not first or not second:
        return None
    a, b = np.asarray(first, dtype=float), np.asarray(second, dtype=float)
    diff = float(b.mean() - a.mean())
    n = len(a) + len(b)
    if len(a) < 2 or len(b) < 2:
        return Estimate(diff, None, None, n)
    va, vb = float(a.var(ddof=1)) / len(a), float(b.var(ddof=1)) / len(b)
    se = math.sqrt(va + vb)
    if se == 0:
        return Estimate(diff, diff, diff, n)
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    half = t_quantile(1 - (1 - level) / 2, df) * se
    return Estimate(diff, diff - half, diff + half, n)


def signed(x: float) -> str:
    """+0.4, -0.2, and 0.0 rather than "-0.0" or "+0.0"."""
    text = f"{x:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else text


def change_words(baseline_total: float, follow_up_total: float, estimate: Estimate | None) -> str:
    """The change in plain words, honest about an interval that includes 0."""
    head = f"Follow-up {follow_up_total:.1f} vs baseline {baseline_total:.1f}"
    if estimate is None:
        return f"{head}: no takes rated in both sittings to compare."
    if estimate.low is None or estimate.high is None:
        return f"{head}: {signed(estimate.value)} (too few rated takes for an interval)."
    figure = (
        f"{head}: {signed(estimate.value)} (95% interval {signed(estimate.low)} to {signed(estimate.high)})."
    )
    if estimate.low <= 0 <= estimate.high:
        return f"{figure} The interval includes 0, so these takes cannot tell a real change from chance."
    if estimate.low > 0:
        return f"{figure} The whole interval lies above 0: a gain that chance alone is unlikely to explain."
    return f"{figure} The whole interval lies below 0: a drop that chance alone is unlikely to explain."
