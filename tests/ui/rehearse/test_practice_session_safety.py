"""The session's own bookkeeping for the safety flow: a clip passed by at its note comes last,
a break stops the clock of a timed session, and the hide setting reaches the clip filter."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from practice_db.records import SessionRecord
from ui.rehearse.practice_session import PracticeSession, SessionRequest


def session(request: SessionRequest) -> PracticeSession:
    return PracticeSession(request, SessionRecord(1, "u", 1, datetime.now(UTC), None), None)


def test_skipped_clips_wait_and_a_break_stops_the_clock() -> None:
    s = session(SessionRequest(clip_count=None, minutes=10))
    s.clips_done.extend([4, 7])
    s.skipped.extend([9, 4])
    assert s.passed() == [4, 7, 9]
    s.started -= 120  # two minutes in
    s.pause()
    time.sleep(0.2)
    paused = s.minutes_used()
    time.sleep(0.2)
    assert s.minutes_used() == paused  # the break doesn't count
    s.resume()
    assert s.paused_at is None and abs(s.minutes_used() - paused) < 0.01


def test_the_hide_setting_reaches_every_pool() -> None:
    assert SessionRequest(hide_noted=True).clip_filter().without_content_note
    chosen = SessionRequest(mode="set", presentation="hostile", hide_noted=True).clip_filter()
    assert chosen.without_content_note and chosen.presentation == "hostile"
    assert not SessionRequest().clip_filter().without_content_note
