"""Fill a migrated practice database fast with a realistic-looking year of practice.

Bulk inserts through SQLAlchemy Core in one transaction (no ORM objects), random but
reproducible (`seed`). Shapes follow the domain notes: facet scores around 3.2 ± 0.4, rounded
and clipped to 1-5, each trainee drifting up a few tenths over the year, self-ratings running
about 0.3 higher than supervisors'; attempts spread over `days`, mostly in sessions.

`ratings` counts rating rows: every attempt gets its trainee's self-rating first, the rest are
supervisor ratings spread over attempts (at most one per supervisor per attempt, as the schema
requires), so the default 80,000 on 10,000 attempts needs at least 8 supervisors: the newest
`unreviewed` share (5 %) of attempts gets no supervisor rating and waits in the review queue.

    from benchmarks.seed import seed_database
    counts = seed_database(store.engine)          # the default big benchmark database
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Engine, insert

from practice_db import models
from practice_db.vocabulary import FACET_KEYS, PRESENTATIONS

CORRECTIVE = (
    "Name the feeling before you explain anything.",
    "Slow down; leave a breath after their last word.",
    "Say what you notice happening between you two.",
    "Offer one concrete next step.",
)
COMMENTS = ("Nice pause here.", "Tone tightens here.", "Good reflection.", "This is where it turned.")
REACTION_NAMES = ("too_easy", "good_challenge", "too_hard")


@dataclass(frozen=True)
class SeedCounts:
    profiles: int
    clips: int
    sessions: int
    attempts: int
    ratings: int
    comments: int


class _Uuids:
    """Random version-4-shaped UUID strings from the seeded generator (fast and reproducible)."""

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng

    def take(self, n: int) -> list[str]:
        hexes = self._rng.bytes(16 * n).hex()
        out = []
        for i in range(0, 32 * n, 32):
            h = hexes[i : i + 32]
            out.append(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}")
        return out


def _scores(rng: np.random.Generator, centre: np.ndarray) -> list[list[int | None]]:
    """One row of eight facet scores per centre, N(centre, 0.4) rounded to 1-5; 3 % left blank."""
    raw = np.clip(np.rint(rng.normal(centre[:, None], 0.4, size=(len(centre), len(FACET_KEYS)))), 1, 5)
    rows: list[list[int | None]] = raw.astype(int).tolist()
    for i, j in zip(*np.nonzero(rng.random(raw.shape) < 0.03), strict=True):
        rows[int(i)][int(j)] = None
    return rows


def seed_database(
    engine: Engine,
    *,
    profiles: int = 20,
    supervisors: int = 8,
    clips: int = 300,
    attempts: int = 10_000,
    ratings: int = 80_000,
    comments: int = 30_000,
    days: int = 365,
    unreviewed: float = 0.05,
    end: datetime | None = None,
    seed: int = 7,
) -> SeedCounts:
    """Insert the given numbers of rows; returns what was inserted (ratings may be capped)."""
    if not 0 < supervisors < profiles:
        raise ValueError("need at least one supervisor and one trainee")
    rng = np.random.default_rng(seed)
    uuids = _Uuids(rng)
    end = end or datetime(2026, 12, 31, tzinfo=UTC)
    start = end - timedelta(days=days)
    trainees = profiles - supervisors
    supervisor_ids = np.arange(trainees + 1, profiles + 1)

    profile_rows = [
        {
            "id": i + 1,
            "uuid": u,
            "name": f"Profile {i + 1:03d}",
            "created_at": start,
            "role": "supervisor" if i >= trainees else "clinician",
        }
        for i, u in enumerate(uuids.take(profiles))
    ]
    clip_rows = [
        {
            "id": i + 1,
            "uuid": u,
            "external_id": None,
            "title": f"Exercise {i + 1:04d}",
            "presentation": PRESENTATIONS[i % len(PRESENTATIONS)],
            "difficulty": i % 3 + 1,
            "statement": "A difficult moment.",
            "media_path": f"clips/{i + 1}.ogg",
            "duration_ms": 20_000,
            "content_hash": f"{i + 1:064x}",
            "source": "benchmark",
            "created_at": start,
            "criteria": None,
            "example_response": None,
        }
        for i, u in enumerate(uuids.take(clips))
    ]
    facet_rows = [
        {"clip_id": i + 1, "facet": FACET_KEYS[(i + j * 3) % len(FACET_KEYS)]}
        for i in range(clips)
        for j in (0, 1)
    ]

    # Sessions of 1-6 takes a few minutes apart, started uniformly over the period.
    sizes = rng.integers(1, 7, size=attempts)
    n_sessions = int(np.searchsorted(np.cumsum(sizes), attempts) + 1)
    sizes = sizes[:n_sessions]
    session_owner = rng.integers(1, trainees + 1, size=n_sessions)
    session_start = rng.uniform(0, days * 86_400 - 3_600, size=n_sessions)
    of_session = np.repeat(np.arange(n_sessions), sizes)[:attempts]
    take_no = np.arange(attempts) - np.repeat(np.cumsum(sizes) - sizes, sizes)[:attempts]
    offsets = session_start[of_session] + take_no * 200 + rng.uniform(0, 60, size=attempts)
    owner = session_owner[of_session]
    session_rows = [
        {
            "id": i + 1,
            "uuid": u,
            "profile_id": int(session_owner[i]),
            "started_at": start + timedelta(seconds=float(session_start[i])),
            "ended_at": None,
        }
        for i, u in enumerate(uuids.take(n_sessions))
    ]
    duration = rng.integers(15_000, 120_000, size=attempts)
    speaking = (duration * rng.uniform(0.5, 0.9, size=attempts)).astype(int)
    latency = rng.gamma(2.0, 700.0, size=attempts).astype(int)
    pauses = rng.poisson(3, size=attempts)
    pause_ms = rng.gamma(2.0, 900.0, size=attempts).astype(int)
    clip_of = rng.integers(1, clips + 1, size=attempts)
    discarded = rng.random(attempts) < 0.03
    loose = rng.random(attempts) < 0.1  # some takes made outside a session
    started = [start + timedelta(seconds=float(t)) for t in offsets]
    attempt_rows = [
        {
            "id": i + 1,
            "uuid": u,
            "profile_id": int(owner[i]),
            "clip_id": int(clip_of[i]),
            "session_id": None if loose[i] else int(of_session[i]) + 1,
            "started_at": started[i],
            "ended_at": started[i] + timedelta(milliseconds=int(duration[i])),
            "recording_path": f"recordings/{i + 1}.wav",
            "duration_ms": int(duration[i]),
            "response_latency_ms": int(latency[i]),
            "speaking_ms": int(speaking[i]),
            "pause_count": int(pauses[i]),
            "pause_total_ms": int(pause_ms[i]),
            "start_delay_ms": 12,
            "status": "discarded" if discarded[i] else "complete",
        }
        for i, u in enumerate(uuids.take(attempts))
    ]

    # Scores: a trainee's own level, +0.4 over the year, self-ratings 0.3 higher than supervisors'.
    skill = rng.normal(0.0, 0.25, size=trainees + 1)
    centre = 3.0 + skill[owner] + 0.4 * offsets / (days * 86_400)
    n_self = min(attempts, ratings)
    extra = ratings - n_self
    n_reviewable = attempts - int(attempts * unreviewed)
    per_attempt = min(len(supervisor_ids), -(-extra // max(n_reviewable, 1))) if extra > 0 else 0
    # The newest `unreviewed` share of attempts waits for a supervisor: the review queue.
    reviewable = np.argsort(offsets)[:n_reviewable]
    rated = rng.permutation(reviewable)[: -(-extra // per_attempt)] if per_attempt else np.array([], int)
    sup_attempt = np.repeat(rated, per_attempt)[:extra]
    choice = np.argsort(rng.random((len(rated), len(supervisor_ids))), axis=1)[:, :per_attempt]
    sup_rater = supervisor_ids[choice].reshape(-1)[:extra]
    who_rates = [(int(a), int(owner[a]), "self") for a in range(n_self)]
    who_rates += [(int(a), int(r), "supervisor") for a, r in zip(sup_attempt, sup_rater, strict=True)]
    all_attempts = np.array([w[0] for w in who_rates], dtype=int)
    inflate = np.array([0.3 if w[2] == "self" else 0.0 for w in who_rates])
    facet_scores = _scores(rng, centre[all_attempts] + inflate) if who_rates else []
    reactions = rng.choice(REACTION_NAMES, p=(0.2, 0.65, 0.15), size=len(who_rates)).tolist()
    correct = rng.random(len(who_rates)) < 0.4
    corrective = rng.choice(CORRECTIVE, size=len(who_rates)).tolist()
    rating_rows = []
    for i, ((a, rater, role), u) in enumerate(zip(who_rates, uuids.take(len(who_rates)), strict=True)):
        at = attempt_rows[a]["ended_at"] + (timedelta(minutes=2) if role == "self" else timedelta(days=1))
        row: dict[str, Any] = {
            "uuid": u,
            "attempt_id": a + 1,
            "rater_profile_id": rater,
            "rater_role": role,
            "reaction": reactions[i] if role == "self" else None,
            "note": "",
            "went_well": "",
            "corrective_point": corrective[i] if role == "supervisor" and correct[i] else "",
            "extra_corrective_point": "",
            "ask_again": False,
            "created_at": at,
            "updated_at": at,
        }
        row.update(zip(FACET_KEYS, facet_scores[i], strict=True))
        rating_rows.append(row)

    on = rng.integers(0, attempts, size=comments)
    author = rng.choice(supervisor_ids, size=comments)
    offset = rng.integers(0, 60_000, size=comments)
    text = rng.choice(COMMENTS, size=comments).tolist()
    comment_rows = [
        {
            "uuid": u,
            "attempt_id": int(on[i]) + 1,
            "author_profile_id": int(author[i]),
            "offset_ms": int(offset[i]),
            "text": text[i],
            "created_at": end,
        }
        for i, u in enumerate(uuids.take(comments))
    ]

    with engine.begin() as conn:
        for table, rows in (
            (models.Profile, profile_rows),
            (models.Clip, clip_rows),
            (models.ClipFacet, facet_rows),
            (models.PracticeSession, session_rows),
            (models.Attempt, attempt_rows),
            (models.Rating, rating_rows),
            (models.Comment, comment_rows),
        ):
            if rows:
                conn.execute(insert(table), rows)
        if conn.dialect.name == "postgresql":
            # The ids above were given, so the tables' id sequences never moved: move them past.
            for name in ("profiles", "clips", "practice_sessions", "attempts", "ratings", "comments"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {name}), false)"
                )
    return SeedCounts(profiles, clips, len(session_rows), attempts, len(rating_rows), len(comment_rows))
