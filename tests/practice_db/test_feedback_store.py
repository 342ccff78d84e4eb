"""The review lists and one attempt's full detail, from a real migrated SQLite file."""

from __future__ import annotations

from practice_db.records import NewClip, RatingInput, TakeFacts
from practice_db.store import PracticeStore


def test_reviewed_lists_and_detail(store: PracticeStore) -> None:
    sam = store.profiles.create("Sam", "clinician")
    kim = store.profiles.create("Kim", "clinician")
    lee = store.profiles.create("Dr Lee", "supervisor")
    clip = store.clips.add(NewClip("Kept waiting", "hostile", 1, "clips/a.opus", "a" * 64, "You're late."))
    attempts = []
    for who in (sam, sam, kim):
        a = store.attempts.begin(who.id, clip.id, None, "recordings/x.wav")
        attempts.append(store.attempts.finish(a.id, TakeFacts("recordings/x.wav", 9000)))
    store.ratings.save(attempts[0].id, sam.id, RatingInput(scores={"empathy": 4, "warmth": 4}))
    store.ratings.save(
        attempts[0].id, lee.id, RatingInput(scores={"empathy": 2, "warmth": 3}, corrective_point="Slow down.")
    )
    store.ratings.save(attempts[2].id, lee.id, RatingInput(scores={"hope": 5}))
    store.ratings.add_comment(attempts[0].id, lee.id, 4200, "Here the tone turned.")
    store.ratings.add_comment(attempts[0].id, lee.id, 1200, "Good start.")

    mine = store.feedback.reviewed(trainee_id=sam.id)
    assert [(i.attempt_id, i.self_mean, i.supervisor_mean, i.supervisor_name) for i in mine] == [
        (attempts[0].id, 4.0, 2.5, "Dr Lee")
    ]  # the unreviewed second attempt is not feedback yet
    by_lee = store.feedback.reviewed(supervisor_id=lee.id)
    assert {i.trainee_name for i in by_lee} == {"Sam", "Kim"}

    detail = store.feedback.detail(attempts[0].id)
    assert detail.trainee.name == "Sam" and detail.clip.title == "Kept waiting"
    assert [c.offset_ms for c in detail.comments] == [1200, 4200]  # in playback order
    self_rating = detail.self_rating()
    assert self_rating is not None and self_rating.scores["empathy"] == 4
    (supervisor,) = detail.supervisor_ratings()
    assert (
        supervisor.corrective_point == "Slow down." and detail.names[supervisor.rater_profile_id] == "Dr Lee"
    )
    assert detail.rating_by(kim.id) is None


def test_clip_history_lists_my_attempts_with_both_ratings(store: PracticeStore) -> None:
    sam = store.profiles.create("Sam", "clinician")
    lee = store.profiles.create("Dr Lee", "supervisor")
    clip = store.clips.add(NewClip("Kept waiting", "hostile", 1, "clips/a.opus", "a" * 64))
    other = store.clips.add(NewClip("Other", "hostile", 1, "clips/b.opus", "b" * 64))
    ids = []
    for c in (clip, clip, other):
        a = store.attempts.begin(sam.id, c.id, None, "recordings/x.wav")
        ids.append(store.attempts.finish(a.id, TakeFacts("recordings/x.wav", 9000)).id)
    dropped = store.attempts.begin(sam.id, clip.id, None, "recordings/y.wav")
    store.attempts.set_status(dropped.id, "discarded")
    store.ratings.save(ids[0], sam.id, RatingInput(scores={"empathy": 3}, reaction="too_hard"))
    store.ratings.save(ids[0], lee.id, RatingInput(scores={"empathy": 2}))
    history = store.feedback.clip_history(sam.id, clip.id)
    assert [h.attempt_id for h in history] == [ids[1], ids[0]]  # newest first, discarded left out
    assert (history[1].self_mean, history[1].supervisor_mean, history[1].self_reaction) == (
        3.0,
        2.0,
        "too_hard",
    )
    assert (history[0].self_mean, history[0].supervisor_mean) == (None, None)
