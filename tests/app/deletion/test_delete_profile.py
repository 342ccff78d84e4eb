"""Deleting a profile with everything it owns, only with its name typed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.deletion.workflow import DeletionFailed, DeletionWorkflow
from app.paths import DataPaths
from practice_db import models
from practice_db.records import TakeFacts
from practice_db.store import PracticeStore
from tests.support.deletion_world import World, build_world

pytestmark = pytest.mark.both_databases  # storage-heavy: on SQLite and on PostgreSQL


@pytest.fixture
def world(store: PracticeStore, data_paths: DataPaths) -> World:
    return build_world(store, data_paths)


def count(store: PracticeStore, model: type[models.Base], *where: object) -> int:
    with store.engine.connect() as conn:
        query = select(func.count()).select_from(model)
        for condition in where:
            query = query.where(condition)  # type: ignore[arg-type]
        return int(conn.scalar(query) or 0)


def test_wrong_name_deletes_nothing(store: PracticeStore, data_paths: DataPaths, world: World) -> None:
    flow = DeletionWorkflow(data_paths, store)
    with pytest.raises(DeletionFailed, match="Type the name “Dana Reyes” exactly"):
        flow.delete_profile(world.dana, "Dana")
    assert store.profiles.get(world.dana).name == "Dana Reyes"
    assert all(world.recording(data_paths, store, a).exists() for a in world.dana_attempts)


def test_clinician_profile_goes_with_everything_it_owns(
    store: PracticeStore, data_paths: DataPaths, world: World
) -> None:
    takes = [world.recording(data_paths, store, a) for a in world.dana_attempts]
    footprint = store.deletion.footprint(world.dana)
    assert (footprint.attempts, footprint.goals, footprint.sessions, len(footprint.recordings)) == (
        3,
        1,
        1,
        3,
    )

    DeletionWorkflow(data_paths, store).delete_profile(world.dana, "  dana   REYES ")

    assert [p.name for p in store.profiles.list()] == ["Lee", "Sam"]
    assert not any(t.exists() for t in takes)
    assert count(store, models.Attempt, models.Attempt.profile_id == world.dana) == 0
    # Sam's rating and comment on Dana's attempt went with it; Sam's on Lee's stay.
    assert count(store, models.Rating) == 1 and count(store, models.Comment) == 1
    assert count(store, models.Goal) == 1 and count(store, models.PracticeSession) == 0
    assert list((data_paths.home / "trash").iterdir()) == []  # final: nothing waits for undo
    assert (
        store.attempts.get(world.lee_attempt)
        and world.recording(data_paths, store, world.lee_attempt).exists()
    )


def test_supervisor_profile_removes_the_ratings_it_gave(
    store: PracticeStore, data_paths: DataPaths, world: World
) -> None:
    footprint = store.deletion.footprint(world.sam)
    assert footprint.is_supervisor
    assert (
        footprint.ratings_given_to_others,
        footprint.comments_on_others,
        footprint.goals_set_for_others,
    ) == (2, 2, 2)
    DeletionWorkflow(data_paths, store).delete_profile(world.sam, "Sam")
    assert count(store, models.Rating, models.Rating.rater_role == "supervisor") == 0
    assert count(store, models.Comment) == 0
    # Goals Sam set stay with their owners, no longer naming who set them.
    assert count(store, models.Goal) == 2
    assert count(store, models.Goal, models.Goal.set_by_profile_id.is_not(None)) == 0
    assert store.ratings.for_attempt(world.dana_attempts[0])[0].note == "mine"  # Dana's own rating stays


def test_a_profile_goes_with_its_assessment_sittings_recordings_and_blind_ratings(
    store: PracticeStore, data_paths: DataPaths, world: World
) -> None:
    """The FIS assessment is the person's work too: deleting them removes their sittings, the
    voice recordings of their takes and every rating of them; a set they built stays, unnamed."""
    with Session(store.engine) as s, s.begin():  # a set Dana built (the world has two clips)
        own_set = models.AssessmentSet(name="Dana's set", created_by_profile_id=world.dana)
        s.add(own_set)
        s.flush()
        s.add(models.AssessmentSetClip(set_id=own_set.id, position=0, clip_id=store.clips.list()[0].id))
        set_id = own_set.id
    sitting = store.assessment_sittings.start(world.dana, set_id, "baseline")
    take_file = data_paths.home / "recordings" / "assessment-take.wav"
    take_file.write_bytes(b"RIFF....WAVE")
    take = store.assessment_sittings.begin_take(sitting.id, 0, "recordings/assessment-take.wav")
    store.assessment_sittings.finish_take(take.id, TakeFacts("recordings/assessment-take.wav", 3000))
    store.assessment_sittings.end(sitting.id, "complete")
    store.assessment_ratings.save_blind(take.id, world.sam, {"empathy": 4})
    footprint = store.deletion.footprint(world.dana)
    assert (footprint.assessments, footprint.assessment_recordings) == (
        1,
        ("recordings/assessment-take.wav",),
    )

    DeletionWorkflow(data_paths, store).delete_profile(world.dana, "Dana Reyes")

    assert not take_file.exists()  # the voice is gone from disk, not only from the database
    assert count(store, models.Assessment) == count(store, models.AssessmentTake) == 0
    assert count(store, models.AssessmentRating) == 0
    with store.engine.connect() as conn:
        kept = conn.execute(
            select(models.AssessmentSet.name, models.AssessmentSet.created_by_profile_id)
        ).all()
    assert [tuple(row) for row in kept if row[0] == "Dana's set"] == [("Dana's set", None)]
