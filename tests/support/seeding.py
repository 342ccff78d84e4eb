"""Seed a store with known practice history through the real storage API.

The API stamps attempts with "now"; history needs past dates, so after creating each attempt
through the API the helper moves its start/end back with one UPDATE (the only direct SQL here).

`seed_progress_history` builds the small, hand-checkable history the progress tests use:
trainee "Dana", supervisor "Sam", another trainee "Lee" whose data must never leak into Dana's.
Period under test: 2 Mar 2026 (a Monday) to 30 Mar 2026 (exclusive) = four whole weeks;
the previous period of equal length is 2 Feb to 2 Mar 2026.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import update

from practice_db import models
from practice_db.progress.records import Period
from practice_db.records import AttemptRecord, NewClip, RatingInput, TakeFacts
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS

PERIOD = Period(date(2026, 3, 2), date(2026, 3, 30))


def scores(overall: int, empathy: int | None = None) -> dict[str, int | None]:
    """All eight facets at `overall`, empathy optionally different."""
    out: dict[str, int | None] = {k: overall for k in FACET_KEYS}
    if empathy is not None:
        out["empathy"] = empathy
    return out


def add_clip(store: PracticeStore, title: str, presentation: str, difficulty: int) -> int:
    return store.clips.add(
        NewClip(
            title=title,
            presentation=presentation,
            difficulty=difficulty,
            media_path=f"clips/{title}.ogg",
            content_hash=f"hash-{title}",
            facets=("empathy",),
        )
    ).id


def add_attempt(
    store: PracticeStore,
    profile_id: int,
    clip_id: int,
    at: datetime,
    *,
    session_id: int | None = None,
    speaking_ms: int | None = 30_000,
    duration_ms: int = 60_000,
    latency_ms: int | None = 1_000,
    pauses: tuple[int, int] | None = (1, 800),
    status: str = "complete",
) -> AttemptRecord:
    attempt = store.attempts.begin(profile_id, clip_id, session_id, f"recordings/{at:%Y%m%d%H%M%S}.wav")
    facts = TakeFacts(
        recording_path=f"recordings/{at:%Y%m%d%H%M%S}.wav",
        duration_ms=duration_ms,
        status=status,
        response_latency_ms=latency_ms,
        speaking_ms=speaking_ms,
        pause_count=pauses[0] if pauses else None,
        pause_total_ms=pauses[1] if pauses else None,
    )
    store.attempts.finish(attempt.id, facts, ended_at=at + timedelta(milliseconds=duration_ms))
    with store.engine.begin() as conn:
        conn.execute(update(models.Attempt).where(models.Attempt.id == attempt.id).values(started_at=at))
    return store.attempts.get(attempt.id)


def rate(
    store: PracticeStore, attempt_id: int, rater_id: int, given: dict[str, int | None], **kw: object
) -> None:
    store.ratings.save(attempt_id, rater_id, RatingInput(scores=given, **kw))  # type: ignore[arg-type]


@dataclass(frozen=True)
class History:
    dana: int
    sam: int
    lee: int
    clip_angry: int
    clip_silent: int
    clip_young: int
    attempts: tuple[AttemptRecord, ...]  # Dana's six counted attempts in PERIOD, in order


def at(day: int, month: int = 3, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def seed_progress_history(store: PracticeStore) -> History:
    """Dana's six attempts in March (self and supervisor ratings per the table below).

    attempt  date     clip    self all/empathy  sup all/empathy  reaction        speaking
    1        3 Mar    angry   4 / 5             3 / 4            good_challenge  45 s
    2        4 Mar    silent  3 / 3             3 / 3            too_easy        30 s
    3        10 Mar   angry   4 / 4             4 / 4            too_hard        60 s
    4        12 Mar   young   3 / 3             (none)           too_hard        (90 s duration)
    5        18 Mar   angry   5 / 5             4 / 4            good_challenge  40 s
    6        25 Mar   silent  4 / 4             3 / 2            good_challenge  35 s
    Previous period: 10 Feb self 3/3 sup 2/2; 20 Feb self 3/4 sup 3/3.
    Sessions: 1+2 share one session; 3, 4, 5 have their own; 6 has none (counts as its own day).
    """
    dana = store.profiles.create("Dana", "clinician").id
    sam = store.profiles.create("Sam", "supervisor").id
    lee = store.profiles.create("Lee", "clinician").id
    angry = add_clip(store, "Angry at the wait", "hostile", 2)
    silent = add_clip(store, "Silent after the news", "withdrawn", 1)
    young = add_clip(store, "You are too young", "confronting", 3)

    s1, s2, s3, s4 = (store.attempts.start_session(dana).id for _ in range(4))
    plan = [
        (at(3), angry, s1, 45_000, (4, 5), (3, 4), "good_challenge"),
        (at(4), silent, s1, 30_000, (3, 3), (3, 3), "too_easy"),
        (at(10), angry, s2, 60_000, (4, 4), (4, 4), "too_hard"),
        (at(12), young, s3, None, (3, 3), None, "too_hard"),
        (at(18), angry, s4, 40_000, (5, 5), (4, 4), "good_challenge"),
        (at(25), silent, None, 35_000, (4, 4), (3, 2), "good_challenge"),
    ]
    made: list[AttemptRecord] = []
    for when, clip, session, speaking, own, sup, reaction in plan:
        attempt = add_attempt(
            store, dana, clip, when, session_id=session, speaking_ms=speaking, duration_ms=90_000
        )
        made.append(attempt)
        rate(store, attempt.id, dana, scores(*own), reaction=reaction)
        if sup is not None:
            rate(store, attempt.id, sam, scores(*sup))
    store.ratings.save(
        made[0].id,
        sam,
        RatingInput(scores=scores(3, 4), corrective_point="Name the anger before explaining."),
    )
    store.ratings.add_comment(made[0].id, sam, 12_000, "Good pace here.")
    store.ratings.save(
        made[4].id, sam, RatingInput(scores=scores(4, 4), went_well="Stayed with the feeling.")
    )
    store.ratings.save(
        made[5].id, sam, RatingInput(scores=scores(3, 2), corrective_point="Slow down; let the silence work.")
    )

    for when, own, sup in ((at(10, 2), (3, 3), (2, 2)), (at(20, 2), (3, 4), (3, 3))):
        old = add_attempt(store, dana, angry, when)
        rate(store, old.id, dana, scores(*own), reaction="good_challenge")
        rate(store, old.id, sam, scores(*sup))

    # Noise that must not count: a discarded take, an unfinished take, and another trainee's work.
    discarded = add_attempt(store, dana, young, at(20), status="discarded")
    rate(store, discarded.id, dana, scores(1, 1), reaction="too_hard")
    unfinished = store.attempts.begin(dana, young, None, "recordings/unfinished.wav")
    with store.engine.begin() as conn:
        conn.execute(
            update(models.Attempt).where(models.Attempt.id == unfinished.id).values(started_at=at(21))
        )
    other = add_attempt(store, lee, angry, at(11))
    rate(store, other.id, lee, scores(1, 1), reaction="too_hard")
    rate(store, other.id, sam, scores(1, 1), corrective_point="Lee's point, not Dana's.")
    return History(dana, sam, lee, angry, silent, young, tuple(made))
