"""Two profiles that are one person become one (real migrated SQLite): ratings, comments,
attempts and goals move, a double rating keeps the newer, the second id is linked, and refusals
(different roles, a password, rating each other) change nothing."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from practice_db.errors import ValidationError
from practice_db.progress.records import NewGoal, Period
from practice_db.records import NewClip, RatingInput, TakeFacts
from practice_db.store import PracticeStore
from tests.support.bundle_world import row_counts

LINKED = "33333333-3333-4333-8333-333333333333"


def _attempt(store: PracticeStore, profile: int, clip: int) -> int:
    attempt = store.attempts.begin(profile, clip, None, "recordings/x.wav")
    store.attempts.finish(attempt.id, TakeFacts("recordings/x.wav", 1000))
    return attempt.id


def test_dr_lee_and_dr_lee_2_become_one(store: PracticeStore) -> None:
    dana = store.profiles.create("Dana", "clinician").id
    lee = store.profiles.create("Dr Lee", "supervisor")
    lee2 = store.profiles.create("Dr Lee (2)", "supervisor")
    store.profiles.link(lee2.id, LINKED)
    clip = store.clips.add(NewClip("Clip", "hostile", 1, "clips/1.ogg", "hash1")).id
    first, second = _attempt(store, dana, clip), _attempt(store, dana, clip)
    store.ratings.save(first, lee.id, RatingInput(scores={"hope": 2}, corrective_point="older"))
    time.sleep(0.01)
    store.ratings.save(first, lee2.id, RatingInput(scores={"hope": 4}, corrective_point="newer"))
    store.ratings.save(second, lee2.id, RatingInput(scores={"hope": 3}, corrective_point="second"))
    store.ratings.add_comment(second, lee2.id, 100, "here")
    today = datetime.now(UTC).date()  # the Period below is in UTC (its default zone)
    store.goals.add(NewGoal(dana, lee2.id, "practice_frequency", {"sessions_per_week": 2}, today, today))

    merged = store.profiles.merge(lee.id, lee2.id)
    assert merged.name == "Dr Lee" and set(merged.aliases) == {lee2.uuid, LINKED}
    assert [p.name for p in store.profiles.list()] == ["Dana", "Dr Lee"]
    [kept] = store.ratings.for_attempt(first)
    assert kept.rater_profile_id == lee.id and kept.corrective_point == "newer"
    assert [r.rater_profile_id for r in store.ratings.for_attempt(second)] == [lee.id]
    assert [c.author_profile_id for c in store.ratings.comments(second)] == [lee.id]
    assert [g.set_by_profile_id for g in store.goals.for_profile(dana)] == [lee.id]
    period = Period(today - timedelta(days=1), today + timedelta(days=1))
    assert {n.author_name for n in store.progress.supervisor_notes(dana, period)} == {"Dr Lee"}
    for uuid in (lee2.uuid, LINKED):  # bundles naming the old ids find one person
        assert store.profiles.by_any_uuid(uuid) == merged


def test_refusals_change_nothing(store: PracticeStore) -> None:
    dana = store.profiles.create("Dana", "clinician")
    lee = store.profiles.create("Dr Lee", "supervisor")
    lee2 = store.profiles.create("Dr Lee (2)", "supervisor")
    sam = store.profiles.create("Sam", "supervisor")
    clip = store.clips.add(NewClip("Clip", "hostile", 1, "clips/1.ogg", "hash1")).id
    store.ratings.save(_attempt(store, sam.id, clip), lee.id, RatingInput(scores={"hope": 2}))
    store.profiles.set_password_hash(lee2.id, "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA")
    before = row_counts(store)
    for keep, gone, why in (
        (lee.id, dana.id, "two supervisor profiles"),
        (lee.id, lee2.id, "remove it first"),
        (sam.id, lee.id, "rated each other's attempts"),
        (lee.id, lee.id, "two different profiles"),
    ):
        with pytest.raises(ValidationError, match=why):
            store.profiles.merge(keep, gone)
    assert row_counts(store) == before
