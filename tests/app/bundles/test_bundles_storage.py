"""The storage side of remote supervision: the review queue and all-or-nothing imports."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import timedelta

import pytest

from practice_db.errors import PermissionDeniedError, ValidationError
from practice_db.records import NewClip, RatingInput, TakeFacts
from practice_db.store import PracticeStore
from practice_db.timeutil import utcnow
from practice_db.transfer.records import AttemptIn, ClipIn, FeedbackImport, ProfileIn, RatingIn, ReviewImport
from tests.support.bundle_world import row_counts

pytestmark = pytest.mark.both_databases  # storage-heavy: on SQLite and on PostgreSQL


def _clip(store: PracticeStore, n: int) -> int:
    return store.clips.add(NewClip(f"Clip {n}", "hostile", 1, f"clips/{n}.ogg", f"hash{n}")).id


def _done(store: PracticeStore, profile: int, clip: int, status: str = "complete") -> int:
    attempt = store.attempts.begin(profile, clip, None, "recordings/x.wav")
    store.attempts.finish(attempt.id, TakeFacts("recordings/x.wav", 1000, status=status))
    return attempt.id


def test_review_queue_lists_finished_unreviewed_attempts_newest_first(store: PracticeStore) -> None:
    dana = store.profiles.create("Dana", "clinician").id
    lee = store.profiles.create("Lee", "clinician").id
    sup = store.profiles.create("Sup", "supervisor").id
    c1, c2 = _clip(store, 1), _clip(store, 2)
    first = _done(store, dana, c1)
    rated_by_self = _done(store, dana, c2, status="recovered")
    reviewed = _done(store, lee, c1)
    _done(store, lee, c2, status="discarded")
    store.attempts.begin(dana, c1, None, "recordings/y.wav")  # still recording
    store.ratings.save(rated_by_self, dana, RatingInput(scores={"hope": 2}))
    store.ratings.save(reviewed, sup, RatingInput(scores={"hope": 4}))
    queue = store.transfer.awaiting_review()
    assert [q.attempt_id for q in queue] == [rated_by_self, first]
    assert (queue[0].trainee_name, queue[0].clip_title, queue[0].status) == ("Dana", "Clip 2", "recovered")
    with pytest.raises(dataclasses.FrozenInstanceError):
        queue[0].trainee_name = "x"  # type: ignore[misc]
    assert [q.attempt_id for q in store.transfer.awaiting_review(clip_id=c1)] == [first]
    assert store.transfer.awaiting_review(trainee_id=lee) == []
    assert [a.id for a in store.transfer.unreviewed_since(dana, utcnow() - timedelta(minutes=5))] == [
        rated_by_self,
        first,
    ]
    assert store.transfer.unreviewed_since(dana, utcnow() + timedelta(minutes=5)) == []


def _review(trainee: ProfileIn, clip_uuid: str, attempt_clip_uuid: str) -> ReviewImport:
    now = utcnow()
    clip = ClipIn(clip_uuid, "h-" + clip_uuid[:8], "Shared clip", "withdrawn", 2, "Well?", media_path="")
    attempts = tuple(
        AttemptIn(str(uuid.uuid4()), c, now, now, f"recordings/{i}.wav", "complete")
        for i, c in enumerate((clip_uuid, attempt_clip_uuid))
    )
    return ReviewImport(trainee, (clip,), attempts)


def test_review_import_is_all_or_nothing(store: PracticeStore) -> None:
    before = row_counts(store)
    clip_uuid = str(uuid.uuid4())
    broken = _review(ProfileIn(str(uuid.uuid4()), "Alex"), clip_uuid, str(uuid.uuid4()))
    with pytest.raises(ValidationError, match="exercise it does not include"):
        store.transfer.import_review(broken)
    assert row_counts(store) == before  # not even the profile or the clip


def test_name_clashes_get_a_number_and_same_uuid_is_matched(store: PracticeStore) -> None:
    store.profiles.create("Alex", "clinician")
    store.profiles.create("alex (2)", "clinician")
    incoming = ProfileIn(str(uuid.uuid4()), "Alex")
    clip_uuid = str(uuid.uuid4())
    out = store.transfer.import_review(_review(incoming, clip_uuid, clip_uuid))
    assert out.profile_created and out.profile_name == "Alex (3)" and out.attempts_added == 2
    assert store.clips.by_uuid(clip_uuid) is not None and store.clips.by_uuid(clip_uuid).media_path == ""  # type: ignore[union-attr]
    again = store.transfer.import_review(_review(incoming, clip_uuid, clip_uuid))
    assert not again.profile_created and again.profile_id == out.profile_id and again.clips_matched == 1


def test_feedback_from_a_profile_that_is_not_a_supervisor_is_refused(store: PracticeStore) -> None:
    dana = store.profiles.create("Dana", "clinician")
    pat = store.profiles.create("Pat", "clinician")
    attempt = store.attempts.get(_done(store, dana.id, _clip(store, 1)))
    now = utcnow()
    rating = RatingIn(str(uuid.uuid4()), attempt.uuid, pat.uuid, "supervisor", now, now, scores={"hope": 5})
    before = row_counts(store)
    with pytest.raises(PermissionDeniedError, match="not a supervisor"):
        store.transfer.import_feedback(FeedbackImport(ProfileIn(pat.uuid, "Pat"), dana.uuid, (rating,), ()))
    assert row_counts(store) == before
