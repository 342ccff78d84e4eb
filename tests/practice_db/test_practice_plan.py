"""The difficulty step rule and the spacing rule, without Qt; then the storage that feeds them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from practice_db import practice_plan as plan
from practice_db.practice_plan import AttemptOutcome
from practice_db.records import ClipFilter, NewClip, RatingInput, TakeFacts
from practice_db.scoring import overall_score
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Clip:
    id: int
    difficulty: int
    presentation: str = "hostile"


def outcome(clip_id: int, days: float, mean: float | None = 3.0, reaction: str | None = "good_challenge"):
    return AttemptOutcome(clip_id, T0 + timedelta(days=days), mean, reaction)


@pytest.mark.parametrize(
    ("level", "reaction", "expected"),
    [
        (2, "too_hard", 1),
        (1, "too_hard", 1),  # already the gentlest
        (2, "too_easy", 3),
        (3, "too_easy", 3),  # already the hardest
        (2, "good_challenge", 2),
        (2, None, 2),
    ],
)
def test_difficulty_steps_follow_the_check_in(level: int, reaction: str | None, expected: int) -> None:
    assert plan.next_level(level, reaction) == expected


def test_level_advice_says_which_way() -> None:
    assert "down" in plan.level_advice(2, "too_hard")
    assert "up" in plan.level_advice(1, "too_easy")
    assert "stay" in plan.level_advice(2, "good_challenge")
    assert "gentlest" in plan.level_advice(1, "too_hard")


def test_quality_classes() -> None:
    assert plan.quality(outcome(1, 0, 4.5, "too_hard")) == "poor"  # the check-in wins
    assert plan.quality(outcome(1, 0, 2.0, "good_challenge")) == "poor"
    assert plan.quality(outcome(1, 0, 3.5, "good_challenge")) == "good"
    assert plan.quality(outcome(1, 0, None, "too_easy")) == "good"
    assert plan.quality(outcome(1, 0, 3.0, None)) == "ok"
    assert plan.quality(outcome(1, 0, None, None)) == "ok"  # unrated


def test_boxes_climb_on_good_attempts_and_drop_on_poor_ones() -> None:
    good = [outcome(7, d, 4.0) for d in range(6)]
    assert plan.schedule(good)[7].box == 5  # starts at 2, then capped at 5
    assert plan.schedule(good)[7].due_at == T0 + timedelta(days=5 + 30)
    slipped = [*good, outcome(7, 6, 2.0)]
    assert plan.schedule(slipped)[7].box == 1
    assert plan.schedule(slipped)[7].due_at == T0 + timedelta(days=7)
    ordinary = [outcome(7, 0, 3.0), outcome(7, 1, 3.0)]
    assert plan.schedule(ordinary)[7].box == 1


def test_schedule_ignores_input_order() -> None:
    history = [outcome(3, 2, 2.0), outcome(3, 0, 4.0), outcome(3, 1, 4.0)]
    assert plan.schedule(history)[3].box == 1  # the last (day 2) attempt was poor


def test_rank_puts_struggles_first_and_well_handled_last() -> None:
    clips = [Clip(1, 1), Clip(2, 1), Clip(3, 1), Clip(4, 1)]
    history = [
        outcome(1, 0, 4.5, "good_challenge"),  # box 2: due day 3
        outcome(2, 0, 3.0, "too_hard"),  # box 1: due day 1
        outcome(3, 0, 4.5, "too_easy"),  # box 2: due day 3
    ]
    now = T0 + timedelta(days=2)
    # clip 2 (too hard) is due; clip 4 was never tried; 1 and 3 are not yet due.
    assert plan.rank(clips, history, now) == [2, 4, 1, 3]
    much_later = T0 + timedelta(days=10)
    assert plan.rank(clips, history, much_later)[:3] == [2, 1, 3]  # all due, most overdue first


def test_suggested_level_follows_the_last_check_in() -> None:
    assert plan.suggested_level([]) == 1
    history = [
        AttemptOutcome(1, T0, 3.0, "too_easy", difficulty=1),
        AttemptOutcome(2, T0 + timedelta(hours=1), 3.0, "too_hard", difficulty=3),
    ]
    assert plan.suggested_level(history) == 2


def test_a_take_without_a_check_in_never_moves_the_level() -> None:
    history = [
        AttemptOutcome(1, T0, 3.0, "good_challenge", difficulty=2),
        AttemptOutcome(2, T0 + timedelta(hours=1), None, None, difficulty=3),  # recovered, unrated
    ]
    assert plan.suggested_level(history) == 2
    assert plan.suggested_level(history[1:]) == 1  # nothing checked in yet: the beginning


def test_pick_next_prefers_the_level_then_the_spacing_order() -> None:
    clips = [Clip(1, 1), Clip(2, 2), Clip(3, 2), Clip(4, 3)]
    history = [AttemptOutcome(3, T0, 2.0, "too_hard", difficulty=2)]
    now = T0 + timedelta(days=3)
    assert plan.pick_next(clips, history, now, level=2) == 3  # due, at the level
    assert plan.pick_next(clips, history, now, level=2, done_in_session=[3]) == 2
    assert plan.pick_next(clips, history, now, level=3, done_in_session=[4]) in (2, 3)  # nearest level
    assert plan.pick_next(clips, history, now, level=None) == 1  # suggested: stepped down to 1
    assert plan.pick_next([], history, now, level=1) is None
    # Everything done: repeats rather than stopping.
    assert plan.pick_next(clips[:1], history, now, level=1, done_in_session=[1]) == 1


def test_the_supervisors_rating_outranks_the_self_rating_for_spacing() -> None:
    inflated = AttemptOutcome(7, T0, 4.5, "good_challenge", supervisor_mean=2.0)
    assert plan.quality(inflated) == "poor"  # the self-rating alone would have called it good
    assert plan.schedule([inflated])[7].due_at == T0 + timedelta(days=1)
    modest = AttemptOutcome(7, T0, 2.0, "good_challenge", supervisor_mean=4.0)
    assert plan.quality(modest) == "good"
    climbing = [
        AttemptOutcome(7, T0 + timedelta(days=d), 4.5, "good_challenge", supervisor_mean=3.0)
        for d in range(4)
    ]
    assert plan.schedule(climbing)[7].box == 1  # 'ok' each time: the self-rating's 4.5 never lifts it


def test_the_self_rating_counts_when_no_supervisor_rated() -> None:
    alone = AttemptOutcome(7, T0, 4.0, "good_challenge", supervisor_mean=None)
    assert alone.mean == 4.0 and plan.quality(alone) == "good"
    assert plan.schedule([alone])[7].box == 2
    unrated = AttemptOutcome(7, T0, None, "good_challenge")
    assert plan.quality(unrated) == "ok"


def test_ask_again_goes_first_until_a_newer_attempt() -> None:
    clips = [Clip(1, 1), Clip(2, 1), Clip(3, 3)]
    asked = AttemptOutcome(3, T0, 4.5, "good_challenge", difficulty=3, ask_again=True, supervisor_mean=4.0)
    history = [asked, AttemptOutcome(1, T0, 2.0, "too_hard", difficulty=1)]
    now = T0 + timedelta(days=2)
    assert plan.asked_again(history) == [3]
    assert plan.rank(clips, history, now)[0] == 3  # before the due clip 1, though rested well
    assert plan.pick_next(clips, history, now, level=1) == 3  # first, whatever the level
    assert plan.pick_next(clips, history, now, level=1, done_in_session=[3]) == 1
    newer = [*history, AttemptOutcome(3, T0 + timedelta(days=1), 4.0, "good_challenge", difficulty=3)]
    assert plan.asked_again(newer) == []
    assert plan.pick_next(clips, newer, now, level=1) == 1  # answered: back to the usual order
    assert plan.rank(clips, newer, now)[0] == 1


def test_the_level_is_kept_per_presentation() -> None:
    clips = [
        Clip(1, 1, "hostile"),
        Clip(2, 2, "hostile"),
        Clip(3, 2, "withdrawn"),
        Clip(4, 1, "withdrawn"),
    ]
    history = [
        AttemptOutcome(3, T0, 3.5, "too_easy", difficulty=1, presentation="withdrawn"),
        AttemptOutcome(2, T0 + timedelta(hours=1), 3.0, "too_hard", difficulty=2, presentation="hostile"),
    ]
    assert plan.suggested_level(history, "hostile") == 1  # stepped down after the too-hard one
    assert plan.suggested_level(history, "withdrawn") == 2  # untouched by the hostile check-in
    assert plan.suggested_level(history, "confused") == 1  # never checked in: the beginning
    later = T0 + timedelta(days=30)  # everything due: the level decides
    assert plan.pick_next(clips[:2], history, later, level=None) == 1
    assert plan.pick_next(clips[2:], history, later, level=None) == 3
    # A session's own check-ins by presentation outrank the history and the chosen level.
    assert plan.pick_next(clips[2:], history, later, level=2, levels={"withdrawn": 1}) == 4
    assert plan.pick_next(clips[2:], history, later, level=2, levels={"hostile": 1}) == 3


def _clip(store: PracticeStore, n: int, difficulty: int, presentation: str = "hostile") -> int:
    return store.clips.add(
        NewClip(f"Clip {n}", presentation, difficulty, f"clips/{n}.opus", f"{n:064d}", facets=("empathy",))
    ).id


def _all(score: int, **others: int) -> dict[str, int | None]:
    return {**{k: score for k in FACET_KEYS}, **others}


def _attempt(store: PracticeStore, profile_id: int, clip_id: int, session_id: int | None) -> int:
    attempt = store.attempts.begin(profile_id, clip_id, session_id, "recordings/x.wav")
    store.attempts.finish(attempt.id, TakeFacts("recordings/x.wav", 12_000, response_latency_ms=900))
    return attempt.id


def test_storage_feeds_the_planner_and_the_session_summary(store: PracticeStore) -> None:
    me = store.profiles.create("Sam", "clinician")
    sup = store.profiles.create("Dr Lee", "supervisor")
    easy, hard = _clip(store, 1, 1), _clip(store, 2, 3)
    session = store.attempts.start_session(me.id)
    first = _attempt(store, me.id, easy, session.id)
    second = _attempt(store, me.id, hard, session.id)
    dropped = store.attempts.begin(me.id, hard, session.id, "recordings/y.wav")
    store.attempts.set_status(dropped.id, "discarded")
    store.ratings.save(first, me.id, RatingInput(scores=_all(4, warmth=5), reaction="too_easy"))
    store.ratings.save(first, sup.id, RatingInput(scores=_all(2), ask_again=True))  # the supervisor's
    store.ratings.save(second, me.id, RatingInput(scores=_all(2), reaction="too_hard"))
    store.ratings.save(second, sup.id, RatingInput(scores={"empathy": 4}))  # partial: no total

    outcomes = sorted(store.attempts.outcomes(me.id), key=lambda o: o.clip_id)
    assert [
        (o.clip_id, o.self_mean, o.reaction, o.difficulty, o.presentation, o.supervisor_mean, o.ask_again)
        for o in outcomes
    ] == [
        (easy, 4.125, "too_easy", 1, "hostile", 2.0, True),
        (hard, 2.0, "too_hard", 3, "hostile", None, False),
    ]
    third = _attempt(store, me.id, hard, None)
    store.ratings.save(third, me.id, RatingInput(scores={"empathy": 5}))
    partial = [o for o in store.attempts.outcomes(me.id) if o.reaction is None]
    assert [o.self_mean for o in partial] == [None]  # a partial self-rating gives no mean either
    entries = store.attempts.session_entries(session.id)
    assert [e.clip_title for e in entries] == ["Clip 1", "Clip 2"]  # the discarded take is left out
    assert entries[0].self_rating is not None and entries[0].self_rating.rater_role == "self"
    assert overall_score(entries[0].self_rating.scores) == 4.125
    assert entries[1].attempt.response_latency_ms == 900
    assert entries[1].difficulty == 3


def test_the_store_picks_the_next_exercise_from_a_pool(store: PracticeStore) -> None:
    me = store.profiles.create("Sam", "clinician")
    easy, middle, hard = _clip(store, 1, 1), _clip(store, 2, 2), _clip(store, 3, 3)
    first = _attempt(store, me.id, middle, None)
    store.ratings.save(first, me.id, RatingInput(scores={"empathy": 2}, reaction="too_hard"))
    pool = ClipFilter(presentation="hostile")
    chosen = store.clips.get(middle)
    assert store.next_exercise(me.id, pool, level=None) == store.clips.get(easy)  # stepped down
    assert store.next_exercise(me.id, pool, level=3) == store.clips.get(hard)
    assert store.next_exercise(me.id, pool, level=2) == chosen  # the only one at that level
    assert store.next_exercise(me.id, ClipFilter(presentation="withdrawn"), level=1) is None


def test_the_store_puts_a_supervisors_request_first(store: PracticeStore) -> None:
    me = store.profiles.create("Sam", "clinician")
    sup = store.profiles.create("Dr Lee", "supervisor")
    easy, hard = _clip(store, 1, 1), _clip(store, 2, 3)
    first = _attempt(store, me.id, hard, None)
    store.ratings.save(first, me.id, RatingInput(scores=_all(5), reaction="too_hard"))
    assert store.next_exercise(me.id, ClipFilter(), level=None) == store.clips.get(easy)
    store.ratings.save(first, sup.id, RatingInput(scores=_all(3), ask_again=True))
    assert store.next_exercise(me.id, ClipFilter(), level=None) == store.clips.get(hard)
    _attempt(store, me.id, hard, None)  # tried again: the request is answered
    assert store.next_exercise(me.id, ClipFilter(), level=None) == store.clips.get(easy)


def test_the_store_keeps_a_level_per_presentation(store: PracticeStore) -> None:
    me = store.profiles.create("Sam", "clinician")
    hostile = [_clip(store, 1, 1), _clip(store, 2, 2)]
    withdrawn = [_clip(store, 3, 1, "withdrawn"), _clip(store, 4, 2, "withdrawn")]
    calm = _attempt(store, me.id, withdrawn[1], None)
    store.ratings.save(calm, me.id, RatingInput(scores=_all(4), reaction="good_challenge"))
    hard = _attempt(store, me.id, hostile[1], None)  # the newer check-in
    store.ratings.save(hard, me.id, RatingInput(scores=_all(3), reaction="too_hard"))
    pick = store.next_exercise
    assert pick(me.id, ClipFilter(presentation="hostile"), level=None) == store.clips.get(hostile[0])
    # The too-hard hostile clip leaves the withdrawn level where its own check-in put it.
    assert pick(me.id, ClipFilter(presentation="withdrawn"), level=None) == store.clips.get(withdrawn[1])
    # This session's own levels, by presentation, come before the history.
    session_levels = {"withdrawn": 1}
    chosen = pick(me.id, ClipFilter(presentation="withdrawn"), None, levels=session_levels)
    assert chosen == store.clips.get(withdrawn[0])
