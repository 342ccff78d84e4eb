"""Read side of remote supervision: the review queue and consistent snapshots for bundles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Select, exists, select
from sqlalchemy.orm import Session

from practice_db import convert, models
from practice_db.clips import ClipRepository
from practice_db.errors import NotFoundError, ValidationError
from practice_db.records import AttemptRecord, ProfileRecord
from practice_db.transfer.records import QueueKey, QueuePage, ReviewQueueItem, TransferSnapshot

QueueSelect = Select[int, str, int, str, int, str, datetime, int | None, str]  # a ReviewQueueItem's fields

# Attempts a supervisor can review: a finished take, or one rescued after a crash.
REVIEWABLE = ("complete", "recovered")


def no_supervisor_rating() -> ColumnElement[bool]:
    r = models.Rating
    return ~exists(select(r.id).where(r.attempt_id == models.Attempt.id, r.rater_role == "supervisor"))


def _queue_query(trainee_id: int | None, clip_id: int | None) -> QueueSelect:
    """The waiting attempts, newest first."""
    a, p, c = models.Attempt, models.Profile, models.Clip
    query = (
        select(a.id, a.uuid, a.profile_id, p.name, a.clip_id, c.title, a.started_at, a.duration_ms, a.status)
        .join(p, p.id == a.profile_id)
        .join(c, c.id == a.clip_id)
        .where(a.status.in_(REVIEWABLE), no_supervisor_rating())
    )
    if trainee_id is not None:
        query = query.where(a.profile_id == trainee_id)
    if clip_id is not None:
        query = query.where(a.clip_id == clip_id)
    return query


def awaiting_review(s: Session, trainee_id: int | None, clip_id: int | None) -> list[ReviewQueueItem]:
    query = _queue_query(trainee_id, clip_id).order_by(
        models.Attempt.started_at.desc(), models.Attempt.id.desc()
    )
    return [ReviewQueueItem(*row) for row in s.execute(query)]


def awaiting_review_page(
    s: Session,
    trainee_id: int | None,
    title: str | None,
    after: QueueKey | None,
    limit: int,
) -> QueuePage:
    """One page of the queue: the `limit` waiting attempts that come after `after`.

    Keyset paging on the attempt's id, newest first (the order attempts reached this database):
    the primary key's index walks them in that order, so a page reads only about as many
    attempts as it shows, wherever it starts and however long the queue. (No index has
    `started_at` first, so ordering by it would read and sort every attempt for each page.)
    No OFFSET; attempts that arrive meanwhile get higher ids and land before the first page
    rather than shifting later ones."""
    a = models.Attempt
    query = _queue_query(trainee_id, None).order_by(a.id.desc())
    if title is not None:
        query = query.where(models.Clip.title == title)
    if after is not None:
        query = query.where(a.id < after.attempt_id)
    items = [ReviewQueueItem(*row) for row in s.execute(query.limit(limit + 1))]
    more = len(items) > limit
    items = items[:limit]
    return QueuePage(tuple(items), QueueKey(items[-1].attempt_id) if more else None)


def awaiting_review_titles(s: Session, trainee_id: int | None) -> list[str]:
    """The exercises that have attempts in the queue (the list's exercise filter)."""
    a, c = models.Attempt, models.Clip
    query = (
        select(c.title)
        .join(a, a.clip_id == c.id)
        .where(a.status.in_(REVIEWABLE), no_supervisor_rating())
        .distinct()
    )
    if trainee_id is not None:
        query = query.where(a.profile_id == trainee_id)
    return list(s.scalars(query))


def unreviewed_since(s: Session, profile_id: int, since: datetime) -> list[AttemptRecord]:
    a = models.Attempt
    query = (
        select(a)
        .where(
            a.profile_id == profile_id,
            a.status.in_(REVIEWABLE),
            a.started_at >= since,
            no_supervisor_rating(),
        )
        .order_by(a.started_at.desc(), a.id.desc())
    )
    return [convert.attempt(row) for row in s.scalars(query)]


def snapshot(
    s: Session, trainee_id: int, attempt_ids: Sequence[int] | None, rater_id: int
) -> TransferSnapshot:
    """The trainee's reviewable attempts (all, or the chosen ones) with their clips, and the
    ratings and comments given on them by `rater_id` (the trainee's own, or one supervisor's)."""
    trainee = s.get(models.Profile, trainee_id)
    if trainee is None:
        raise NotFoundError("That profile no longer exists.")
    a = models.Attempt
    query = select(a).where(a.profile_id == trainee_id, a.status.in_(REVIEWABLE))
    attempts: list[models.Attempt] = []
    if attempt_ids is None:
        attempts = list(s.scalars(query.order_by(a.started_at, a.id)))
    else:
        wanted = list(dict.fromkeys(attempt_ids))
        for start in range(0, len(wanted), 500):  # SQLite's bound-parameter limit
            attempts += s.scalars(query.where(a.id.in_(wanted[start : start + 500])))
        if len(attempts) != len(wanted):
            raise ValidationError(f"Some of the chosen attempts are not finished attempts by {trainee.name}.")
        attempts.sort(key=lambda row: (row.started_at, row.id))
    ids = [row.id for row in attempts]
    clip_ids = sorted({row.clip_id for row in attempts})
    ratings: list[models.Rating] = []
    comments: list[models.Comment] = []
    clips: list[models.Clip] = []
    for start in range(0, max(len(ids), len(clip_ids)), 500):
        chunk, clip_chunk = ids[start : start + 500], clip_ids[start : start + 500]
        ratings += s.scalars(
            select(models.Rating).where(
                models.Rating.attempt_id.in_(chunk), models.Rating.rater_profile_id == rater_id
            )
        )
        comments += s.scalars(
            select(models.Comment).where(
                models.Comment.attempt_id.in_(chunk), models.Comment.author_profile_id == rater_id
            )
        )
        clips += s.scalars(select(models.Clip).where(models.Clip.id.in_(clip_chunk)))
    facets = ClipRepository._facets(s, clip_ids)
    rater = s.get(models.Profile, rater_id)
    profiles: dict[int, ProfileRecord] = {trainee.id: convert.profile(trainee)}
    if rater is not None:
        profiles[rater.id] = convert.profile(rater)
    return TransferSnapshot(
        trainee=convert.profile(trainee),
        attempts=tuple(convert.attempt(row) for row in attempts),
        clips=tuple(convert.clip(row, facets[row.id]) for row in sorted(clips, key=lambda c: c.id)),
        ratings=tuple(convert.rating(row) for row in sorted(ratings, key=lambda r: r.id)),
        comments=tuple(convert.comment(row) for row in sorted(comments, key=lambda c: c.id)),
        profiles=profiles,
    )
