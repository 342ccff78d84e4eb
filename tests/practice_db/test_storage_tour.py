"""Repository calls no other storage test reaches, on both databases: sessions ending, kept
takes to rate, a clip re-voiced or set aside for assessment, profiles found, renamed and
protected, sittings cut off by a crash, and exercises a supervisor asked to try again."""

from __future__ import annotations

import pytest

from practice_db.errors import DuplicateError, NotFoundError
from practice_db.records import NewClip, RatingInput, TakeFacts
from practice_db.store import PracticeStore
from tests.support.seeding import add_clip
from tests.support.taking_world import make_set

HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"


def test_sessions_end_once_and_recovered_takes_wait_to_be_rated(store: PracticeStore) -> None:
    dana = store.profiles.create("Dana", "clinician").id
    clip = add_clip(store, "clip", "hostile", 1)
    session = store.attempts.start_session(dana)
    ended = store.attempts.end_session(session.id)
    assert ended.ended_at is not None and store.attempts.end_session(session.id).ended_at == ended.ended_at
    with pytest.raises(NotFoundError):
        store.attempts.end_session(session.id + 1000)
    kept = []
    for name in ("a", "b", "c"):
        attempt = store.attempts.begin(dana, clip, None, f"recordings/{name}.wav")
        store.attempts.finish(attempt.id, TakeFacts(f"recordings/{name}.wav", 900, status="recovered"))
        kept.append(attempt.id)
    store.ratings.save(kept[1], dana, RatingInput(scores={"hope": 3}))
    assert [a.id for a in store.attempts.recovered_unrated(dana)] == [kept[2], kept[0]]  # newest first


def test_a_clip_gets_new_media_or_is_kept_for_assessment(store: PracticeStore) -> None:
    first = add_clip(store, "first", "hostile", 1)
    second = add_clip(store, "second", "withdrawn", 2)
    old = store.clips.replace_media(
        first, media_path="clips/new.ogg", content_hash="hash-new", duration_ms=1500
    )
    assert old == "clips/first.ogg"
    got = store.clips.get(first)
    assert (got.media_path, got.content_hash, got.duration_ms) == ("clips/new.ogg", "hash-new", 1500)
    with pytest.raises(DuplicateError, match="first"):
        store.clips.replace_media(second, media_path="x.ogg", content_hash="hash-new", duration_ms=None)
    assert store.clips.mark_assessment_only(second) is True
    assert store.clips.mark_assessment_only(second) is False  # already set aside
    assert [c.id for c in store.clips.list()] == [first]
    assert {c.id for c in store.clips.list(include_assessment=True)} == {first, second}


def test_profiles_are_found_renamed_and_protected(store: PracticeStore) -> None:
    dana = store.profiles.create("Dana Reyes", "clinician")
    store.profiles.create("Sam", "supervisor")
    found = store.profiles.named("  dana   REYES ")
    assert found is not None and found.id == dana.id
    assert store.profiles.named("Nobody") is None
    renamed = store.profiles.rename(dana.id, "Dana R.")
    assert renamed.name == "Dana R." and store.profiles.named("dana r.") == renamed
    assert store.profiles.password_hash(dana.id) is None
    store.profiles.set_password_hash(dana.id, HASH)
    assert store.profiles.password_hash(dana.id) == HASH
    with pytest.raises(DuplicateError):
        store.profiles.create("SAM", "clinician")


def test_sittings_cut_off_end_incomplete_with_their_takes(store: PracticeStore) -> None:
    me = store.profiles.create("Dana", "clinician").id
    clips = [add_clip(store, f"clip{i}", "hostile", 1 + i % 3) for i in range(3)]
    set_id = make_set(store, clips)
    set_uuid = store.assessment_sets.get(set_id).uuid
    by_uuid = store.assessment_sets.by_uuid(set_uuid)
    assert by_uuid is not None and by_uuid.id == set_id and store.assessment_sets.by_uuid("nope") is None
    sitting = store.assessment_sittings.start(me, set_id)
    takes = [store.assessment_sittings.begin_take(sitting.id, p, f"recordings/t{p}.wav") for p in (2, 0)]
    assert store.assessment_sets.sittings(set_id) == 1
    assert store.assessment_sittings.end_open_sittings() == 1  # the start-up after a crash
    assert store.assessment_sittings.end_open_sittings() == 0
    ended = store.assessment_sittings.get(sitting.id)
    assert ended.status == "incomplete" and ended.ended_at is not None
    assert [t.id for t in store.assessment_sittings.takes(sitting.id)] == [takes[1].id, takes[0].id]


def test_exercises_asked_again_come_first_until_tried(store: PracticeStore) -> None:
    dana = store.profiles.create("Dana", "clinician").id
    sam = store.profiles.create("Sam", "supervisor").id
    clips = [store.clips.add(NewClip(f"Clip {i}", "hostile", 1, f"c/{i}.ogg", f"h{i}")).id for i in range(3)]
    done = []
    for clip in clips:
        attempt = store.attempts.begin(dana, clip, None, "recordings/x.wav")
        store.attempts.finish(attempt.id, TakeFacts("recordings/x.wav", 1000))
        done.append(attempt.id)
    for attempt in (done[2], done[0]):
        store.ratings.save(attempt, sam, RatingInput(scores={"hope": 2}, ask_again=True))
    assert [c.id for c in store.asked_again(dana)] == [clips[0], clips[2]]  # by when the attempt was made
    again = store.attempts.begin(dana, clips[0], None, "recordings/y.wav")
    store.attempts.finish(again.id, TakeFacts("recordings/y.wav", 1000))
    assert [c.id for c in store.asked_again(dana)] == [clips[2]]
