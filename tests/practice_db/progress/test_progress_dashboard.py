"""`progress.dashboard` (one read of a period's rows) gives exactly what the single-figure methods give."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from practice_db.progress.frame import ratings_query
from practice_db.progress.records import Period, ProgressDashboard
from practice_db.store import PracticeStore
from tests.support.practice_weeks import seed_practice_weeks
from tests.support.seeding import PERIOD, seed_progress_history


def _one_by_one(store: PracticeStore, profile_id: int, period: Period) -> ProgressDashboard:
    q = store.progress
    return ProgressDashboard(
        totals=q.volume_totals(profile_id, period),
        weeks=tuple(q.weekly_volume(profile_id, period)),
        averages=tuple(q.facet_averages(profile_id, period)),
        series=tuple(q.facet_weekly(profile_id, period)),
        timings=tuple(q.timings(profile_id, period)),
        by_presentation=tuple(q.breakdown(profile_id, period, "presentation")),
        by_difficulty=tuple(q.breakdown(profile_id, period, "difficulty")),
        calibration=tuple(q.calibration(profile_id, period)),
    )


def test_dashboard_matches_each_figure_on_the_seeded_history(store: PracticeStore) -> None:
    history = seed_progress_history(store)
    board = store.progress.dashboard(history.dana, PERIOD)
    assert board == _one_by_one(store, history.dana, PERIOD)
    assert board.totals.attempts == 6 and len(board.by_presentation) > 1
    assert any(c.n > 0 for c in board.calibration)
    empty = Period(date(2025, 1, 1), date(2025, 2, 1))
    assert store.progress.dashboard(history.dana, empty) == _one_by_one(store, history.dana, empty)


def test_dashboard_matches_each_figure_over_ten_weeks_of_practice(store: PracticeStore) -> None:
    world = seed_practice_weeks(store)
    for period in (world.period, Period(world.today - timedelta(days=27), world.today + timedelta(days=1))):
        board = store.progress.dashboard(world.dana, period)
        assert board == _one_by_one(store, world.dana, period)
        assert board.totals.attempts > 10 and all(s.weekly for s in board.series)


def _plan_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", ()):
        yield from _plan_nodes(child)


def test_a_periods_ratings_are_read_from_the_covering_index_alone(store: PracticeStore) -> None:
    history = seed_progress_history(store)
    query = ratings_query(history.dana, PERIOD)
    with store.engine.connect() as conn:
        compiled = query.compile(conn, compile_kwargs={"literal_binds": True})
        if store.engine.dialect.name == "sqlite":
            plan = " | ".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
            assert "COVERING INDEX ix_ratings_attempt_scores" in plan and "TEMP B-TREE" not in plan
        else:
            # A seeded table this small is cheaper to scan: the planner is told not to, as it
            # decides for itself on a programme's thousands of rows; VACUUM fills the visibility
            # map that an index-only scan needs.
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE ratings")
            conn.exec_driver_sql("SET enable_seqscan = off")
            [tree] = conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}").scalar_one()
            scans = {(n["Node Type"], n.get("Index Name")) for n in _plan_nodes(tree["Plan"])}
            assert ("Index Only Scan", "ix_ratings_attempt_scores") in scans, scans
    board = store.progress.dashboard(history.dana, PERIOD)
    assert sum(a.self_n + a.supervisor_n for a in board.averages) > 0  # and the packed read unpacks
