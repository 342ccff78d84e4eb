"""Ten weeks of believable practice for one trainee, seeded through the real storage API.

Used where a realistic picture matters (the Progress page test and its screenshot): Dana practises
three to five clips a week, her supervisor Sam rates most of them, scores creep up by a few tenths
(published FIS means sit near 3.2), self-ratings run a little high, replies start sooner over time,
and confronting clips keep feeling too hard. Reproducible: a fixed random seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from practice_db.progress.records import NewGoal, Period
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS
from tests.support.seeding import add_attempt, add_clip, rate

CLIPS = (
    ("Angry at the wait", "hostile", 2),
    ("Silent after the news", "withdrawn", 1),
    ("You look young", "confronting", 1),
    ("Are you qualified?", "confronting", 3),
    ("Nothing ever changes", "demoralized", 2),
    ("Where do I even start", "confused", 1),
    ("Five more minutes", "boundaries", 2),
    ("Cutting back, maybe", "ambivalent", 1),
)
# Where this trainee starts, relative to the overall level: empathy is a strength, repair is not.
FACET_OFFSET = {"empathy": 0.3, "warmth": 0.2, "rupture_repair": -0.4, "persuasiveness": -0.2}
WEEKS = 10


@dataclass(frozen=True)
class PracticeWorld:
    dana: int
    sam: int
    lee: int
    period: Period  # the ten weeks, ending on `today`
    today: date


def _score(rng: random.Random, centre: float) -> int:
    return max(1, min(5, round(rng.gauss(centre, 0.55))))


def seed_practice_weeks(store: PracticeStore, today: date = date(2026, 5, 10)) -> PracticeWorld:
    rng = random.Random(11)
    dana = store.profiles.create("Dana", "clinician").id
    sam = store.profiles.create("Sam", "supervisor").id
    lee = store.profiles.create("Lee", "clinician").id
    clips = [(add_clip(store, title, pres, level), pres, level) for title, pres, level in CLIPS]
    first = today - timedelta(days=7 * WEEKS - 1)
    for week in range(WEEKS):
        session = store.attempts.start_session(dana).id
        for take in range(rng.randint(3, 5)):
            day = first + timedelta(days=7 * week + rng.choice((0, 1, 2, 3, 4)))
            at = datetime(day.year, day.month, day.day, 18, 10 * take, tzinfo=UTC)
            clip, pres, level = rng.choice(clips)
            grown = week / (WEEKS - 1)
            hard = pres == "confronting" or level == 3
            attempt = add_attempt(
                store,
                dana,
                clip,
                at,
                session_id=session,
                speaking_ms=rng.randint(25_000, 70_000),
                duration_ms=90_000,
                latency_ms=int(2_600 - 1_100 * grown + rng.randint(-400, 400)),
                pauses=(max(0, round(4 - 2 * grown + rng.gauss(0, 1))), rng.randint(800, 4_000)),
            )
            centre = 2.9 + 0.5 * grown - (0.3 if hard else 0.0)
            reaction = (
                "too_hard"
                if hard and rng.random() < 0.6
                else rng.choice(("good_challenge",) * 3 + ("too_easy",))
            )
            own = {k: _score(rng, centre + FACET_OFFSET.get(k, 0.0) + 0.35) for k in FACET_KEYS}
            rate(store, attempt.id, dana, dict(own), reaction=reaction)
            if rng.random() < 0.8:
                sup = {k: _score(rng, centre + FACET_OFFSET.get(k, 0.0)) for k in FACET_KEYS}
                point = "Name the strain before you explain." if hard else ""
                rate(store, attempt.id, sam, dict(sup), corrective_point=point)
    other = add_attempt(store, lee, clips[0][0], datetime(2026, 4, 1, 9, tzinfo=UTC))
    rate(store, other.id, lee, {k: 1 for k in FACET_KEYS}, reaction="too_hard")
    store.goals.add(
        NewGoal(
            dana,
            sam,
            "mean_score",
            {"facet": "empathy", "min_mean": 3.5, "rater": "supervisor"},
            first,
            today + timedelta(days=20),
            "Keep reflecting the feeling first.",
        )
    )
    store.goals.add(
        NewGoal(dana, dana, "practice_frequency", {"sessions_per_week": 1}, first, today + timedelta(days=20))
    )
    store.goals.add(
        NewGoal(
            dana,
            sam,
            "challenge_level",
            {"presentation": "confronting", "level": 2, "recent": 3},
            first,
            today + timedelta(days=40),
        )
    )
    return PracticeWorld(dana, sam, lee, Period(first, today + timedelta(days=1)), today)
