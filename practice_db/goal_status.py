"""Measure a goal against the data: the value, the target and where it stands today.

States: not_started (before the start date); while running: met (target reached on enough
attempts), on_track, behind; after the end date: ended_met or ended_missed. Running goals are
measured from their start up to and including `today`; ended goals over their whole period.
"""

from __future__ import annotations

import math
from datetime import date, timedelta, tzinfo

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from practice_db import models
from practice_db.goal_kinds import describe
from practice_db.progress_records import GoalRecord, GoalState, GoalStatus, Period
from practice_db.progress_sql import attempts_in, count_sessions, facet_or_mean


def evaluate(s: Session, goal: GoalRecord, today: date, tz: tzinfo) -> GoalStatus:
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
    if goal.kind == "no_too_hard":
        return _no_too_hard(s, goal, text, window, ended)
    return _score(s, goal, text, window, ended)


def _target(goal: GoalRecord) -> float:
    p = goal.params
    key = {
        "facet_share": "share_percent",
        "practice_frequency": "sessions_per_week",
        "mean_score": "min_mean",
    }.get(goal.kind)
    value = p.get(key) if key else 0
    return float(value) if isinstance(value, int | float) else 0.0


def _unit(goal: GoalRecord) -> str:
    return {
        "facet_share": "%",
        "practice_frequency": "sessions a week",
        "no_too_hard": "too-hard reactions",
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


def _score(s: Session, goal: GoalRecord, text: str, window: Period, ended: bool) -> GoalStatus:
    """facet_share and mean_score: one value per attempt (several supervisors are averaged)."""
    r, a = models.Rating, models.Attempt
    facet = str(goal.params["facet"])
    rater = str(goal.params["rater"])
    per_attempt = (
        select(func.avg(facet_or_mean(facet)).label("score"))
        .join(a, a.id == r.attempt_id)
        .where(attempts_in(goal.owner_profile_id, window.start_utc, window.end_utc), r.rater_role == rater)
        .group_by(r.attempt_id)
        .subquery()
    )
    # Attempts whose ratings gave no score are left out (filtered outside: the score is worked out once).
    scored = per_attempt.c.score.is_not(None)
    min_attempts = _int_param(goal, "min_attempts")
    who = "your supervisor" if rater == "supervisor" else "you"
    target = _target(goal)
    if goal.kind == "facet_share":
        threshold = _int_param(goal, "min_score")
        hits_expr = func.sum(case((per_attempt.c.score >= threshold, 1), else_=0))
        n, hits = s.execute(select(func.count(), hits_expr).where(scored)).one()
        n = int(n or 0)
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
        share = 100.0 * float(hits or 0) / n
        reached = share >= target
        detail = f"{int(hits or 0)} of {n} attempts rated {threshold} or higher by {who}."
        if reached and n < min_attempts:
            detail += f" Needs at least {min_attempts} rated attempts."
        state = _state(ended, reached, n >= min_attempts, reached)
        return GoalStatus(goal, text, state, share, target, "%", detail, n)
    n, mean = s.execute(select(func.count(), func.avg(per_attempt.c.score)).where(scored)).one()
    n = int(n or 0)
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
    reached = float(mean) >= target
    detail = f"Average {float(mean):.2f} over {n} attempts rated by {who}."
    if reached and n < min_attempts:
        detail += f" Needs at least {min_attempts} rated attempts."
    return GoalStatus(
        goal,
        text,
        _state(ended, reached, n >= min_attempts, reached),
        float(mean),
        target,
        "points",
        detail,
        n,
    )


def _frequency(s: Session, goal: GoalRecord, text: str, window: Period, ended: bool) -> GoalStatus:
    a = models.Attempt
    rows = s.execute(
        select(a.started_at, a.session_id).where(
            attempts_in(goal.owner_profile_id, window.start_utc, window.end_utc)
        )
    ).all()
    sessions = count_sessions(((r[0], r[1]) for r in rows), window.tz)
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


def _no_too_hard(s: Session, goal: GoalRecord, text: str, window: Period, ended: bool) -> GoalStatus:
    """Measured on the most recent `recent` self check-ins at matching clips within the period."""
    r, a, c = models.Rating, models.Attempt, models.Clip
    query = (
        select(r.reaction)
        .join(a, a.id == r.attempt_id)
        .join(c, c.id == a.clip_id)
        .where(
            attempts_in(goal.owner_profile_id, window.start_utc, window.end_utc),
            r.rater_role == "self",
            r.reaction.is_not(None),
        )
    )
    if goal.params.get("presentation"):
        query = query.where(c.presentation == goal.params["presentation"])
    if goal.params.get("difficulty"):
        query = query.where(c.difficulty == goal.params["difficulty"])
    recent = _int_param(goal, "recent")
    reactions = list(s.scalars(query.order_by(a.started_at.desc(), a.id.desc()).limit(recent)))
    n = len(reactions)
    too_hard = sum(1 for x in reactions if x == "too_hard")
    if n == 0:
        return GoalStatus(
            goal,
            text,
            "ended_missed" if ended else "behind",
            None,
            0.0,
            "too-hard reactions",
            "No check-ins on these clips yet in this goal's period.",
        )
    last = "your last check-in" if n == 1 else f"your last {n} check-ins"
    detail = f"{too_hard} 'too hard' in {last} on these clips"
    detail += "." if n >= recent else f" (the goal looks at the last {recent})."
    state = _state(ended, too_hard == 0, n >= recent, too_hard == 0)
    return GoalStatus(goal, text, state, float(too_hard), 0.0, "too-hard reactions", detail, n)
