"""How often each criterion was met: counts against the hand-built set in tests/support/criteria_seed.py."""

from __future__ import annotations

from datetime import date

from practice_db.progress.criteria import VerdictCounts
from practice_db.progress.records import Period
from practice_db.store import PracticeStore
from tests.support.criteria_seed import FLAT, KEPT, OLD_FLAT, seed_criteria
from tests.support.seeding import PERIOD


def test_counts_by_exercise_and_criterion_for_self_and_supervisor(store: PracticeStore) -> None:
    world = seed_criteria(store)
    got = [
        (t.clip_title, t.criterion, t.self_counts, t.supervisor_counts)
        for t in store.progress.criteria_tallies(world.dana, PERIOD)
    ]
    V = VerdictCounts
    assert got == [
        ("Flat voice", FLAT[0], V(1, 0, 0), V(0, 1, 0)),
        ("Flat voice", OLD_FLAT, V(1, 0, 0), V(0, 0, 0)),  # a wording the exercise no longer has: last
        ("Kept waiting", KEPT[0], V(2, 0, 0), V(2, 1, 0)),  # Sam and Kim both count
        ("Kept waiting", KEPT[1], V(1, 1, 0), V(0, 0, 1)),
        ("Kept waiting", KEPT[2], V(0, 0, 1), V(0, 1, 0)),
    ]
    assert V(2, 1, 0).total == 3


def test_the_period_and_the_person_filter_the_counts(store: PracticeStore) -> None:
    world = seed_criteria(store)
    february = Period(date(2026, 2, 1), date(2026, 3, 1))
    [only] = store.progress.criteria_tallies(world.dana, february)
    assert (only.criterion, only.self_counts, only.supervisor_counts) == (
        KEPT[0],
        VerdictCounts(0, 0, 1),
        VerdictCounts(0, 0, 1),
    )
    lee = store.progress.criteria_tallies(world.lee, PERIOD)
    assert [(t.criterion, t.self_counts.not_met, t.supervisor_counts.not_met) for t in lee] == [
        (KEPT[0], 1, 1),
        (KEPT[1], 1, 0),
    ]
    assert store.progress.criteria_tallies(world.dana, Period(date(2025, 1, 1), date(2025, 2, 1))) == []


def test_verdicts_per_rating_for_the_spreadsheet(store: PracticeStore) -> None:
    world = seed_criteria(store)
    rows = store.progress.verdicts_per_rating(world.dana, PERIOD)
    got = [(r.rater_role, r.rater_name, (r.counts.met, r.counts.partly, r.counts.not_met)) for r in rows]
    assert got == [
        ("self", "Dana", (1, 1, 0)),
        ("supervisor", "Sam", (0, 1, 1)),
        ("self", "Dana", (2, 0, 1)),
        ("supervisor", "Sam", (1, 0, 0)),
        ("supervisor", "Kim", (1, 1, 0)),
        ("self", "Dana", (2, 0, 0)),
        ("supervisor", "Sam", (0, 1, 0)),
    ]
