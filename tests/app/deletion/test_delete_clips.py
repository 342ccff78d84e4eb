"""Deleting an own clip, both ways: with the person's attempts (rows and files gone, Undo puts all
back), or keeping them (the clip is hidden: out of the Library and sessions, still there for its
attempts). Starter clips are never deleted, only hidden."""

from __future__ import annotations

import pytest

from app.deletion.workflow import DeletionFailed, DeletionWorkflow
from app.paths import DataPaths
from practice_db.errors import NotFoundError
from practice_db.records import ClipFilter
from practice_db.store import PracticeStore
from tests.support.deletion_world import World, build_world

pytestmark = pytest.mark.both_databases  # storage-heavy: on SQLite and on PostgreSQL


@pytest.fixture
def world(store: PracticeStore, data_paths: DataPaths) -> World:
    return build_world(store, data_paths)


def test_delete_own_clip_with_its_attempts_and_undo(
    store: PracticeStore, data_paths: DataPaths, world: World
) -> None:
    flow = DeletionWorkflow(data_paths, store)
    clip = store.clips.get(world.own_clip)
    media = data_paths.home / clip.media_path
    takes = [world.recording(data_paths, store, a) for a in world.dana_attempts[:2]]
    usage = store.deletion.clip_usage(world.own_clip, world.dana)
    assert (usage.mine, usage.others, usage.starter) == (2, 0, False)

    deleted = flow.delete_clip(world.own_clip, world.dana)

    assert deleted.what == "the clip «My angry caller» and 2 attempts"
    with pytest.raises(NotFoundError):
        store.clips.get(world.own_clip)
    assert not media.exists() and not any(t.exists() for t in takes)
    assert [a.id for a in store.attempts.for_profile(world.dana)] == [world.dana_attempts[2]]

    flow.undo_last()

    back = store.clips.by_uuid(clip.uuid)
    assert back is not None and back.facets == clip.facets and back.criteria == clip.criteria
    assert media.exists() and all(t.exists() for t in takes)
    again = [a for a in store.attempts.for_profile(world.dana) if a.clip_id == back.id]
    assert len(again) == 2
    assert any(store.ratings.comments(a.id) for a in again)  # Sam's comment came back too


def test_keep_attempts_hides_the_clip(store: PracticeStore, data_paths: DataPaths, world: World) -> None:
    flow = DeletionWorkflow(data_paths, store)
    clip = store.clips.get(world.own_clip)
    flow.hide_clip(world.own_clip)
    assert world.own_clip not in [c.id for c in store.clips.list()]
    assert world.own_clip not in [c.id for c in store.clips.list(ClipFilter(presentation="hostile"))]
    assert store.next_exercise(world.dana, ClipFilter(), None) is None or (
        store.next_exercise(world.dana, ClipFilter(), None).id != world.own_clip  # type: ignore[union-attr]
    )
    # Its attempts, their recordings and the clip file all stay for review and history.
    assert len(store.attempts.for_clip(world.dana, world.own_clip)) == 2
    assert (data_paths.home / clip.media_path).exists()
    assert store.feedback.detail(world.dana_attempts[0], world.dana).clip.title == "My angry caller"
    flow.hide_clip(world.own_clip, hidden=False)
    assert world.own_clip in [c.id for c in store.clips.list()]
    assert store.clips.get(world.own_clip).source == "imported"


def test_starter_clip_cannot_be_deleted_but_can_be_hidden(
    store: PracticeStore, data_paths: DataPaths, world: World
) -> None:
    flow = DeletionWorkflow(data_paths, store)
    with pytest.raises(DeletionFailed, match="put back at every start"):
        flow.delete_clip(world.starter_clip, world.dana)
    assert store.clips.get(world.starter_clip)
    flow.hide_clip(world.starter_clip)
    assert world.starter_clip not in [c.id for c in store.clips.list()]


def test_a_clip_someone_else_practised_is_not_deleted(
    store: PracticeStore, data_paths: DataPaths, world: World
) -> None:
    flow = DeletionWorkflow(data_paths, store)
    lee_take = store.attempts.begin(world.lee, world.own_clip, None, "recordings/lee2.wav")
    with pytest.raises(DeletionFailed, match="theirs to keep"):
        flow.delete_clip(world.own_clip, world.dana)
    assert store.attempts.get(lee_take.id) and store.clips.get(world.own_clip)
    assert all(world.recording(data_paths, store, a).exists() for a in world.dana_attempts)


def test_a_hidden_clip_still_names_its_attempts(
    store: PracticeStore, data_paths: DataPaths, world: World
) -> None:
    """Lists that name the exercise of an attempt (sending for review, kept takes) still see it."""
    from app.bundles.workflow import BundleWorkflow

    DeletionWorkflow(data_paths, store).hide_clip(world.own_clip)
    sendable = BundleWorkflow(data_paths).sendable_attempts(store, world.dana)
    titles = {a.attempt_id: a.clip_title for a in sendable}
    assert titles[world.dana_attempts[0]] == "My angry caller"
    assert world.own_clip in [c.id for c in store.clips.list(include_hidden=True)]


def test_undo_shows_a_hidden_clip_again(store: PracticeStore, data_paths: DataPaths, world: World) -> None:
    flow = DeletionWorkflow(data_paths, store)
    flow.hide_clip(world.own_clip)
    undone = flow.undo_last()
    assert undone is not None and undone.what == "the clip «My angry caller»"
    assert world.own_clip in [c.id for c in store.clips.list()]
