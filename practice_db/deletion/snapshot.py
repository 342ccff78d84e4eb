"""Rows to plain values and back: what undo puts back after a deletion."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from practice_db import models
from practice_db.deletion.records import DeletedRows, Row
from practice_db.errors import PermissionDeniedError

M = TypeVar("M", bound=models.Base)
log = logging.getLogger(__name__)


def dump(row: models.Base) -> Row:
    mapper = inspect(type(row))
    return {c.key: getattr(row, c.key) for c in mapper.column_attrs}


def _fresh(model: type[M], values: Row, **changes: object) -> M:
    """A new row with the old values; its id is assigned afresh (uuid kept)."""
    data = {k: v for k, v in values.items() if k != "id"}
    data.update(changes)
    return model(**data)


def restore(s: Session, rows: DeletedRows) -> dict[int, int]:
    """Insert the rows again in one session; returns old attempt id -> new attempt id."""
    clip_id: int | None = None
    if rows.clip is not None:
        clip = _fresh(models.Clip, rows.clip)
        s.add(clip)
        s.flush()
        clip_id = clip.id
        s.add_all(models.ClipFacet(clip_id=clip.id, facet=f) for f in rows.clip_facets)
    attempt_ids: dict[int, int] = {}
    for values in rows.attempts:
        changes: dict[str, object] = {} if clip_id is None else {"clip_id": clip_id}
        session_id = values.get("session_id")
        if session_id is not None and s.get(models.PracticeSession, session_id) is None:
            changes["session_id"] = None  # the session went meanwhile: the take stands alone
        attempt = _fresh(models.Attempt, values, **changes)
        s.add(attempt)
        s.flush()
        attempt_ids[int(values["id"])] = attempt.id
    # A rater or author who deleted their own profile meanwhile took their words with them.
    people = set(s.scalars(select(models.Profile.id)))
    owners = {int(a["id"]): int(a["profile_id"]) for a in rows.attempts}
    theirs: list[models.Base] = []
    for model, key, kept in (
        (models.Rating, "rater_profile_id", rows.ratings),
        (models.Comment, "author_profile_id", rows.comments),
    ):
        for values in (r for r in kept if r[key] in people):
            [row] = _rebased(model, [values], attempt_ids)
            if values[key] == owners.get(int(values["attempt_id"])):
                s.add(row)  # the person's own words
            else:
                theirs.append(row)
    s.flush()
    for row in theirs:
        _put_back_theirs(s, row)
    return attempt_ids


def _put_back_theirs(s: Session, row: models.Base) -> None:
    """A supervisor's rating or comment, each on its own savepoint: a clinic server lets a trainee
    delete their own attempt (its feedback goes with it) but not write a supervisor's rows, so
    Undo there brings back the attempt and their own words, and logs what it could not."""
    try:
        with s.begin_nested():
            s.add(row)
            s.flush()
    except PermissionDeniedError:
        log.warning("Undo could not put back another person's %s on the clinic's server", type(row).__name__)


def _rebased(model: type[M], rows: Iterable[Row], attempt_ids: dict[int, int]) -> list[M]:
    return [_fresh(model, r, attempt_id=attempt_ids[int(r["attempt_id"])]) for r in rows]
