"""What to practise next: the difficulty step rule and the spacing rule. Pure functions, no I/O.

Difficulty (the deliberate-practice check-in): after "too hard" step down one level, after
"too easy" step up one, after "a good challenge" stay.

Spacing (a Leitner-box rule, chosen because it is easy to explain to a clinician):
- Each clip someone has practised sits in a box from 1 to 5. A first attempt puts it in box 1
  (box 2 if it went well).
- A *poor* attempt (felt too hard, or the self-rated facet mean was under 2.5) sends it back to
  box 1; a *good* attempt (not too hard, and a mean of 3.5 or more, or "too easy") moves it up one
  box; anything else leaves it where it is.
- Box n comes due BOX_INTERVALS[n] after the last attempt: 1, 3, 7, 14 then 30 days. So clips
  that went badly come back within a day and well-handled ones fade to monthly.
- Suggested order: clips that are due (most overdue first), then clips never tried, then clips
  not yet due (soonest first). Within a session, clips at the current level come first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

MIN_LEVEL, MAX_LEVEL = 1, 3
POOR_MEAN, GOOD_MEAN = 2.5, 3.5
BOX_INTERVALS: dict[int, timedelta] = {
    1: timedelta(days=1),
    2: timedelta(days=3),
    3: timedelta(days=7),
    4: timedelta(days=14),
    5: timedelta(days=30),
}


class PlannableClip(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def difficulty(self) -> int: ...


@dataclass(frozen=True)
class AttemptOutcome:
    """One finished attempt as the planner sees it."""

    clip_id: int
    at: datetime
    self_mean: float | None
    reaction: str | None
    difficulty: int = 1


@dataclass(frozen=True)
class ClipSchedule:
    clip_id: int
    box: int
    last_at: datetime
    due_at: datetime


def next_level(current: int, reaction: str | None) -> int:
    """The level to suggest after an attempt at `current` with this check-in reaction."""
    if reaction == "too_hard":
        return max(MIN_LEVEL, current - 1)
    if reaction == "too_easy":
        return min(MAX_LEVEL, current + 1)
    return current


def level_advice(current: int, reaction: str | None) -> str:
    """A short sentence for the user explaining the next level."""
    level = next_level(current, reaction)
    if reaction == "too_hard" and level < current:
        return "Next time, step down a level."
    if reaction == "too_hard":
        return "This is already the gentlest level; stay here and take your time."
    if reaction == "too_easy" and level > current:
        return "Ready for more: step up a level."
    if reaction == "too_easy":
        return "This is already the hardest level."
    if reaction == "good_challenge":
        return "A good challenge is the right level: stay here."
    return ""


def quality(outcome: AttemptOutcome) -> str:
    """'poor', 'good' or 'ok' — how an attempt moves its clip between boxes."""
    if outcome.reaction == "too_hard" or (outcome.self_mean is not None and outcome.self_mean < POOR_MEAN):
        return "poor"
    if outcome.reaction == "too_easy" or (outcome.self_mean is not None and outcome.self_mean >= GOOD_MEAN):
        return "good"
    return "ok"


def schedule(outcomes: Iterable[AttemptOutcome]) -> dict[int, ClipSchedule]:
    """The box and due time of every clip that has at least one outcome."""
    by_clip: dict[int, list[AttemptOutcome]] = defaultdict(list)
    for o in outcomes:
        by_clip[o.clip_id].append(o)
    result: dict[int, ClipSchedule] = {}
    for clip_id, history in by_clip.items():
        history.sort(key=lambda o: o.at)
        box = 0
        for o in history:
            q = quality(o)
            if q == "poor" or (box == 0 and q == "ok"):
                box = 1
            elif q == "good":
                box = min(max(BOX_INTERVALS), box + 1 if box else 2)
        last = history[-1].at
        result[clip_id] = ClipSchedule(clip_id, box, last, last + BOX_INTERVALS[box])
    return result


def rank(clips: Sequence[PlannableClip], outcomes: Iterable[AttemptOutcome], now: datetime) -> list[int]:
    """Clip ids in suggested order: due (most overdue first), never tried, then not yet due."""
    plan = schedule(outcomes)
    due, fresh, later = [], [], []
    for clip in clips:
        s = plan.get(clip.id)
        if s is None:
            fresh.append((clip.difficulty, clip.id))
        elif s.due_at <= now:
            due.append((s.due_at, s.box, clip.id))
        else:
            later.append((s.due_at, clip.id))
    return [c for *_, c in sorted(due)] + [c for _, c in sorted(fresh)] + [c for _, c in sorted(later)]


def suggested_level(outcomes: Sequence[AttemptOutcome]) -> int:
    """Start where the last check-in pointed; beginners start at the beginning. A take without a
    check-in (a recovered or unrated one) says nothing about the level, so it is passed over."""
    checked_in = [o for o in outcomes if o.reaction is not None]
    if not checked_in:
        return MIN_LEVEL
    last = max(checked_in, key=lambda o: o.at)
    return next_level(last.difficulty, last.reaction)


def pick_next(
    clips: Sequence[PlannableClip],
    outcomes: Sequence[AttemptOutcome],
    now: datetime,
    level: int | None,
    done_in_session: Iterable[int] = (),
) -> int | None:
    """The next clip for a session: nearest to `level`, then by the spacing order.

    Clips already done in this session wait until nothing else is left.
    """
    if not clips:
        return None
    done = set(done_in_session)
    order = {clip_id: i for i, clip_id in enumerate(rank(clips, outcomes, now))}
    target = level if level is not None else suggested_level(outcomes)

    def key(clip: PlannableClip) -> tuple[bool, int, int]:
        return (clip.id in done, abs(clip.difficulty - target), order[clip.id])

    return min(clips, key=key).id
