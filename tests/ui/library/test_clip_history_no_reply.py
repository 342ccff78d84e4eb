"""The Library's history of an exercise lists a take with no reply as "no reply recorded" and does
not count it as an attempt."""

from __future__ import annotations

from practice_db.records import NewClip, RatingInput, TakeFacts
from practice_db.store import PracticeStore
from ui.library.clip_history_view import history_html


def test_history_says_no_reply_recorded_and_counts_only_replies(store: PracticeStore) -> None:
    me = store.profiles.create("Me", "clinician").id
    clip = store.clips.add(NewClip("Kept waiting", "hostile", 1, "clips/a.opus", "a" * 64)).id
    reply = store.attempts.begin(me, clip, None, "recordings/r.wav")
    store.attempts.finish(reply.id, TakeFacts("recordings/r.wav", 9000))
    store.ratings.save(reply.id, me, RatingInput(scores={"empathy": 4, "hope": 3}))
    silent = store.attempts.begin(me, clip, None, "recordings/s.wav")
    store.attempts.set_status(silent.id, "no_reply")
    html = history_html(store.feedback.clip_history(me, clip))
    assert "(1 attempt, 1 with no reply recorded)" in html
    day = silent.started_at.astimezone().strftime("%d %b %Y")
    assert (
        f"<li>{day} · no reply recorded</li>" in html and "you 2 of 8" in html
    )  # a partial rating has no total
