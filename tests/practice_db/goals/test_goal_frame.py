"""Goals measured from the Progress page's rows (goal_frame) equal goals measured by their queries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, func, select

from benchmarks.seed import seed_database
from practice_db import models
from practice_db.progress.records import GoalStatus, NewGoal, Period
from practice_db.store import PracticeStore

LAST = date(2026, 12, 31)  # the seeder's last day
YEAR = Period(LAST - timedelta(days=363), LAST + timedelta(days=1), ZoneInfo("Europe/Berlin"))
GOALS: list[tuple[str, dict[str, object]]] = [
    ("facet_share", {"facet": "empathy", "min_score": 4, "share_percent": 60}),
    ("facet_share", {"facet": "warmth", "min_score": 3, "share_percent": 50, "rater": "self"}),
    ("practice_frequency", {"sessions_per_week": 3}),
    ("challenge_level", {"level": 2}),
    ("challenge_level", {"presentation": "hostile", "level": 3, "recent": 5}),
    ("challenge_level", {"level": 2, "recent": 50}),
    ("mean_score", {"facet": "all", "min_mean": 3.5}),
    ("mean_score", {"facet": "all", "min_mean": 3.0, "rater": "self"}),
    ("mean_score", {"facet": "hope", "min_mean": 3.2}),
]
# Inside the year (running or ended), before it started, and reaching back before the year.
SPANS = [(-120, 30), (-300, -200), (-20, -1), (5, 40), (-400, -10), (-363, 0)]


@pytest.fixture
def seeded(store: PracticeStore) -> tuple[PracticeStore, int]:
    seed_database(store.engine, profiles=5, supervisors=2, clips=12, attempts=1200, ratings=3000, comments=10)
    a = models.Attempt
    with store.engine.connect() as conn:
        busiest = conn.execute(
            select(a.profile_id).group_by(a.profile_id).order_by(func.count().desc()).limit(1)
        ).scalar_one()
    supervisor = next(p for p in store.profiles.list() if p.role == "supervisor")
    for start, end in SPANS:
        for kind, params in GOALS:
            goal = NewGoal(
                busiest, supervisor.id, kind, params, LAST + timedelta(start), LAST + timedelta(end)
            )  # type: ignore[arg-type]
            store.goals.add(goal)
    return store, int(busiest)


def _same(frame: list[GoalStatus], sql: list[GoalStatus]) -> None:
    assert len(frame) == len(sql) == len(SPANS) * len(GOALS)
    for f, q in zip(frame, sql, strict=True):
        assert (f.goal, f.state, f.detail, f.n, f.extra, f.unit, f.target) == (
            q.goal,
            q.state,
            q.detail,
            q.n,
            q.extra,
            q.unit,
            q.target,
        )
        if q.measured is None:
            assert f.measured is None
        else:
            assert f.measured == pytest.approx(q.measured, rel=1e-12, abs=1e-12)


@contextmanager
def counting(store: PracticeStore) -> Iterator[list[str]]:
    statements: list[str] = []

    def seen(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)


def test_goals_from_the_dashboard_rows_equal_goals_from_their_queries(
    seeded: tuple[PracticeStore, int],
) -> None:
    store, profile = seeded
    for today in (LAST, LAST - timedelta(days=100), LAST + timedelta(days=60)):
        board = store.progress.dashboard(profile, YEAR, goals_as_of=today)
        _same(list(board.goals), store.goals.statuses(profile, today, YEAR.tz))
    states = {s.state for s in store.progress.dashboard(profile, YEAR, goals_as_of=LAST).goals}
    assert {"not_started", "ended_met", "ended_missed"} & states and len(states) >= 3
    assert store.progress.dashboard(profile, YEAR).goals == ()  # goals only when asked for


def test_goals_inside_the_period_need_no_query_of_their_own(seeded: tuple[PracticeStore, int]) -> None:
    store, profile = seeded
    with counting(store) as plain:
        store.progress.dashboard(profile, YEAR)
    with counting(store) as with_goals:
        board = store.progress.dashboard(profile, YEAR, goals_as_of=LAST)
    outside = sum(  # goals whose dates reach before the year are still measured by their queries
        1 for s in board.goals if s.state != "not_started" and s.goal.starts_on < YEAR.start
    )
    assert outside == len(GOALS)  # the span starting 400 days back
    extra = len(with_goals) - len(plain)
    assert extra == 1 + outside  # the goals list, then one query per goal that reaches outside
