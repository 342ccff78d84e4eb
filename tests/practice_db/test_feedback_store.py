"""The review lists and one attempt's full detail, from a real migrated SQLite file."""

from __future__ import annotations

from practice_db.records import NewClip, RatingInput, TakeFacts
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS


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
    assert [
        (i.attempt_id, i.self_mean, i.self_rated, i.supervisor_mean, i.supervisor_rated, i.supervisor_name)
        for i in mine
    ] == [(attempts[0].id, None, 2, None, 2, "Dr Lee")]  # two of eight facets: no total, "2 of 8"
    # (the unreviewed second attempt is not feedback yet)
    by_lee = store.feedback.reviewed(supervisor_id=lee.id)
    assert {i.trainee_name for i in by_lee} == {"Sam", "Kim"}

    detail = store.feedback.detail(attempts[0].id, viewer_id=sam.id)
    assert detail.trainee.name == "Sam" and detail.clip.title == "Kept waiting"
    assert not detail.self_hidden
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
    first = history[1]
    assert (first.self_mean, first.self_rated, first.supervisor_mean, first.supervisor_rated) == (
        None,
        1,
        None,
        1,
    )
    assert first.self_reaction == "too_hard" and not first.self_hidden
    assert (history[0].self_mean, history[0].supervisor_mean) == (None, None)


def test_a_supervisor_sees_no_self_rating_until_their_own_has_all_eight_facets(store: PracticeStore) -> None:
    """Blind review, decided in storage: what leaves it for the supervisor holds no self scores,
    no self note and no other supervisor's scores until their own rating is complete; the check-in
    (a safety signal), the criteria and the example reply are there from the start."""
    sam = store.profiles.create("Sam", "clinician")
    lee = store.profiles.create("Dr Lee", "supervisor")
    kay = store.profiles.create("Dr Kay", "supervisor")
    clip = store.clips.add(
        NewClip(
            "Kept waiting",
            "hostile",
            1,
            "clips/a.opus",
            "a" * 64,
            criteria=("Names the anger", "Stays with it"),
            example_response="You've been kept waiting and you're angry about it.",
        )
    )
    a = store.attempts.begin(sam.id, clip.id, None, "recordings/x.wav")
    attempt = store.attempts.finish(a.id, TakeFacts("recordings/x.wav", 9000))
    own = dict.fromkeys(FACET_KEYS, 5)
    store.ratings.save(attempt.id, sam.id, RatingInput(scores=own, reaction="too_hard", note="felt rushed"))
    store.ratings.save(attempt.id, kay.id, RatingInput(scores=dict.fromkeys(FACET_KEYS, 2)))

    before = store.feedback.detail(attempt.id, viewer_id=lee.id)
    assert before.self_hidden and before.ratings == () and before.self_rating() is None
    assert before.check_in == "too_hard"
    assert before.clip.criteria == ("Names the anger", "Stays with it")
    assert before.clip.example_response == "You've been kept waiting and you're angry about it."
    partial = {k: 3 for k in FACET_KEYS[:7]}  # seven of eight: still blind
    store.ratings.save(attempt.id, lee.id, RatingInput(scores=partial))
    seven = store.feedback.detail(attempt.id, viewer_id=lee.id)
    assert seven.self_hidden and [r.rater_profile_id for r in seven.ratings] == [lee.id]
    (listed,) = store.feedback.reviewed(supervisor_id=lee.id)
    assert (listed.self_hidden, listed.self_mean, listed.self_rated) == (True, None, 0)
    assert (listed.supervisor_mean, listed.supervisor_rated) == (None, 7)

    store.ratings.save(attempt.id, lee.id, RatingInput(scores={**partial, FACET_KEYS[7]: 4}))
    after = store.feedback.detail(attempt.id, viewer_id=lee.id)
    assert not after.self_hidden and after.check_in == "too_hard"
    self_rating = after.self_rating()
    assert self_rating is not None and self_rating.scores == own and self_rating.note == "felt rushed"
    (listed,) = store.feedback.reviewed(supervisor_id=lee.id)
    assert (listed.self_hidden, listed.self_mean, listed.supervisor_mean) == (False, 5.0, 25 / 8)
    # The trainee always sees their own attempt whole; Dr Kay (complete) sees it too.
    assert not store.feedback.detail(attempt.id, viewer_id=sam.id).self_hidden
    assert not store.feedback.detail(attempt.id, viewer_id=kay.id).self_hidden
