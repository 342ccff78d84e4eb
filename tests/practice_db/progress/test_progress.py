"""Progress queries on a seeded, migrated database; expected figures worked out from the seed table."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from practice_db.engine import make_session_factory
from practice_db.goals.frame import FrameMeasures
from practice_db.goals.measures import SqlMeasures
from practice_db.progress import frame
from practice_db.progress.calibration import agreement
from practice_db.progress.records import TOTAL, Period
from practice_db.records import RatingInput
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS
from tests.support.seeding import PERIOD, History, add_attempt, scores, seed_progress_history


@pytest.fixture
def history(store: PracticeStore) -> History:
    return seed_progress_history(store)


def test_facet_averages_and_change_against_the_previous_period(
    store: PracticeStore, history: History
) -> None:
    averages = {a.facet: a for a in store.progress.facet_averages(history.dana, PERIOD)}
    empathy = averages["empathy"]
    # Self 5 3 4 3 5 4 = 24/6; supervisor 4 3 4 4 2 = 17/5; February: self 3, 4; supervisor 2, 3.
    assert (empathy.self_mean, empathy.self_n) == (pytest.approx(4.0), 6)
    assert (empathy.supervisor_mean, empathy.supervisor_n) == (pytest.approx(3.4), 5)
    assert empathy.self_change == pytest.approx(0.5) and empathy.supervisor_change == pytest.approx(0.9)
    warmth = averages["warmth"]  # self 4 3 4 3 5 4; supervisor 3 3 4 4 3; February self 3 3, sup 2 3
    assert warmth.self_mean == pytest.approx(23 / 6) and warmth.supervisor_mean == pytest.approx(3.4)
    assert warmth.self_change == pytest.approx(23 / 6 - 3) and warmth.supervisor_change == pytest.approx(0.9)
    assert PERIOD.previous() == Period(date(2026, 2, 2), date(2026, 3, 2))


def test_a_period_without_data_has_no_means(store: PracticeStore, history: History) -> None:
    empty = Period(date(2025, 1, 1), date(2025, 2, 1))
    averages = store.progress.facet_averages(history.dana, empty)
    assert all(a.self_mean is None and a.self_n == 0 and a.self_change is None for a in averages)
    assert store.progress.volume_totals(history.dana, empty).attempts == 0
    assert [w.attempts for w in store.progress.weekly_volume(history.dana, empty)] == [0] * 5
    assert all(
        c.n == 0 and c.agreement.value is None for c in store.progress.calibration(history.dana, empty)
    )


def test_weekly_volume_counts_attempts_sessions_and_minutes(store: PracticeStore, history: History) -> None:
    weeks = store.progress.weekly_volume(history.dana, PERIOD)
    assert [w.week_start for w in weeks] == [date(2026, 3, d) for d in (2, 9, 16, 23)]
    assert [w.attempts for w in weeks] == [2, 2, 1, 1]
    assert [w.sessions for w in weeks] == [1, 2, 1, 1]
    # Speaking time, or the take's length when speech was not timed (attempt 4: 90 s).
    assert [w.minutes_spoken for w in weeks] == pytest.approx([75 / 60, 150 / 60, 40 / 60, 35 / 60])
    totals = store.progress.volume_totals(history.dana, PERIOD)
    assert (totals.attempts, totals.sessions, totals.practice_days) == (6, 5, 6)
    assert totals.minutes_spoken == pytest.approx(5.0)


def test_facet_series_keeps_self_and_supervisor_apart(store: PracticeStore, history: History) -> None:
    series = {s.facet: s for s in store.progress.facet_series(history.dana, PERIOD)}
    empathy = series["empathy"]
    assert [p.score for p in empathy.points if p.rater_role == "self"] == [5, 3, 4, 3, 5, 4]
    assert [p.score for p in empathy.points if p.rater_role == "supervisor"] == [4, 3, 4, 4, 2]
    assert empathy.points[0].at == datetime(2026, 3, 3, 10, tzinfo=UTC)
    weekly = {(w.week_start.day, w.rater_role): (w.mean, w.n) for w in empathy.weekly}
    assert weekly[(2, "self")] == (4.0, 2) and weekly[(2, "supervisor")] == (3.5, 2)
    assert weekly[(9, "self")] == (3.5, 2) and weekly[(9, "supervisor")] == (4.0, 1)
    assert weekly[(23, "supervisor")] == (2.0, 1)


def test_breakdowns_by_presentation_and_difficulty(store: PracticeStore, history: History) -> None:
    rows = {r.key: r for r in store.progress.breakdown(history.dana, PERIOD, "presentation")}
    assert set(rows) == {"hostile", "withdrawn", "confronting"}
    hostile = rows["hostile"]
    # Self overall: 33/8, 4, 5; supervisor overall: 25/8, 4, 4.
    assert (hostile.attempts, hostile.too_hard) == (3, 1)
    assert hostile.self_mean == pytest.approx((33 / 8 + 4 + 5) / 3)
    assert hostile.supervisor_mean == pytest.approx((25 / 8 + 4 + 4) / 3)
    assert (
        rows["confronting"].attempts,
        rows["confronting"].supervisor_mean,
        rows["confronting"].too_hard,
    ) == (
        1,
        None,
        1,
    )
    assert rows["withdrawn"].supervisor_mean == pytest.approx((3 + 23 / 8) / 2)
    levels = {
        r.key: (r.attempts, r.too_hard) for r in store.progress.breakdown(history.dana, PERIOD, "difficulty")
    }
    assert levels == {"1": (2, 0), "2": (3, 1), "3": (1, 1)}


def test_speech_timings_and_clips_practised(store: PracticeStore, history: History) -> None:
    timings = store.progress.timings(history.dana, PERIOD)
    assert [t.attempt_id for t in timings] == [a.id for a in history.attempts]
    assert (
        timings[3].speaking_ms is None
        and timings[0].pause_count == 1
        and timings[0].response_latency_ms == 1000
    )
    clips = store.progress.clips_practised(history.dana, PERIOD)
    assert [(c.title, c.attempts, c.too_hard) for c in clips] == [
        ("Angry at the wait", 3, 1),
        ("Silent after the news", 2, 0),
        ("You are too young", 1, 1),
    ]
    assert clips[0].last_at == datetime(2026, 3, 18, 10, tzinfo=UTC)


def test_supervisor_notes_are_this_trainees_only(store: PracticeStore, history: History) -> None:
    notes = store.progress.supervisor_notes(history.dana, PERIOD)
    assert [(n.kind, n.text) for n in notes] == [
        ("corrective", "Name the anger before explaining."),
        ("comment", "Good pace here."),
        ("went_well", "Stayed with the feeling."),
        ("corrective", "Slow down; let the silence work."),
    ]
    assert notes[1].offset_ms == 12_000 and notes[0].author_name == "Sam"
    assert notes[0].clip_title == "Angry at the wait" and notes[0].attempt_uuid == history.attempts[0].uuid


def test_calibration_on_paired_attempts(store: PracticeStore, history: History) -> None:
    items = store.progress.calibration(history.dana, PERIOD)
    assert [c.facet for c in items] == [TOTAL, *FACET_KEYS]  # the total leads
    calibration = {c.facet: c for c in items}
    empathy = calibration["empathy"]
    # Pairs (self, supervisor): (5,4) (3,3) (4,4) (5,4) (4,2): differences 1 0 0 1 2.
    assert empathy.n == 5 and empathy.mean_difference == pytest.approx(0.8)
    # sd sqrt(0.7), t(0.975, 4) = 2.7764 -> 0.8 -/+ 1.0389; four of five within one point.
    assert empathy.difference_low == pytest.approx(-0.2389, abs=1e-4)
    assert empathy.difference_high == pytest.approx(1.8389, abs=1e-4)
    assert empathy.within_one == pytest.approx(0.8)
    assert empathy.agreement == agreement([5, 3, 4, 5, 4], [4, 3, 4, 4, 2])
    assert empathy.agreement.value is None and "5 of the 15" in empathy.agreement.reason
    assert [(w.week_start.day, w.mean_difference, w.n) for w in empathy.trend] == [
        (2, 0.5, 2),
        (9, 0.0, 1),
        (16, 1.0, 1),
        (23, 2.0, 1),
    ]
    assert empathy.slope_per_week is None  # five pairs: no trend line either
    assert calibration["warmth"].mean_difference == pytest.approx(0.6)
    # Totals (mean of eight): self 33/8, 3, 4, 5, 4 against supervisor 25/8, 3, 4, 4, 23/8.
    total = calibration[TOTAL]
    assert total.n == 5 and total.mean_difference == pytest.approx((1 + 0 + 0 + 1 + 1.125) / 5)
    assert total.within_one == pytest.approx(0.8)  # 1.125 is more than a point


def test_a_partial_rating_counts_in_no_figure(store: PracticeStore, history: History) -> None:
    """'n of 8': a rating of some facets only stays out of totals, charts, goals and calibration."""
    before = store.progress.dashboard(history.dana, PERIOD)
    week = Period(date(2026, 3, 2), date(2026, 3, 9))
    sessions = make_session_factory(store.engine)
    # Attempt 4 had no supervisor rating: now a partial one (empathy and warmth only).
    partial = {k: None for k in FACET_KEYS} | {"empathy": 1, "warmth": 1}
    store.ratings.save(history.attempts[3].id, history.sam, RatingInput(scores=partial))
    # A new attempt in week one, self-rated on four facets, supervisor on all eight.
    extra = add_attempt(store, history.dana, history.clip_angry, datetime(2026, 3, 5, 10, tzinfo=UTC))
    four = {k: (5 if i < 4 else None) for i, k in enumerate(FACET_KEYS)}
    store.ratings.save(extra.id, history.dana, RatingInput(scores=four, reaction="too_hard"))
    store.ratings.save(extra.id, history.sam, RatingInput(scores=scores(2)))
    after = store.progress.dashboard(history.dana, PERIOD)
    assert after.averages != before.averages  # the supervisor's complete rating does count...
    empathy = next(a for a in after.averages if a.facet == "empathy")
    assert empathy.self_n == 6 and empathy.supervisor_n == 6  # ...the two partial ones do not
    assert [c.n for c in after.calibration] == [c.n for c in before.calibration]  # no new pairs
    assert [(s.facet, [w for w in s.weekly if w.rater_role == "self"]) for s in after.series] == [
        (s.facet, [w for w in s.weekly if w.rater_role == "self"]) for s in before.series
    ]
    hostile = next(r for r in after.by_presentation if r.key == "hostile")
    assert hostile.self_mean == pytest.approx((33 / 8 + 4 + 5) / 3) and hostile.too_hard == 2  # check-in kept
    full = store.progress.facet_series(history.dana, PERIOD)
    assert all(p.attempt_id != extra.id or p.rater_role == "supervisor" for s in full for p in s.points)
    assert all(
        p.attempt_id != history.attempts[3].id or p.rater_role == "self" for s in full for p in s.points
    )
    with sessions() as s:
        sql, rows = SqlMeasures(s), frame.fetch(s, history.dana, PERIOD)
        from_rows = FrameMeasures(rows, sql)
        for facet in ("all", "empathy"):
            # Self: the four-facet rating is left out, so week one still has its two attempts.
            assert sql.mean(history.dana, week, facet, "self")[0] == 2
            assert from_rows.mean(history.dana, week, facet, "self") == pytest.approx(
                sql.mean(history.dana, week, facet, "self")
            )
            assert from_rows.mean(history.dana, week, facet, "supervisor") == pytest.approx(
                sql.mean(history.dana, week, facet, "supervisor")
            )


def test_two_supervisors_on_one_attempt_are_averaged(store: PracticeStore, history: History) -> None:
    kim = store.profiles.create("Kim", "supervisor").id
    store.ratings.save(history.attempts[1].id, kim, RatingInput(scores=scores(5, 5)))
    empathy = next(c for c in store.progress.calibration(history.dana, PERIOD) if c.facet == "empathy")
    # Attempt 2 now: self 3, supervisors (3 + 5) / 2 = 4 -> difference -1; total 1 - 1 + 0 + 1 + 2 = 3.
    assert empathy.n == 5 and empathy.mean_difference == pytest.approx(0.6)


def test_periods_follow_the_users_time_zone(store: PracticeStore, history: History) -> None:
    # 20:00 UTC on 1 March is already 2 March in UTC+10, so it belongs to a local March period.
    add_attempt(store, history.dana, history.clip_angry, datetime(2026, 3, 1, 20, tzinfo=UTC))
    sydney = Period(date(2026, 3, 2), date(2026, 3, 9), timezone(timedelta(hours=10)))
    utc = Period(date(2026, 3, 2), date(2026, 3, 9))
    assert store.progress.volume_totals(history.dana, sydney).attempts == 3
    assert store.progress.volume_totals(history.dana, utc).attempts == 2
    assert store.progress.weekly_volume(history.dana, sydney)[0].week_start == date(2026, 3, 2)


def test_facet_weekly_gives_the_same_weekly_means_without_points(
    store: PracticeStore, history: History
) -> None:
    full = store.progress.facet_series(history.dana, PERIOD)
    lean = store.progress.facet_weekly(history.dana, PERIOD)
    assert [s.facet for s in lean] == [s.facet for s in full]
    assert [s.weekly for s in lean] == [s.weekly for s in full] and all(s.points == () for s in lean)
    empathy = next(s for s in lean if s.facet == "empathy")
    assert {(w.week_start.day, w.rater_role): (w.mean, w.n) for w in empathy.weekly}[(23, "supervisor")] == (
        2.0,
        1,
    )
