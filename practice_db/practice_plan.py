"""What to practise next: the difficulty step rule, the spacing rule and the supervisor's requests.
Pure functions, no I/O.

Difficulty (the deliberate-practice check-in), kept per client presentation: after "too hard"
step down one level, after "too easy" step up one, after "a good challenge" stay. A too-hard
hostile clip lowers the level for hostile clips only; the next withdrawn clip starts where the
last withdrawn check-in pointed (the beginning if there was none).

Spacing (a Leitner-box rule, chosen because it is easy to explain to a clinician):
- Each clip someone has practised sits in a box from 1 to 5. A first attempt puts it in box 1
  (box 2 if it went well).
- How an attempt went is judged on its overall score (the mean of all eight facets; a partial
  rating gives none): the supervisor's when a supervisor rated it completely (several: their
  mean), otherwise the person's own. Self-ratings run high for many trainees, so a supervisor's
  rating keeps an inflated self-rating from pushing a clip out to monthly.
- A *poor* attempt (felt too hard, or an overall score under 2.5) sends it back to box 1; a
  *good* attempt (not too hard, and a score of 3.5 or more, or "too easy") moves it up one box;
  anything else leaves it where it is.
- Box n comes due BOX_INTERVALS[n] after the last attempt: 1, 3, 7, 14 then 30 days. So clips
  that went badly come back within a day and well-handled ones fade to monthly.

Order: an exercise whose latest attempt a supervisor marked "ask for another attempt" comes
first (oldest request first) until a newer attempt at it is made; then clips that are due (most
overdue first), clips never tried, and clips not yet due (soonest first). Within a session, the
supervisor's requests come first, then clips nearest the level of their own presentation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
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

    @property
    def presentation(self) -> str: ...


@dataclass(frozen=True)
class AttemptOutcome:
    """One finished attempt as the planner sees it.

    Means are overall scores (all eight facets) or None; `ask_again` is set when a supervisor
    asked for another attempt after this one."""

    clip_id: int
    at: datetime
    self_mean: float | None
    reaction: str | None
    difficulty: int = 1
    presentation: str = ""
    supervisor_mean: float | None = None
    ask_again: bool = False

    @property
    def mean(self) -> float | None:
        """The score spacing goes by: the supervisor's outranks the person's own."""
        return self.supervisor_mean if self.supervisor_mean is not None else self.self_mean


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
    """A short sentence for the user explaining the next level. Each presentation keeps its own
    level, so the advice is about this kind of client only."""
    level = next_level(current, reaction)
    if reaction == "too_hard" and level < current:
        return "Next time with this kind of client, step down a level; other clients keep their own level."
    if reaction == "too_hard":
        return "This is already the gentlest level for this kind of client; stay here and take your time."
    if reaction == "too_easy" and level > current:
        return "Ready for more: with this kind of client, step up a level."
    if reaction == "too_easy":
        return "This is already the hardest level."
    if reaction == "good_challenge":
        return "A good challenge is the right level: stay here with this kind of client."
    return ""


def quality(outcome: AttemptOutcome) -> str:
    """'poor', 'good' or 'ok' — how an attempt moves its clip between boxes."""
    mean = outcome.mean
    if outcome.reaction == "too_hard" or (mean is not None and mean < POOR_MEAN):
        return "poor"
    if outcome.reaction == "too_easy" or (mean is not None and mean >= GOOD_MEAN):
        return "good"
    return "ok"


def _by_clip(outcomes: Iterable[AttemptOutcome]) -> dict[int, list[AttemptOutcome]]:
    by_clip: dict[int, list[AttemptOutcome]] = defaultdict(list)
    for o in outcomes:
        by_clip[o.clip_id].append(o)
    for history in by_clip.values():
        history.sort(key=lambda o: o.at)
    return by_clip


def schedule(outcomes: Iterable[AttemptOutcome]) -> dict[int, ClipSchedule]:
    """The box and due time of every clip that has at least one outcome."""
    result: dict[int, ClipSchedule] = {}
    for clip_id, history in _by_clip(outcomes).items():
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


def asked_again(outcomes: Iterable[AttemptOutcome]) -> list[int]:
    """Clips whose latest attempt a supervisor asked to be tried again, oldest request first.
    A newer attempt answers the request, so the clip drops out of this list."""
    latest = [history[-1] for history in _by_clip(outcomes).values()]
    return [o.clip_id for o in sorted(latest, key=lambda o: o.at) if o.ask_again]


def rank(clips: Sequence[PlannableClip], outcomes: Sequence[AttemptOutcome], now: datetime) -> list[int]:
    """Clip ids in suggested order: asked again, due (most overdue first), never tried, not yet due."""
    plan = schedule(outcomes)
    asked = {clip_id: i for i, clip_id in enumerate(asked_again(outcomes))}
    first, due, fresh, later = [], [], [], []
    for clip in clips:
        s = plan.get(clip.id)
        if clip.id in asked:
            first.append((asked[clip.id], clip.id))
        elif s is None:
            fresh.append((clip.difficulty, clip.id))
        elif s.due_at <= now:
            due.append((s.due_at, s.box, clip.id))
        else:
            later.append((s.due_at, clip.id))
    asked_ids = [c for _, c in sorted(first)]
    return (
        asked_ids
        + [c for *_, c in sorted(due)]
        + [c for _, c in sorted(fresh)]
        + [c for _, c in sorted(later)]
    )


def suggested_level(outcomes: Sequence[AttemptOutcome], presentation: str | None = None) -> int:
    """Start where the last check-in on this presentation's clips pointed (on any clip when
    `presentation` is None); beginners start at the beginning. A take without a check-in (a
    recovered or unrated one) says nothing about the level, so it is passed over."""
    checked_in = [o for o in outcomes if o.reaction is not None and presentation in (None, o.presentation)]
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
    levels: Mapping[str, int] | None = None,
) -> int | None:
    """The next clip for a session: one the supervisor asked for again, else the one nearest its
    presentation's level, then by the spacing order.

    A clip's level is `levels[presentation]` (this session's check-ins), else `level` (chosen by
    the user for every presentation), else where that presentation's last check-in pointed.
    Clips already done in this session wait until nothing else is left.
    """
    if not clips:
        return None
    done = set(done_in_session)
    asked = set(asked_again(outcomes))
    order = {clip_id: i for i, clip_id in enumerate(rank(clips, outcomes, now))}
    targets: dict[str, int] = dict(levels or {})

    def target(presentation: str) -> int:
        if presentation not in targets:
            targets[presentation] = level if level is not None else suggested_level(outcomes, presentation)
        return targets[presentation]

    def key(clip: PlannableClip) -> tuple[bool, bool, int, int]:
        distance = abs(clip.difficulty - target(clip.presentation))
        return (clip.id in done, clip.id not in asked, distance, order[clip.id])

    return min(clips, key=key).id
