"""Turn self/supervisor pairs of one facet (or of the total) into calibration figures.

A pair is one attempt rated completely (all eight facets) by the trainee and by at least one
supervisor (several supervisors are averaged first, so an attempt counts once); the pairs are
gathered from a period's rows in practice_db/progress/frame.py and come here as arrays (a busy
year: ~700 pairs a facet, so per-pair Python work adds up over nine rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from practice_db.progress.calibration import agreement, mean_difference, slope_per_week
from practice_db.progress.records import BiasWeek, FacetCalibration
from practice_db.stats.agreement import mean_difference_ci, share_within


def facet_calibration(
    key: str,
    days: np.ndarray,
    week: np.ndarray,
    slots: Sequence[date],
    own: np.ndarray,
    sup: np.ndarray,
) -> FacetCalibration:
    """`days` since the period's start, `week` each pair's index into `slots` (sorted week starts),
    `own` the self score and `sup` the supervisors' mean, one entry per pair in time order."""
    diffs = own - sup
    # bincount adds each week's differences in pair order, as a running sum would.
    total = np.bincount(week, diffs, len(slots))
    n = np.bincount(week, minlength=len(slots))
    trend = tuple(
        BiasWeek(slots[g], float(total[g]) / int(n[g]), int(n[g])) for g in np.flatnonzero(n).tolist()
    )
    interval = mean_difference_ci(diffs)
    return FacetCalibration(
        facet=key,
        n=len(diffs),
        mean_difference=mean_difference(own, sup),
        agreement=agreement(own, sup),
        trend=trend,
        slope_per_week=slope_per_week(days, diffs),
        difference_low=None if interval is None else interval.low,
        difference_high=None if interval is None else interval.high,
        within_one=share_within(own, sup),
    )
