"""A small hand-worked assessment world, written with the ORM models directly.

Sam (clinician) sat the same three-clip set twice; two raters rated every take blind; a third
rater left one partial rating (seven facets); Sam rated themselves 5 throughout.

Rater totals per clip (A, B, C), every facet the same except where noted:
  baseline   rater 1: 2 3 4 (hope one higher, empathy one lower)   rater 2: 3 5 4
  follow-up  rater 1: 3 4 5                                         rater 2: 4 5 5
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from practice_db import models
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS

BASELINE = {"r1": (2, 3, 4), "r2": (3, 5, 4)}
FOLLOW_UP = {"r1": (3, 4, 5), "r2": (4, 5, 5)}


@dataclass(frozen=True)
class World:
    sam: int
    supervisor: int
    baseline: int
    follow_up: int


def scores(value: int, hope: int = 0, empathy: int = 0) -> dict[str, int | None]:
    out: dict[str, int | None] = dict.fromkeys(FACET_KEYS, value)
    out["hope"], out["empathy"] = value + hope, value + empathy
    return out


def build(store: PracticeStore, name: str = "Sam") -> World:
    with Session(store.engine, expire_on_commit=False) as s:
        people = {
            key: models.Profile(name=n, role=role)
            for key, n, role in (
                ("sam", name, "clinician"),
                ("r1", f"Rater one for {name}", "supervisor"),
                ("r2", f"Rater two for {name}", "supervisor"),
                ("r3", f"Rater three for {name}", "supervisor"),
            )
        }
        s.add_all(people.values())
        clips = [
            models.Clip(
                title=f"{name} clip {c}",
                presentation="hostile",
                difficulty=2,
                media_path=f"clips/{name}-{c}.ogg",
                content_hash=f"{name}-{c}",
                assessment_only=True,
            )
            for c in "ABC"
        ]
        s.add_all(clips)
        s.flush()
        aset = models.AssessmentSet(name=f"{name}'s set", builtin=False)
        s.add(aset)
        s.flush()
        s.add_all(
            models.AssessmentSetClip(set_id=aset.id, position=i, clip_id=c.id) for i, c in enumerate(clips)
        )
        sittings = {}
        for occasion, day, table in (("baseline", 1, BASELINE), ("follow_up", 20, FOLLOW_UP)):
            a = models.Assessment(
                profile_id=people["sam"].id,
                set_id=aset.id,
                occasion=occasion,
                status="complete",
                started_at=datetime(2026, 3, day, 10, tzinfo=UTC),
            )
            s.add(a)
            s.flush()
            sittings[occasion] = a.id
            for i, clip in enumerate(clips):
                take = models.AssessmentTake(
                    assessment_id=a.id, clip_id=clip.id, position=i, status="complete"
                )
                s.add(take)
                s.flush()
                for rater, values in table.items():
                    bump = (1, -1) if occasion == "baseline" and rater == "r1" else (0, 0)
                    add_rating(s, take.id, people[rater].id, "rater", scores(values[i], *bump))
                add_rating(s, take.id, people["sam"].id, "self", scores(5))
                if occasion == "baseline" and i == 0:  # seven facets only: never counted
                    partial = scores(1)
                    partial["rupture_repair"] = None
                    add_rating(s, take.id, people["r3"].id, "rater", partial)
        # a sitting still being taken has no results yet
        s.add(models.Assessment(profile_id=people["sam"].id, set_id=aset.id, occasion="follow_up"))
        s.commit()
        return World(people["sam"].id, people["r1"].id, sittings["baseline"], sittings["follow_up"])


def add_rating(s: Session, take_id: int, rater_id: int, role: str, values: dict[str, int | None]) -> None:
    s.add(models.AssessmentRating(take_id=take_id, rater_profile_id=rater_id, rater_role=role, **values))
