"""Measure a goal against the data: the value, the target and where it stands today.

States: not_started (before the start date); while running: met (target reached on enough
attempts), on_track, behind; after the end date: ended_met or ended_missed. Running goals are
measured from their start up to and including `today`; ended goals over their whole period.
"""

from __future__ import annotations

import math
from datetime import date, timedelta, tzinfo

from practice_db.goals.kinds import describe
from practice_db.goals.measures import GoalMeasures
from practice_db.progress.records import GoalRecord, GoalState, GoalStatus, Period

CHALLENGE_UNIT = "good challenges"


def evaluate(s: GoalMeasures, goal: GoalRecord, today: date, tz: tzinfo) -> GoalStatus:
    """`s` gives the figures (practice_db/goals/measures.py: from SQL, or from rows already read)."""
    text = describe(goal.kind, goal.params, goal.starts_on, goal.ends_on)
    if today < goal.starts_on:
        return GoalStatus(
            goal,
            text,
            "not_started",
            None,
            _target(goal),
            _unit(goal),
            f"Starts on {goal.starts_on.day} {goal.starts_on:%b %Y}.",
        )
    ended = today > goal.ends_on
    last = goal.ends_on if ended else today
    window = Period(goal.starts_on, last + timedelta(days=1), tz)
    if goal.kind == "practice_frequency":
        return _frequency(s, goal, text, window, ended)
    if goal.kind == "challenge_level":
        return _challenge_level(s, goal, text, window, ended)
    return _score(s, goal, text, window, ended)


def _target(goal: GoalRecord) -> float:
    p = goal.params
    key = {
        "facet_share": "share_percent",
        "practice_frequency": "sessions_per_week",
        "mean_score": "min_mean",
        "challenge_level": "recent",
    }.get(goal.kind)
    value = p.get(key) if key else 0
    return float(value) if isinstance(value, int | float) else 0.0


def _unit(goal: GoalRecord) -> str:
    return {
        "facet_share": "%",
        "practice_frequency": "sessions a week",
        "challenge_level": CHALLENGE_UNIT,
        "mean_score": "points",
    }[goal.kind]


def _state(ended: bool, reached: bool, enough: bool, pace_ok: bool) -> GoalState:
    if ended:
        return "ended_met" if reached and enough else "ended_missed"
    if reached and enough:
        return "met"
    return "on_track" if pace_ok else "behind"


def _int_param(goal: GoalRecord, key: str) -> int:
    value = goal.params.get(key)
    return int(value) if isinstance(value, int | float) else 0


def _score(s: GoalMeasures, goal: GoalRecord, text: str, window: Period, ended: bool) -> GoalStatus:
    """facet_share and mean_score: one value per attempt (several supervisors are averaged)."""
    facet = str(goal.params["facet"])
    rater = str(goal.params["rater"])
    owner = goal.owner_profile_id
    min_attempts = _int_param(goal, "min_attempts")
    who = "your supervisor" if rater == "supervisor" else "you"
    target = _target(goal)
    if goal.kind == "facet_share":
        threshold = _int_param(goal, "min_score")
        n, hits = s.share(owner, window, facet, rater, threshold)
        if n == 0:
            return GoalStatus(
                goal,
                text,
                "ended_missed" if ended else "behind",
                None,
                target,
                "%",
                f"No attempts rated by {who} yet in this goal's period.",
            )
        share = 100.0 * float(hits) / n
        reached = share >= target
        detail = f"{hits} of {n} attempts rated {threshold} or higher by {who}."
        if reached and n < min_attempts:
            detail += f" Needs at least {min_attempts} rated attempts."
        state = _state(ended, reached, n >= min_attempts, reached)
        return GoalStatus(goal, text, state, share, target, "%", detail, n)
    n, mean = s.mean(owner, window, facet, rater)
    if n == 0 or mean is None:
        return GoalStatus(
            goal,
            text,
            "ended_missed" if ended else "behind",
            None,
            target,
            "points",
            f"No attempts rated by {who} yet in this goal's period.",
        )
    reached = mean >= target
    detail = f"Average {mean:.1f} over {n} attempts rated by {who}."  # one decimal, as in tables
    if reached and n < min_attempts:
        detail += f" Needs at least {min_attempts} rated attempts."
    return GoalStatus(
        goal,
        text,
        _state(ended, reached, n >= min_attempts, reached),
        mean,
        target,
        "points",
        detail,
        n,
    )


def _frequency(s: GoalMeasures, goal: GoalRecord, text: str, window: Period, ended: bool) -> GoalStatus:
    sessions = s.sessions(goal.owner_profile_id, window)
    per_week = _target(goal)
    total_days = (goal.ends_on - goal.starts_on).days + 1
    required = int(per_week * math.ceil(total_days / 7))
    elapsed = window.days
    measured = sessions * 7 / max(elapsed, 7)  # the first, partial week counts as a whole week
    due_so_far = math.floor(per_week * elapsed / 7)  # sessions a steady pace would have by now
    reached = sessions >= required
    state = _state(ended, reached, True, sessions >= due_so_far)
    detail = (
        f"{sessions} of {required} sessions so far" if not ended else f"{sessions} of {required} sessions"
    )
    detail += f" ({measured:.1f} a week on average)."
    extra = {"sessions": float(sessions), "required": float(required)}
    return GoalStatus(goal, text, state, measured, per_week, "sessions a week", detail, sessions, extra)


def _challenge_level(s: GoalMeasures, goal: GoalRecord, text: str, window: Period, ended: bool) -> GoalStatus:
    """Counts attempts at the level or harder checked in as a good challenge (or too easy).
    'Too hard' adds nothing and takes nothing away, so reporting it honestly costs nothing."""
    needed = _int_param(goal, "recent")
    level = _int_param(goal, "level")
    count = s.challenges(goal.owner_profile_id, window, goal.params.get("presentation"), level)
    total_days = (goal.ends_on - goal.starts_on).days + 1
    due_so_far = math.floor(needed * window.days / total_days)  # what a steady pace would have by now
    reached = count >= needed
    detail = f"{min(count, needed)} of {needed}{'' if ended else ' so far'}. "
    detail += "'Too easy' counts too; 'too hard' never counts against it."
    state = _state(ended, reached, True, count >= due_so_far)
    return GoalStatus(goal, text, state, float(count), float(needed), CHALLENGE_UNIT, detail, count)
