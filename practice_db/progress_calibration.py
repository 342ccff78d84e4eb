"""Turn self/supervisor pairs of one facet into calibration figures.

A pair is one attempt rated on the facet by the trainee and by at least one supervisor (several
supervisors are averaged first, so an attempt counts once); the pairs are gathered from a period's
rows in practice_db/progress_frame.py.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from practice_db.calibration import icc_a1, mean_difference, slope_per_week
from practice_db.progress_records import BiasWeek, FacetCalibration

# Days since the period's start, the attempt's week, self score, supervisors' mean score.
CalibrationPair = tuple[float, date, float, float]


def facet_calibration(key: str, pairs: list[CalibrationPair]) -> FacetCalibration:
    days = [p[0] for p in pairs]
    own = [p[2] for p in pairs]
    sup = [p[3] for p in pairs]
    diffs = [o - v for o, v in zip(own, sup, strict=True)]
    weeks: dict[date, list[float]] = defaultdict(list)
    for (_, week, _, _), diff in zip(pairs, diffs, strict=True):
        weeks[week].append(diff)
    trend = tuple(BiasWeek(w, sum(v) / len(v), len(v)) for w, v in sorted(weeks.items()))
    return FacetCalibration(
        facet=key,
        n=len(pairs),
        mean_difference=mean_difference(own, sup),
        agreement=icc_a1(own, sup),
        trend=trend,
        slope_per_week=slope_per_week(days, diffs),
    )
