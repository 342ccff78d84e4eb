"""Assessment rows for the bundle tests, made with the ORM models (sets, sittings, takes, ratings)."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from uuid import uuid4

from sqlalchemy import select
from sqlalchemy.orm import Session

from practice_db import models
from practice_db.records import NewClip
from practice_db.timeutil import utcnow
from tests.support.bundle_world import World, write_take

BUILTIN_SIZE = 8


def builtin_set(world: World) -> int:
    """The built-in set as each computer installs it: the same starter clips, its own set id here,
    marked assessment-only (kept out of practice)."""
    clips = world.store.clips.list(sort="title")[-BUILTIN_SIZE:]
    with Session(world.store.engine) as s, s.begin():
        row = models.AssessmentSet(name="Built-in FIS set", builtin=True)
        s.add(row)
        s.flush()
        for position, clip in enumerate(clips, start=1):
            s.add(models.AssessmentSetClip(set_id=row.id, position=position, clip_id=clip.id))
            s.get_one(models.Clip, clip.id).assessment_only = True
        return row.id


def own_set(world: World) -> int:
    """A programme's own set of two clips only this computer has (with media files)."""
    ids = []
    for i in range(2):
        source = world.paths.home / f"set-source-{i}.wav"
        write_take(source, seconds=0.2, seed=20 + i)
        data = source.read_bytes()
        source.unlink()
        digest = hashlib.sha256(data).hexdigest()
        (world.paths.clips / f"{digest}.wav").write_bytes(data)
        clip = NewClip(
            title=f"Programme clip {i + 1}",
            presentation="hostile",
            difficulty=3,
            media_path=f"clips/{digest}.wav",
            content_hash=digest,
            statement="You people never listen.",
            facets=("empathy",),
        )
        ids.append(world.store.clips.add(clip).id)
    with Session(world.store.engine) as s, s.begin():
        row = models.AssessmentSet(name="Our programme's set", builtin=False)
        s.add(row)
        s.flush()
        for position, clip_id in enumerate(ids, start=1):
            s.add(models.AssessmentSetClip(set_id=row.id, position=position, clip_id=clip_id))
            s.get_one(models.Clip, clip_id).assessment_only = True
        return row.id


def sit(
    world: World, profile_id: int, set_id: int, occasion: str, status: str, takes: int | None = None
) -> list[int]:
    """A sitting with one recorded take per clip (the first `takes` of them); the last clip's
    take is a 'no reply' without a recording when the sitting is complete. Returns take ids."""
    start = utcnow() - timedelta(days=30 if occasion == "baseline" else 1)
    with Session(world.store.engine) as s, s.begin():
        sc = models.AssessmentSetClip
        places = list(s.scalars(select(sc).where(sc.set_id == set_id).order_by(sc.position)))
        sitting = models.Assessment(
            profile_id=profile_id,
            set_id=set_id,
            occasion=occasion,
            status=status,
            started_at=start,
            ended_at=start + timedelta(minutes=20),
        )
        s.add(sitting)
        s.flush()
        rows = []
        for i, place in enumerate(places[:takes]):
            take = models.AssessmentTake(
                uuid=str(uuid4()),
                assessment_id=sitting.id,
                clip_id=place.clip_id,
                position=place.position,
                started_at=start + timedelta(minutes=i),
                ended_at=start + timedelta(minutes=i, seconds=40),
            )
            if status == "complete" and i == len(places) - 1:
                take.status = "no_reply"
            else:
                relative = f"recordings/{take.uuid}.wav"
                write_take(world.paths.home / relative, seed=30 + i)
                take.recording_path, take.status = relative, "complete"
                take.duration_ms, take.response_latency_ms, take.pause_count = 300, 600, 1
            s.add(take)
            rows.append(take)
        s.flush()
        return [t.id for t in rows]


def rate(world: World, take_id: int, rater_id: int, role: str, score: int) -> None:
    with Session(world.store.engine) as s, s.begin():
        r = models.AssessmentRating
        row = s.scalar(select(r).where(r.take_id == take_id, r.rater_profile_id == rater_id))
        if row is None:
            row = r(take_id=take_id, rater_profile_id=rater_id, rater_role=role)
            s.add(row)
        for key in ("empathy", "warmth", "hope"):
            setattr(row, key, score)
        row.updated_at = utcnow()


def ratings(world: World, role: str) -> dict[str, tuple[str, int | None, int | None]]:
    """take uuid -> (rater uuid, empathy, warmth) for every rating in that role."""
    with Session(world.store.engine) as s:
        r, t, p = models.AssessmentRating, models.AssessmentTake, models.Profile
        rows = s.execute(
            select(t.uuid, p.uuid, r.empathy, r.warmth)
            .join(r, r.take_id == t.id)
            .join(p, p.id == r.rater_profile_id)
            .where(r.rater_role == role)
        )
        return {take: (rater, empathy, warmth) for take, rater, empathy, warmth in rows}


def sittings(world: World) -> list[tuple[str, str, str, int]]:
    """(uuid, occasion, status, takes) of every sitting, sorted."""
    with Session(world.store.engine) as s:
        a = models.Assessment
        found = []
        for row in s.scalars(select(a)):
            n = len(
                list(
                    s.scalars(
                        select(models.AssessmentTake.id).where(models.AssessmentTake.assessment_id == row.id)
                    )
                )
            )
            found.append((row.uuid, row.occasion, row.status, n))
        return sorted(found)


def takes_of(world: World) -> dict[str, tuple[str, int, str | None]]:
    """take uuid -> (status, position, recording path)."""
    with Session(world.store.engine) as s:
        t = models.AssessmentTake
        return {row.uuid: (row.status, row.position, row.recording_path) for row in s.scalars(select(t))}
