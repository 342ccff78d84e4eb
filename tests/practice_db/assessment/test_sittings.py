"""Sittings of the assessment in a real migrated SQLite file: occasion, takes written before
recording, finishing with timings, ending complete or incomplete, the self-rating afterwards."""

from __future__ import annotations

import pytest

from practice_db.errors import PermissionDeniedError, ValidationError
from practice_db.records import TakeFacts
from practice_db.store import PracticeStore
from tests.support.seeding import add_clip
from tests.support.taking_world import make_set


def three_clip_set(store: PracticeStore) -> tuple[int, list[int]]:
    clips = [add_clip(store, f"clip{i}", "hostile", 1 + i) for i in range(3)]
    return make_set(store, clips), clips


def test_a_sitting_from_start_to_complete(store: PracticeStore) -> None:
    me = store.profiles.create("Dana", "clinician")
    set_id, clips = three_clip_set(store)
    assert [s.id for s in store.assessment_sittings.sets()] == [set_id]
    assert store.assessment_sittings.set_of(set_id).clip_ids == tuple(clips)
    first = store.assessment_sittings.start(me.id, set_id)
    assert first.occasion == "baseline" and first.status == "in_progress"
    take = store.assessment_sittings.begin_take(first.id, 1, "recordings/t1.wav", "t1")
    # The row exists before recording, so recovery can find it.
    assert take.status == "recording" and take.clip_id == clips[1] and take.uuid == "t1"
    assert [t.id for t in store.assessment_sittings.unfinished_takes()] == [take.id]
    assert store.assessment_sittings.take_by_uuid("t1") == take
    done = store.assessment_sittings.finish_take(
        take.id,
        TakeFacts(
            "recordings/t1.wav",
            4200,
            response_latency_ms=800,
            speaking_ms=3000,
            pause_count=1,
            pause_total_ms=400,
        ),
    )
    assert (done.status, done.duration_ms, done.response_latency_ms, done.speaking_ms) == (
        "complete",
        4200,
        800,
        3000,
    )
    assert done.ended_at is not None and store.assessment_sittings.unfinished_takes() == []
    ended = store.assessment_sittings.end(first.id, "complete")
    assert ended.status == "complete" and ended.ended_at is not None
    # An ended sitting takes no more takes; the next one is a follow-up by default.
    with pytest.raises(ValidationError):
        store.assessment_sittings.begin_take(first.id, 2, "recordings/t2.wav")
    second = store.assessment_sittings.start(me.id, set_id)
    assert second.occasion == "follow_up"
    sittings = store.assessment_sittings.for_profile(me.id)
    assert [s.assessment.id for s in sittings] == [first.id, second.id]
    assert [t.position for t in sittings[0].takes] == [1] and sittings[1].takes == ()


def test_incomplete_sittings_keep_baseline_as_the_default(store: PracticeStore) -> None:
    me = store.profiles.create("Dana", "clinician")
    set_id, _ = three_clip_set(store)
    stopped = store.assessment_sittings.start(me.id, set_id)
    take = store.assessment_sittings.begin_take(stopped.id, 0, "recordings/a.wav")
    store.assessment_sittings.set_take_status(take.id, "no_reply")
    assert store.assessment_sittings.end(stopped.id, "incomplete").status == "incomplete"
    assert store.assessment_sittings.default_occasion(me.id) == "baseline"
    chosen = store.assessment_sittings.start(me.id, set_id, "follow_up")
    assert chosen.occasion == "follow_up"
    with pytest.raises(ValidationError):
        store.assessment_sittings.start(me.id, set_id, "someday")
    with pytest.raises(ValidationError):
        store.assessment_sittings.end(stopped.id, "in_progress")
    with pytest.raises(ValidationError):
        store.assessment_sittings.set_take_status(take.id, "discarded")


def test_self_rating_only_afterwards_and_only_by_the_clinician(store: PracticeStore) -> None:
    me = store.profiles.create("Dana", "clinician")
    other = store.profiles.create("Sam", "supervisor")
    set_id, _ = three_clip_set(store)
    sitting = store.assessment_sittings.start(me.id, set_id)
    take = store.assessment_sittings.begin_take(sitting.id, 0, "recordings/a.wav")
    with pytest.raises(ValidationError):  # no self-rating during the set
        store.assessment_sittings.save_self_rating(take.id, me.id, {"empathy": 4})
    store.assessment_sittings.end(sitting.id, "complete")
    with pytest.raises(PermissionDeniedError):
        store.assessment_sittings.save_self_rating(take.id, other.id, {"empathy": 4})
    with pytest.raises(ValidationError):
        store.assessment_sittings.save_self_rating(take.id, me.id, {"empathy": 6})
    store.assessment_sittings.save_self_rating(take.id, me.id, {"empathy": 4})
    saved = store.assessment_sittings.save_self_rating(take.id, me.id, {"warmth": 2})
    assert saved.rater_role == "self" and saved.scores["empathy"] == 4 and saved.scores["warmth"] == 2
    assert [r.id for r in store.assessment_sittings.self_ratings(sitting.id, me.id)] == [saved.id]
