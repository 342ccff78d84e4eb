"""After a load run: is every write a client logged in the database, with the logged values?

A rating may be logged several times (its rater edited it); its last logged values must be what
the database holds. Only its rater's own process ever writes a rating, so "last in that client's
log" is the truth.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select

from practice_db import models
from practice_db.vocabulary import FACET_KEYS


@dataclass(frozen=True)
class Tally:
    attempts: int
    ratings: int
    comments: int


def tally(engine: Engine) -> Tally:
    with engine.connect() as conn:
        return Tally(
            *(
                int(conn.scalar(select(func.count()).select_from(t)) or 0)
                for t in (models.Attempt, models.Rating, models.Comment)
            )
        )


def _chunks(items: list[str], n: int = 500) -> Iterable[list[str]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def lost_writes(engine: Engine, entries: list[dict[str, Any]]) -> list[str]:
    """One line per logged write missing from the database or holding other values."""
    attempts = {e["uuid"]: e for e in entries if e["kind"] == "attempt"}
    ratings = {e["uuid"]: e for e in entries if e["kind"] == "rating"}  # the last edit wins
    comments = {e["uuid"]: e for e in entries if e["kind"] == "comment"}
    problems: list[str] = []
    a, r, c = models.Attempt, models.Rating, models.Comment
    with engine.connect() as conn:
        uuid_of = {}
        for part in _chunks(list(attempts)):
            for row in conn.execute(
                select(a.id, a.uuid, a.profile_id, a.clip_id, a.status, a.duration_ms, a.speaking_ms).where(
                    a.uuid.in_(part)
                )
            ):
                got = {
                    "profile_id": row.profile_id,
                    "clip_id": row.clip_id,
                    "status": row.status,
                    "duration_ms": row.duration_ms,
                    "speaking_ms": row.speaking_ms,
                }
                want = {k: attempts[row.uuid][k] for k in got}
                if got != want:
                    problems.append(f"attempt {row.uuid}: logged {want}, stored {got}")
                uuid_of[row.id] = row.uuid
        problems += [f"attempt {u} lost" for u in attempts if u not in set(uuid_of.values())]
        attempt_uuids = {row.id: row.uuid for row in conn.execute(select(a.id, a.uuid))}

        seen = set()
        for part in _chunks(list(ratings)):
            for rrow in conn.execute(select(r).where(r.uuid.in_(part))):
                seen.add(rrow.uuid)
                got = {
                    "attempt_uuid": attempt_uuids.get(rrow.attempt_id),
                    "rater_profile_id": rrow.rater_profile_id,
                    "rater_role": rrow.rater_role,
                    "scores": {k: getattr(rrow, k) for k in FACET_KEYS},
                    "reaction": rrow.reaction,
                    "note": rrow.note,
                    "corrective_point": rrow.corrective_point,
                    "ask_again": bool(rrow.ask_again),
                }
                want = {k: ratings[rrow.uuid][k] for k in got}
                if got != want:
                    problems.append(f"rating {rrow.uuid}: logged {want}, stored {got}")
        problems += [f"rating {u} lost" for u in ratings if u not in seen]

        seen = set()
        for part in _chunks(list(comments)):
            for crow in conn.execute(
                select(c.uuid, c.attempt_id, c.author_profile_id, c.offset_ms, c.text).where(c.uuid.in_(part))
            ):
                seen.add(crow.uuid)
                got = {
                    "attempt_uuid": attempt_uuids.get(crow.attempt_id),
                    "author_profile_id": crow.author_profile_id,
                    "offset_ms": crow.offset_ms,
                    "text": crow.text,
                }
                want = {k: comments[crow.uuid][k] for k in got}
                if got != want:
                    problems.append(f"comment {crow.uuid}: logged {want}, stored {got}")
        problems += [f"comment {u} lost" for u in comments if u not in seen]
    return problems
