"""Deleting an attempt: rows and file gone, Undo puts both back, only the owner may delete."""

from __future__ import annotations

import pytest

from app.deletion.workflow import DeletionFailed, DeletionWorkflow
from app.paths import DataPaths
from practice_db.errors import NotFoundError, PermissionDeniedError, ValidationError
from practice_db.store import PracticeStore
from tests.support.deletion_world import World, build_world

pytestmark = pytest.mark.both_databases  # storage-heavy: on SQLite and on PostgreSQL


@pytest.fixture
def world(store: PracticeStore, data_paths: DataPaths) -> World:
    return build_world(store, data_paths)


def test_delete_attempt_removes_rows_and_file_and_undo_restores_both(
    store: PracticeStore, data_paths: DataPaths, world: World
) -> None:
    flow = DeletionWorkflow(data_paths, store)
    first = store.attempts.get(world.dana_attempts[0])
    wav = world.recording(data_paths, store, first.id)
    audio = wav.read_bytes()

    deleted = flow.delete_attempts([first.id], world.dana)

    assert deleted.what == "an attempt"
    assert not wav.exists()
    with pytest.raises(NotFoundError):
        store.attempts.get(first.id)
    assert store.attempts.by_uuid(first.uuid) is None
    assert store.ratings.for_attempt(first.id) == []
    assert [a.id for a in store.attempts.for_profile(world.dana)] == sorted(
        world.dana_attempts[1:], reverse=True
    )
    # The file waits in the private trash for Undo, not in recordings/.
    assert deleted.entry.folder.parent == data_paths.home / "trash"

    flow.undo_last()

    back = store.attempts.by_uuid(first.uuid)
    assert back is not None and back.recording_path == first.recording_path
    assert wav.read_bytes() == audio
    ratings = {r.rater_profile_id: r for r in store.ratings.for_attempt(back.id)}
    assert ratings[world.dana].note == "mine" and ratings[world.sam].corrective_point == "Slow down"
    assert [c.text for c in store.ratings.comments(back.id)] == ["Lovely pause here"]
    assert not deleted.entry.folder.exists()
    assert flow.undo_last() is None  # nothing more to undo


def test_undo_after_a_new_attempt_took_the_freed_id(
    store: PracticeStore, data_paths: DataPaths, world: World
) -> None:
    """SQLite hands the highest freed id to the next row: undo must not collide with it (nor,
    on PostgreSQL, with the sequence's next id)."""
    flow = DeletionWorkflow(data_paths, store)
    newest = world.lee_attempt
    lee_uuid = store.attempts.get(newest).uuid
    flow.delete_attempts([newest], world.lee)
    again = store.attempts.begin(world.lee, world.starter_clip, None, "recordings/x.wav")
    if store.engine.dialect.name == "sqlite":
        assert again.id == newest  # the freed id, reused
    else:
        assert again.id > newest  # a PostgreSQL sequence never hands an id out twice
    flow.undo_last()
    restored = store.attempts.by_uuid(lee_uuid)
    assert restored is not None and restored.id != again.id
    assert [c.text for c in store.ratings.comments(restored.id)] == ["Try naming it"]


def test_only_the_owner_deletes_an_attempt(store: PracticeStore, data_paths: DataPaths, world: World) -> None:
    flow = DeletionWorkflow(data_paths, store)
    wav = world.recording(data_paths, store, world.dana_attempts[0])
    with pytest.raises(PermissionDeniedError, match="Only the person who recorded"):
        flow.delete_attempts([world.dana_attempts[0]], world.sam)
    assert wav.exists() and store.attempts.get(world.dana_attempts[0]).status == "complete"
    assert not any((data_paths.home / "trash").glob("*/*"))


def test_emptying_the_trash_at_close_makes_the_deletion_final(
    store: PracticeStore, data_paths: DataPaths, world: World
) -> None:
    flow = DeletionWorkflow(data_paths, store)
    deleted = flow.delete_attempts(list(world.dana_attempts[:2]), world.dana)
    assert deleted.what == "2 attempts"
    flow.empty_trash()
    assert not deleted.entry.folder.exists()
    assert list((data_paths.home / "trash").iterdir()) == []
    assert flow.undo_last() is None


def test_undo_refuses_when_the_owner_is_gone_and_keeps_undo(
    store: PracticeStore, data_paths: DataPaths, world: World
) -> None:
    flow = DeletionWorkflow(data_paths, store)
    flow.delete_attempts([world.lee_attempt], world.lee)
    other = DeletionWorkflow(data_paths, store)  # as if deleted elsewhere: no shared undo stack
    other.delete_profile(world.lee, "lee")
    with pytest.raises(DeletionFailed, match="profile these attempts belonged to"):
        flow.undo_last()
    assert len(flow.undo_stack) == 1


def test_a_take_still_being_recorded_is_not_deleted(
    store: PracticeStore, data_paths: DataPaths, world: World
) -> None:
    live = store.attempts.begin(world.dana, world.own_clip, None, "recordings/live.wav")
    (data_paths.home / "recordings/live.wav.partial").write_bytes(b"RIFF")
    with pytest.raises(ValidationError, match="still being recorded"):
        DeletionWorkflow(data_paths, store).delete_attempts([live.id], world.dana)
    assert (data_paths.home / "recordings/live.wav.partial").exists()
    assert store.attempts.get(live.id).status == "recording"
