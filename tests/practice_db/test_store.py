"""The storage API on a real migrated SQLite file: records out, rules enforced."""

from __future__ import annotations

import pytest

from practice_db.errors import DuplicateError, PermissionDeniedError, ValidationError
from practice_db.records import ClipFilter, NewClip, RatingInput, TakeFacts
from practice_db.scoring import overall_score
from practice_db.store import PracticeStore


def _clip(store: PracticeStore, n: int, **kw: object) -> int:
    data = dict(
        title=f"Clip {n}",
        presentation="hostile",
        difficulty=1,
        media_path=f"clips/{n}.ogg",
        content_hash=f"hash{n}",
        statement=f"statement {n}",
        facets=("empathy",),
    )
    data.update(kw)
    return store.clips.add(NewClip(**data)).id  # type: ignore[arg-type]


def test_profiles_are_unique_by_name_ignoring_case(store: PracticeStore) -> None:
    p = store.profiles.create("  Dana   Lee ", "clinician")
    assert p.name == "Dana Lee" and p.role == "clinician" and not p.is_supervisor
    with pytest.raises(DuplicateError):
        store.profiles.create("dana lee", "supervisor")
    with pytest.raises(ValidationError):
        store.profiles.create("   ", "clinician")
    with pytest.raises(ValidationError):
        store.profiles.create("X", "admin")


def test_clip_filters_and_sorts_use_allow_lists(store: PracticeStore) -> None:
    me = store.profiles.create("Me", "clinician").id
    a = _clip(store, 1, statement="You never listen to me")
    b = _clip(store, 2, presentation="withdrawn", difficulty=3, facets=("warmth", "hope"))
    with pytest.raises(DuplicateError):
        _clip(store, 1)
    assert [c.id for c in store.clips.list(ClipFilter(text="LISTEN"))] == [a]
    assert [c.id for c in store.clips.list(ClipFilter(facet="hope"))] == [b]
    assert [c.id for c in store.clips.list(ClipFilter(difficulty=3))] == [b]
    assert store.clips.get(b).facets == ("hope", "warmth")  # domain order
    with pytest.raises(ValidationError):
        store.clips.list(sort="title; DROP TABLE clips")
    attempt = store.attempts.begin(me, a, None, "recordings/x.wav")
    assert [c.id for c in store.clips.list(ClipFilter(not_practised_by=me))] == [b]
    store.ratings.save(attempt.id, me, RatingInput(scores={"empathy": 4}, reaction="too_hard"))
    assert [c.id for c in store.clips.list(ClipFilter(struggled_by=me))] == [a]


def test_attempt_lifecycle_and_unfinished_takes(store: PracticeStore) -> None:
    me = store.profiles.create("Me", "clinician").id
    clip = _clip(store, 1)
    session = store.attempts.start_session(me)
    attempt = store.attempts.begin(me, clip, session.id, "recordings/a.wav")
    assert [x.id for x in store.attempts.unfinished()] == [attempt.id]
    done = store.attempts.finish(attempt.id, TakeFacts("recordings/a.wav", 4200, response_latency_ms=800))
    assert done.status == "complete" and done.duration_ms == 4200 and done.ended_at is not None
    assert store.attempts.unfinished() == []
    assert [x.id for x in store.attempts.for_session(session.id)] == [attempt.id]
    store.attempts.set_status(attempt.id, "discarded")
    assert store.attempts.for_clip(me, clip) == []


def test_rating_roles_and_permissions(store: PracticeStore) -> None:
    trainee = store.profiles.create("Trainee", "clinician").id
    other = store.profiles.create("Other", "clinician").id
    sup = store.profiles.create("Sup", "supervisor").id
    attempt = store.attempts.begin(trainee, _clip(store, 1), None, "r.wav")
    own = store.ratings.save(
        attempt.id, trainee, RatingInput(scores={"empathy": 3}, reaction="good_challenge")
    )
    assert own.rater_role == "self"
    again = store.ratings.save(attempt.id, trainee, RatingInput(scores={"empathy": 4, "hope": 2}))
    assert again.id == own.id and again.scores["empathy"] == 4 and overall_score(again.scores) is None
    theirs = store.ratings.save(
        attempt.id, sup, RatingInput(scores={"empathy": 2}, corrective_point="Slow down")
    )
    assert theirs.rater_role == "supervisor"
    with pytest.raises(PermissionDeniedError):
        store.ratings.save(attempt.id, other, RatingInput(scores={"empathy": 5}))
    with pytest.raises(PermissionDeniedError):
        store.ratings.delete(theirs.id, trainee)
    with pytest.raises(ValidationError):
        store.ratings.save(attempt.id, sup, RatingInput(reaction="too_easy"))
    with pytest.raises(ValidationError):
        store.ratings.save(attempt.id, trainee, RatingInput(scores={"empathy": 6}))
    comment = store.ratings.add_comment(attempt.id, sup, 1500, "Nice pause here")
    assert [c.offset_ms for c in store.ratings.comments(attempt.id)] == [1500]
    with pytest.raises(PermissionDeniedError):
        store.ratings.delete_comment(comment.id, trainee)
    assert {r.rater_role for r in store.ratings.for_attempt(attempt.id)} == {"self", "supervisor"}
