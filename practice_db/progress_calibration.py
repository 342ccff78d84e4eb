"""Gather self/supervisor pairs per facet and turn them into calibration figures.

A pair is one attempt rated on the facet by the trainee and by at least one supervisor (several
supervisors are averaged first, so an attempt counts once).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from practice_db import models
from practice_db.calibration import icc_a1, mean_difference, slope_per_week
from practice_db.progress_records import BiasWeek, FacetCalibration, Period
from practice_db.progress_sql import attempts_in
from practice_db.vocabulary import FACET_KEYS


def calibration_for(s: Session, profile_id: int, period: Period) -> list[FacetCalibration]:
    a, r = models.Attempt, models.Rating
    columns = []
    for key in FACET_KEYS:
        col = getattr(r, key)
        columns += [
            func.max(case((r.rater_role == "self", col))),
            func.avg(case((r.rater_role == "supervisor", col))),
        ]
    query = (
        select(a.id, a.started_at, *columns)
        .join(r, r.attempt_id == a.id)
        .where(attempts_in(profile_id, period.start_utc, period.end_utc))
        .group_by(a.id, a.started_at)
        .order_by(a.started_at, a.id)
    )
    # Per attempt once (not per facet): its day offset and week; pairs then carry those along.
    origin = period.start_utc
    pairs: dict[str, list[tuple[float, date, float, float]]] = defaultdict(list)
    for _attempt_id, started_at, *values in s.execute(query):
        day, week = (started_at - origin).total_seconds() / 86400, period.week_start(started_at)
        for i, key in enumerate(FACET_KEYS):
            own, sup = values[2 * i], values[2 * i + 1]
            if own is not None and sup is not None:
                pairs[key].append((day, week, float(own), float(sup)))
    return [_facet(key, pairs.get(key, [])) for key in FACET_KEYS]


def _facet(key: str, pairs: list[tuple[float, date, float, float]]) -> FacetCalibration:
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
