"""Goals on a real migrated database: who may set/change them, and their measured status."""

from __future__ import annotations

from datetime import date

import pytest

from practice_db.errors import PermissionDeniedError, ValidationError
from practice_db.goals.kinds import GOAL_KINDS, describe, normalise_params
from practice_db.progress.records import GoalKind, NewGoal
from practice_db.store import PracticeStore
from tests.support.seeding import History, add_attempt, at, rate, scores, seed_progress_history

START, END = date(2026, 3, 2), date(2026, 3, 29)  # four whole weeks, end inclusive


@pytest.fixture
def history(store: PracticeStore) -> History:
    return seed_progress_history(store)


def _goal(
    store: PracticeStore, h: History, kind: GoalKind, start: date = START, end: date = END, **params: object
) -> int:
    return store.goals.add(NewGoal(h.dana, h.sam, kind, params, start, end)).id


def test_goals_are_stored_with_complete_params_and_listed_by_end_date(
    store: PracticeStore, history: History
) -> None:
    late = store.goals.add(
        NewGoal(
            history.dana,
            history.dana,
            "practice_frequency",
            {"sessions_per_week": 3},
            START,
            date(2026, 5, 1),
        )
    )
    early = store.goals.add(
        NewGoal(
            history.dana,
            history.sam,
            "facet_share",
            {"facet": "empathy", "min_score": 4, "share_percent": 80},
            START,
            END,
            note="  Focus on naming feelings.  ",
        )
    )
    assert early.params == {
        "facet": "empathy",
        "min_score": 4,
        "share_percent": 80,
        "rater": "supervisor",
        "min_attempts": 3,
    }
    assert early.note == "Focus on naming feelings." and early.set_by_profile_id == history.sam
    assert [g.id for g in store.goals.for_profile(history.dana)] == [early.id, late.id]
    assert store.goals.for_profile(history.lee) == []


def test_only_a_supervisor_sets_goals_for_someone_else(store: PracticeStore, history: History) -> None:
    with pytest.raises(PermissionDeniedError, match="Only a supervisor"):
        store.goals.add(
            NewGoal(history.dana, history.lee, "practice_frequency", {"sessions_per_week": 2}, START, END)
        )


def test_only_owner_or_setting_supervisor_changes_or_removes_a_goal(
    store: PracticeStore, history: History
) -> None:
    other_supervisor = store.profiles.create("Kim", "supervisor").id
    goal = _goal(store, history, "practice_frequency", sessions_per_week=2)
    for outsider in (other_supervisor, history.lee):
        with pytest.raises(PermissionDeniedError):
            store.goals.delete(goal, outsider)
        with pytest.raises(PermissionDeniedError):
            store.goals.update(goal, outsider, note="hijack")
    changed = store.goals.update(
        goal, history.sam, params={"sessions_per_week": 4}, note="Four is realistic."
    )
    assert changed.params == {"sessions_per_week": 4} and changed.note == "Four is realistic."
    store.goals.delete(goal, history.dana)  # the trainee may drop a goal their supervisor set
    assert store.goals.for_profile(history.dana) == []
    mine = store.goals.add(
        NewGoal(history.dana, history.dana, "mean_score", {"facet": "all", "min_mean": 3.5}, START, END)
    )
    store.goals.delete(mine.id, history.dana)


