"""Flat attempt x rater rows for spreadsheet export (one query, ordered by time)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from practice_db import models
from practice_db.progress.records import AttemptRatingRow, Period
from practice_db.progress.sql import attempts_in
from practice_db.vocabulary import FACET_KEYS


def attempt_rating_rows(s: Session, profile_id: int, period: Period) -> list[AttemptRatingRow]:
    a, r, c, p = models.Attempt, models.Rating, models.Clip, models.Profile
    query = (
        select(
            a.id,
            a.uuid,
            a.started_at,
            c.title,
            c.presentation,
            c.difficulty,
            r.rater_role,
            p.name,
            r.reaction,
            a.response_latency_ms,
            a.speaking_ms,
            a.pause_count,
            a.pause_total_ms,
            a.duration_ms,
            *(getattr(r, k) for k in FACET_KEYS),
        )
        .select_from(a)
        .join(c, c.id == a.clip_id)
        .outerjoin(r, r.attempt_id == a.id)
        .outerjoin(p, p.id == r.rater_profile_id)
        .where(attempts_in(profile_id, period.start_utc, period.end_utc))
        .order_by(a.started_at, a.id, r.rater_role, r.id)  # "self" sorts before "supervisor"
    )
    rows = []
    for row in s.execute(query):
        head: tuple[Any, ...] = tuple(row[:14])  # the star-select loses column types
        values: tuple[Any, ...] = tuple(row[14:])
        rows.append(
            AttemptRatingRow(
                attempt_id=head[0],
                attempt_uuid=head[1],
                started_at=head[2],
                clip_title=head[3],
                presentation=head[4],
                difficulty=head[5],
                rater_role=head[6] or "",
                rater_name=head[7] or "",
                scores=dict(zip(FACET_KEYS, values, strict=True)),
                reaction=head[8],
                response_latency_ms=head[9],
                speaking_ms=head[10],
                pause_count=head[11],
                pause_total_ms=head[12],
                duration_ms=head[13],
            )
        )
    return rows
