"""Deleting a profile with everything it owns, only with its name typed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.deletion.workflow import DeletionFailed, DeletionWorkflow
from app.paths import DataPaths
from practice_db import models
from practice_db.store import PracticeStore
from tests.support.deletion_world import World, build_world


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
