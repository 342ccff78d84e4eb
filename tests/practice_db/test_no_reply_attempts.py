"""An attempt with no reply recorded (`no_reply`) is listed in the exercise's history and nowhere
else: never counted, reviewed, exported or used by the practice planner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from practice_db.errors import ValidationError
from practice_db.progress.records import Period
from practice_db.records import ClipFilter, NewClip, RatingInput, TakeFacts
from practice_db.store import PracticeStore


def test_no_reply_is_in_history_only(store: PracticeStore) -> None:
    me = store.profiles.create("Me", "clinician").id
    lee = store.profiles.create("Dr Lee", "supervisor").id
    clip = store.clips.add(NewClip("Kept waiting", "hostile", 1, "clips/a.opus", "a" * 64)).id
    other = store.clips.add(NewClip("Silent", "withdrawn", 1, "clips/b.opus", "b" * 64)).id
    session = store.attempts.start_session(me).id
    reply = store.attempts.begin(me, clip, session, "recordings/r.wav")
    store.attempts.finish(reply.id, TakeFacts("recordings/r.wav", 9000))
    store.ratings.save(reply.id, me, RatingInput(scores={"empathy": 4}, reaction="good_challenge"))
    silent = store.attempts.begin(me, other, session, "recordings/s.wav")
    store.attempts.set_status(silent.id, "no_reply")  # what start-up recovery does

    history = store.feedback.clip_history(me, other)
    assert [(h.attempt_id, h.status, h.self_mean) for h in history] == [(silent.id, "no_reply", None)]
    assert [h.status for h in store.feedback.clip_history(me, clip)] == ["complete"]
    assert [o.clip_id for o in store.attempts.outcomes(me)] == [clip]  # the planner never sees it
    assert [e.attempt.id for e in store.attempts.session_entries(session)] == [reply.id]
    assert [q.attempt_id for q in store.transfer.awaiting_review()] == [reply.id]
    assert [a.id for a in store.transfer.unreviewed_since(me, datetime(2000, 1, 1, tzinfo=UTC))] == [reply.id]
    with pytest.raises(ValidationError):  # never into a bundle
        store.transfer.snapshot(me, [silent.id], me)
    assert [a.id for a in store.transfer.snapshot(me, None, me).attempts] == [reply.id]
    today = datetime.now(UTC).date()
    totals = store.progress.volume_totals(me, Period(today - timedelta(days=7), today + timedelta(days=1)))
    assert totals.attempts == 1
    unpractised = store.clips.list(ClipFilter(not_practised_by=me))
    assert [c.id for c in unpractised] == [other]  # a take with no reply is not practice
    assert store.feedback.reviewed(trainee_id=me) == []
    assert store.ratings.for_attempt(silent.id) == []
    store.ratings.save(reply.id, lee, RatingInput(scores={"empathy": 3}))
    assert [i.attempt_id for i in store.feedback.reviewed(trainee_id=me)] == [reply.id]

