"""The supervisor's programme view: one row per trainee, from a few grouped queries, on both
databases; solo (every clinician with attempts) and clinic mode (the supervisor's assignments)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import event, insert

from practice_db import models
from practice_db.programme import MIN_PER_HALF
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS
from tests.support.seeding import add_attempt, add_clip, rate, scores

NOW = datetime(2026, 3, 30, 12, 0, tzinfo=UTC)  # period: 2 Mar 12:00 -> 30 Mar; halves split 16 Mar


def day(d: int, month: int = 3) -> datetime:
    return datetime(2026, month, d, 10, 0, tzinfo=UTC)


@pytest.fixture
def people(store: PracticeStore) -> dict[str, int]:
    ids = {
        "sam": store.profiles.create("Sam", "clinician").id,
        "kim": store.profiles.create("kim", "clinician").id,  # sorted without regard to case
        "ann": store.profiles.create("Ann", "clinician").id,  # no attempts: not in the solo view
        "lee": store.profiles.create("Dr Lee", "supervisor").id,
        "roe": store.profiles.create("Dr Roe", "supervisor").id,
    }
    clip = add_clip(store, "Kept waiting", "hostile", 1)
    sam, lee, roe = ids["sam"], ids["lee"], ids["roe"]
    # earlier half: two complete supervisor ratings at 2 (empathy 1); later half: two at 4 (empathy 3)
    for when, level, empathy in ((day(3), 2, 1), (day(10), 2, 1), (day(20), 4, 3), (day(27), 4, 3)):
        attempt = add_attempt(store, sam, clip, when, speaking_ms=30_000)
        rate(store, attempt.id, sam, scores(5))  # self-ratings never enter the trend
        rate(store, attempt.id, lee, scores(level, empathy))
    # a second supervisor's complete rating counts; a partial one counts in no mean
    later = add_attempt(store, sam, clip, day(25), speaking_ms=60_000)
    rate(store, later.id, roe, scores(4, 3))
    partial = add_attempt(store, sam, clip, day(26), speaking_ms=0)
    rate(store, partial.id, lee, {"empathy": 1, "warmth": 1})
    # waiting for review: one in the period, one before it; outside the period, a rating at 5
    add_attempt(store, sam, clip, day(28), speaking_ms=15_000)
    old = add_attempt(store, sam, clip, day(2, month=2), speaking_ms=45_000)
    add_attempt(store, sam, clip, day(1, month=1), speaking_ms=10_000)  # waiting since January
    rate(store, old.id, lee, scores(5))  # before the period: no part of the trend
    add_attempt(store, sam, clip, day(29), status="discarded")  # thrown away: not counted
    kim_attempt = add_attempt(store, ids["kim"], clip, day(29, month=3), speaking_ms=90_000)
    assert kim_attempt.id
    return ids


def test_solo_overview_rows(store: PracticeStore, people: dict[str, int]) -> None:
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    rows = store.programme.overview(people["lee"], period_days=28, now=NOW)
    selects = [q for q in statements if q.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 5  # mode, trainees, period, waiting, trends: grouped, not one per trainee
    assert [r.name for r in rows] == ["kim", "Sam"]  # every clinician with attempts, by name
    kim, sam = rows
    assert (kim.attempts, kim.minutes_spoken, kim.waiting_reviews) == (1, 1.5, 1)
    assert kim.last_activity == day(29) and all(t.direction is None for t in kim.trends)
    # Sam in the period: 4 + later + partial + waiting = 7 finished attempts (not the discarded one)
    assert sam.attempts == 7
    assert sam.minutes_spoken == pytest.approx((4 * 30_000 + 60_000 + 15_000) / 60_000)
    assert sam.last_activity == day(29)  # the take thrown away on the 29th was practice too
    assert sam.waiting_reviews == 2  # day 28 and 1 Jan; the partial rating is a rating
    assert (sam.rated_earlier, sam.rated_later) == (2, 3)
    trend = {t.facet: t for t in sam.trends}
    assert trend["empathy"].earlier == pytest.approx(1.0) and trend["empathy"].later == pytest.approx(3.0)
    assert trend["warmth"].change == pytest.approx(2.0) and trend["warmth"].direction == "up"
    assert [t.facet for t in sam.trends] == list(FACET_KEYS)


def test_trends_need_enough_ratings_and_period_moves(store: PracticeStore, people: dict[str, int]) -> None:
    # 10 days: 20 Mar 12:00 -> 30 Mar 12:00, split at 25 Mar 12:00. Lee's 20 Mar rating (10:00) is
    # before it; Roe's 25 Mar (10:00) is in the earlier half, Lee's 27 Mar in the later one.
    (sam,) = [r for r in store.programme.overview(people["lee"], 10, NOW) if r.name == "Sam"]
    assert (sam.rated_earlier, sam.rated_later) == (1, 1)
    assert MIN_PER_HALF == 2 and all(t.direction is None for t in sam.trends)  # too few to say
    assert sam.attempts == 4  # 25, 26, 27, 28 March (20 March at 10:00 is before the period)


def test_clinic_mode_lists_the_supervisors_assignments(store: PracticeStore, people: dict[str, int]) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            insert(models.ClinicAssignment),
            [
                {"supervisor_profile_id": people["lee"], "trainee_profile_id": people["kim"]},
                {"supervisor_profile_id": people["lee"], "trainee_profile_id": people["ann"]},
            ],
        )
    rows = store.programme.overview(people["lee"], now=NOW)
    assert [(r.name, r.attempts, r.waiting_reviews, r.last_activity) for r in rows] == [
        ("Ann", 0, 0, None),  # assigned, not practised yet: still a row
        ("kim", 1, 1, day(29)),
    ]
    assert store.programme.overview(people["roe"], now=NOW) == []  # no one assigned to Roe
