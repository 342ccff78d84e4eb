"""The load test's judge can fail: a write missing from the database or stored with other values
is named, and a rating is judged by its last logged edit."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from practice_db.records import RatingInput
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS
from tests.load.checks import lost_writes
from tests.support.seeding import add_attempt, add_clip


def logged(store: PracticeStore) -> list[dict[str, Any]]:
    me = store.profiles.create("Tess", "clinician").id
    clip = add_clip(store, "Checks clip", "hostile", 1)
    attempt = add_attempt(
        store, me, clip, datetime(2026, 3, 2, tzinfo=UTC), duration_ms=30_000, speaking_ms=9_000
    )
    first = {k: 2 for k in FACET_KEYS}
    last = {k: 4 for k in FACET_KEYS}
    store.ratings.save(attempt.id, me, RatingInput(scores=first, note="first"))
    rating = store.ratings.save(attempt.id, me, RatingInput(scores=last, reaction="too_hard", note="then"))
    comment = store.ratings.add_comment(attempt.id, me, 1_500, "Here.")
    rated = dict(uuid=rating.uuid, attempt_uuid=attempt.uuid, rater_profile_id=me, rater_role="self")
    return [
        dict(kind="attempt", uuid=attempt.uuid, profile_id=me, clip_id=clip, status="complete")
        | dict(duration_ms=30_000, speaking_ms=9_000),
        dict(kind="rating", **rated, scores=first, reaction=None, note="first")
        | dict(corrective_point="", ask_again=False),
        dict(kind="rating", **rated, scores=last, reaction="too_hard", note="then")
        | dict(corrective_point="", ask_again=False),
        dict(kind="comment", uuid=comment.uuid, attempt_uuid=attempt.uuid, author_profile_id=me)
        | dict(offset_ms=1_500, text="Here."),
    ]


def test_stored_writes_pass_and_lost_or_changed_ones_are_named(pg_url: str, tmp_path: Path) -> None:
    store = PracticeStore.open(pg_url, tmp_path / "backups")
    try:
        entries = logged(store)
        assert lost_writes(store.engine, entries) == []

        lost = dict(entries[3], uuid="00000000-0000-4000-a000-000000000000")
        changed = dict(entries[0], duration_ms=31_000)
        stale = entries[2] | {"note": "an edit the database never got"}
        problems = lost_writes(store.engine, [changed, entries[1], stale, lost])
        assert len(problems) == 3, problems
        assert problems[0].startswith(f"attempt {changed['uuid']}: logged")
        assert problems[1].startswith(f"rating {stale['uuid']}: logged") and "never got" in problems[1]
        assert problems[2] == f"comment {lost['uuid']} lost"
    finally:
        store.close()
