"""A small assessment world for blind-rating tests, built with the ORM models: a set of clips,
clinicians' sittings (baseline and follow-up on known dates) with one take per clip, and raters."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from practice_db import models
from practice_db.store import PracticeStore

BASELINE_AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
FOLLOW_UP_AT = datetime(2026, 6, 15, 14, 0, tzinfo=UTC)


@dataclass
class World:
    set_id: int
    clip_ids: list[int]
    clinicians: dict[str, int]  # name -> profile id
    raters: dict[str, int]
    assessments: dict[tuple[str, str], int] = field(default_factory=dict)  # (name, occasion) -> id
    takes: dict[int, list[int]] = field(default_factory=dict)  # assessment id -> take ids


def build_world(
    store: PracticeStore,
    clinicians: tuple[str, ...] = ("Ana Clinician", "Ben Clinician"),
    raters: tuple[str, ...] = ("Rae Rater", "Sol Rater"),
    clips: int = 2,
    occasions: tuple[str, ...] = ("baseline", "follow_up"),
    recording: str = "recordings/assessment/take-{n}.wav",
) -> World:
    with Session(store.engine) as s, s.begin():
        clip_rows = [
            models.Clip(
                title=f"Assessment clip {i + 1}",
                presentation="hostile",
                difficulty=2,
                statement=f"Client words number {i + 1}.",
                media_path=f"clips/assessment-{i + 1}.ogg",
                content_hash=f"assessment-hash-{i}",
                assessment_only=True,
            )
            for i in range(clips)
        ]
        s.add_all(clip_rows)
        aset = models.AssessmentSet(name="FIS assessment set", builtin=True)
        s.add(aset)
        s.flush()
        for position, clip in enumerate(clip_rows, start=1):
            s.add(models.AssessmentSetClip(set_id=aset.id, position=position, clip_id=clip.id))
        people = {n: models.Profile(name=n, role="clinician") for n in clinicians}
        judges = {n: models.Profile(name=n, role="supervisor") for n in raters}
        s.add_all([*people.values(), *judges.values()])
        s.flush()
        world = World(
            aset.id,
            [c.id for c in clip_rows],
            {n: p.id for n, p in people.items()},
            {n: p.id for n, p in judges.items()},
        )
        counter = 0
        for name, person in people.items():
            for occasion in occasions:
                at = BASELINE_AT if occasion == "baseline" else FOLLOW_UP_AT
                sitting = models.Assessment(
                    profile_id=person.id,
                    set_id=aset.id,
                    occasion=occasion,
                    status="complete",
                    started_at=at,
                    ended_at=at + timedelta(minutes=20),
                )
                s.add(sitting)
                s.flush()
                world.assessments[(name, occasion)] = sitting.id
                ids = []
                for position, clip in enumerate(clip_rows, start=1):
                    counter += 1
                    take = models.AssessmentTake(
                        assessment_id=sitting.id,
                        clip_id=clip.id,
                        position=position,
                        recording_path=recording.format(n=counter),
                        started_at=at + timedelta(minutes=position),
                        ended_at=at + timedelta(minutes=position, seconds=40),
                        duration_ms=2000,
                        status="complete",
                    )
                    s.add(take)
                    s.flush()
                    ids.append(take.id)
                world.takes[sitting.id] = ids
    return world
