"""A small assessment set built with the ORM, for the tests of taking the assessment (the built-in
set is installed by start-up elsewhere; these tests don't wait for it)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from practice_db import models
from practice_db.store import PracticeStore


def drop_builtin_sets(store: PracticeStore) -> None:
    """As on a computer whose built-in set isn't installed: the tests choose their own short set."""
    with Session(store.engine) as s, s.begin():
        builtin = [row.id for row in s.query(models.AssessmentSet).filter(models.AssessmentSet.builtin)]
        s.query(models.AssessmentSetClip).filter(models.AssessmentSetClip.set_id.in_(builtin)).delete()
        s.query(models.AssessmentSet).filter(models.AssessmentSet.id.in_(builtin)).delete()


def make_set(store: PracticeStore, clip_ids: Sequence[int], name: str = "Test set") -> int:
    drop_builtin_sets(store)
    with Session(store.engine) as s, s.begin():
        row = models.AssessmentSet(name=name, builtin=False)
        s.add(row)
        s.flush()
        for position, clip_id in enumerate(clip_ids):
            s.add(models.AssessmentSetClip(set_id=row.id, position=position, clip_id=clip_id))
        return row.id


def shortest_clips(store: PracticeStore, count: int) -> list[int]:
    """The `count` shortest clips with audio (fast tests), in library order."""
    clips = [c for c in store.clips.list() if c.media_path]
    chosen = sorted(clips, key=lambda c: (c.duration_ms or 10**9, c.id))[:count]
    return [c.id for c in sorted(chosen, key=lambda c: c.id)]