@pytest.mark.parametrize(
    ("kind", "params", "message"),
    [
        ("facet_share", {"facet": "charm", "min_score": 4, "share_percent": 80}, "which facet"),
        ("facet_share", {"facet": "empathy", "min_score": 6, "share_percent": 80}, "between 1 and 5"),
        ("facet_share", {"facet": "empathy", "min_score": 4, "share_percent": 0}, "between 1 and 100"),
        ("practice_frequency", {"sessions_per_week": "three"}, "whole number"),
        ("challenge_level", {"presentation": "grumpy"}, "presentations"),
        ("challenge_level", {"level": 1}, "between 2 and 3"),
        ("challenge_level", {"level": 2, "recent": 0}, "between 1 and 50"),
        ("mean_score", {"facet": "all", "min_mean": 7}, "between 1 and 5"),
        ("mean_score", {"facet": "all", "min_mean": 3, "rater": "friend"}, "supervisor"),
        ("astrology", {}, "Unknown kind"),
    ],
)
def test_bad_goal_parameters_are_refused_in_plain_words(
    store: PracticeStore, history: History, kind: str, params: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        store.goals.add(NewGoal(history.dana, history.dana, kind, params, START, END))  # type: ignore[arg-type]
    assert store.goals.for_profile(history.dana) == []


def test_goal_dates_must_make_sense(store: PracticeStore, history: History) -> None:
    with pytest.raises(ValidationError, match="end date"):
        _goal(store, history, "practice_frequency", START, date(2026, 3, 1), sessions_per_week=2)
    goal = _goal(store, history, "practice_frequency", sessions_per_week=2)
    with pytest.raises(ValidationError, match="end date"):
        store.goals.update(goal, history.dana, ends_on=date(2026, 1, 1))
    assert store.goals.get(goal).ends_on == END


def test_facet_share_goal_status_through_its_life(store: PracticeStore, history: History) -> None:
    # Supervisor empathy in March: 4, 3, 4, (none), 4, 2 -> 3 of 5 rated attempts are >= 4 (60%).
    goal = _goal(store, history, "facet_share", facet="empathy", min_score=4, share_percent=80)
    before = store.goals.status(goal, date(2026, 3, 1))
    assert before.state == "not_started" and before.measured is None and before.target == 80
    # By 15 March: 4, 3, 4 -> 2 of 3 = 66.7%, below 80%.
    mid = store.goals.status(goal, date(2026, 3, 15))
    assert mid.state == "behind" and mid.measured == pytest.approx(200 / 3) and mid.n == 3
    assert "2 of 3 attempts rated 4 or higher by your supervisor" in mid.detail
    ended = store.goals.status(goal, date(2026, 4, 2))
    assert ended.state == "ended_missed" and ended.measured == pytest.approx(60.0) and ended.n == 5
    easier = _goal(store, history, "facet_share", facet="empathy", min_score=4, share_percent=60)
    assert store.goals.status(easier, date(2026, 4, 2)).state == "ended_met"
    assert store.goals.status(easier, date(2026, 3, 3)).state == "on_track"  # 1 of 1, but needs 3
    assert store.goals.status(easier, date(2026, 3, 5)).state == "behind"  # 1 of 2 = 50%


def test_practice_frequency_goal_counts_sessions(store: PracticeStore, history: History) -> None:
    # Sessions in March: one shared by attempts 1+2, three more, and one loose day (25th) = 5.
    weekly = _goal(store, history, "practice_frequency", sessions_per_week=1)  # 4 needed
    assert store.goals.status(weekly, date(2026, 3, 15)).state == "on_track"  # 3 by the 15th, 2 due
    met = store.goals.status(weekly, date(2026, 3, 20))
    assert met.state == "met" and met.extra == {"sessions": 4.0, "required": 4.0}
    assert store.goals.status(weekly, date(2026, 4, 30)).state == "ended_met"
    twice = _goal(store, history, "practice_frequency", sessions_per_week=2)  # 8 needed
    behind = store.goals.status(twice, date(2026, 3, 15))
    assert behind.state == "behind" and behind.n == 3  # 4 due by day 14
    final = store.goals.status(twice, date(2026, 3, 30))
    assert final.state == "ended_missed" and final.measured == pytest.approx(5 * 7 / 28)
    assert "5 of 8 sessions" in final.detail


def test_the_goal_kinds_reward_no_silence_about_distress() -> None:
    # The kind that counted "too hard" check-ins against a goal is gone (migration 0006).
    assert GOAL_KINDS == ("facet_share", "practice_frequency", "challenge_level", "mean_score")


def test_challenge_level_params_are_completed_and_described() -> None:
    assert normalise_params("challenge_level", {}) == {"presentation": None, "level": 2, "recent": 3}
    params = normalise_params("challenge_level", {"presentation": "hostile", "level": 3, "recent": 1})
    assert describe("challenge_level", params, START, END) == (
        "Reach advanced on hostile / angry clips: 1 good challenge at advanced, "
        "from 2 Mar 2026 to 29 Mar 2026"
    )
    anywhere = describe("challenge_level", normalise_params("challenge_level", {"recent": 4}), START, END)
    assert anywhere.startswith("Reach intermediate: 4 good challenges at intermediate or above, from")


def test_challenge_level_goal_counts_good_challenges_at_the_level(
    store: PracticeStore, history: History
) -> None:
    # Intermediate hostile clip in March: good challenge (3rd), too hard (10th), good challenge (18th).
    hostile = _goal(store, history, "challenge_level", presentation="hostile", level=2, recent=2)
    early = store.goals.status(hostile, date(2026, 3, 12))
    assert early.state == "on_track" and early.measured == 1.0 and early.target == 2.0
    assert early.detail == "1 of 2 so far. 'Too easy' counts too; 'too hard' never counts against it."
    met = store.goals.status(hostile, date(2026, 3, 18))
    assert met.state == "met" and met.measured == 2.0 and met.unit == "good challenges"
    assert store.goals.status(hostile, date(2026, 4, 1)).state == "ended_met"
    # Any presentation at intermediate or harder: the two hostile ones (the withdrawn clips are
    # beginner, the confronting one felt too hard); three wanted.
    anywhere = _goal(store, history, "challenge_level", level=2, recent=3)
    missed = store.goals.status(anywhere, date(2026, 4, 1))
    assert missed.state == "ended_missed" and missed.measured == 2.0 and missed.n == 2
    # Advanced: only the confronting clip, checked in as too hard (and a discarded too-hard take).
    advanced = _goal(store, history, "challenge_level", level=3, recent=1)
    none_yet = store.goals.status(advanced, date(2026, 3, 29))  # the last day: one was due by now
    assert none_yet.measured == 0.0 and none_yet.state == "behind"
    assert "'too hard' never counts against it" in none_yet.detail


def test_too_hard_check_ins_never_make_a_challenge_level_goal_fail(
    store: PracticeStore, history: History
) -> None:
    goal = _goal(store, history, "challenge_level", presentation="hostile", level=2, recent=2)
    before = store.goals.status(goal, date(2026, 3, 29))
    for day in (19, 20, 21, 26, 27):  # five honest "too hard" check-ins after the second good one
        attempt = add_attempt(store, history.dana, history.clip_angry, at(day))
        rate(store, attempt.id, history.dana, scores(2, 2), reaction="too_hard")
    after = store.goals.status(goal, date(2026, 3, 29))
    assert (
        (after.state, after.measured, after.n) == (before.state, before.measured, before.n) == ("met", 2.0, 2)
    )
    ended = store.goals.status(goal, date(2026, 4, 2))
    assert ended.state == "ended_met"


def test_mean_score_goal_uses_each_ratings_overall_score(store: PracticeStore, history: History) -> None:
    # Self overall scores: 4.125, 3, 4, 3, 5, 4 -> mean 23.125 / 6 = 3.854.
    goal = _goal(store, history, "mean_score", facet="all", min_mean=3.8, rater="self")
    status = store.goals.status(goal, date(2026, 4, 1))
    assert status.state == "ended_met" and status.measured == pytest.approx(23.125 / 6)
    assert status.description.startswith("Overall score averaging 3.8 or more by yourself")


def test_goal_with_no_data_is_behind_then_missed(store: PracticeStore, history: History) -> None:
    newcomer = store.profiles.create("Newcomer", "clinician").id
    goal = store.goals.add(
        NewGoal(newcomer, history.sam, "mean_score", {"facet": "empathy", "min_mean": 3}, START, END)
    )
    running = store.goals.status(goal.id, date(2026, 3, 10))
    assert running.state == "behind" and running.measured is None and running.n == 0
    assert "No attempts rated by your supervisor yet" in running.detail
    assert store.goals.status(goal.id, date(2026, 3, 30)).state == "ended_missed"
    statuses = store.goals.statuses(newcomer, date(2026, 2, 1))
    assert [s.state for s in statuses] == ["not_started"]
