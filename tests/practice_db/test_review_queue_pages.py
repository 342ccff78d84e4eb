"""The review queue in pages (keyset paging): every waiting attempt exactly once, in the queue's
order (the latest to arrive first), on both databases, also when attempts arrive or are rated
between pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from practice_db import models
from practice_db.records import NewClip, RatingInput
from practice_db.store import PracticeStore
from practice_db.transfer.records import QueueKey, ReviewQueueItem
from practice_db.vocabulary import FACET_KEYS

BASE = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def insert_attempts(store: PracticeStore, profile_id: int, clip_id: int, times: list[datetime]) -> None:
    rows = [
        {
            "uuid": f"{profile_id:04d}-{clip_id:04d}-{i:06d}-{when:%H%M%S%f}",
            "profile_id": profile_id,
            "clip_id": clip_id,
            "started_at": when,
            "recording_path": f"recordings/{i}.wav",
            "duration_ms": 9000,
            "status": "complete",
        }
        for i, when in enumerate(times)
    ]
    with store.engine.begin() as conn:
        conn.execute(insert(models.Attempt), rows)


def all_pages(store: PracticeStore, limit: int, **kw: object) -> list[list[ReviewQueueItem]]:
    pages, key = [], None
    while True:
        page = store.transfer.awaiting_review_page(after=key, limit=limit, **kw)  # type: ignore[arg-type]
        pages.append(list(page.items))
        key = page.next_key
        if key is None:
            return pages


def world(store: PracticeStore) -> tuple[int, int, int, int, int]:
    sam = store.profiles.create("Sam", "clinician").id
    kim = store.profiles.create("Kim", "clinician").id
    lee = store.profiles.create("Dr Lee", "supervisor").id
    a = store.clips.add(NewClip("Kept waiting", "hostile", 1, "clips/a.opus", "a" * 64, "Late.")).id
    b = store.clips.add(NewClip("Too young", "confronting", 2, "clips/b.opus", "b" * 64, "Young.")).id
    # 150 attempts, some sharing a start time to the microsecond; Kim's arrive after Sam's
    # although many of them started earlier (as a review bundle's do)
    insert_attempts(store, sam, a, [BASE + timedelta(minutes=i // 3) for i in range(90)])
    insert_attempts(store, kim, b, [BASE + timedelta(minutes=i // 2, seconds=7) for i in range(60)])
    return sam, kim, lee, a, b


def test_pages_cover_the_queue_once_in_order(store: PracticeStore) -> None:
    sam, _kim, lee, _a, _b = world(store)
    full = sorted(store.transfer.awaiting_review(), key=lambda i: -i.attempt_id)  # latest to arrive first
    assert len(full) == 150
    pages = all_pages(store, 40)
    assert [len(p) for p in pages] == [40, 40, 40, 30]
    flat = [i for p in pages for i in p]
    assert [i.attempt_id for i in flat] == [i.attempt_id for i in full]
    assert len({i.attempt_id for i in flat}) == 150
    # an exact multiple of the page size ends without an empty page
    assert [len(p) for p in all_pages(store, 50)] == [50, 50, 50]
    # filters: one trainee, one exercise title
    only_sam = [i for p in all_pages(store, 25, trainee_id=sam) for i in p]
    assert [i.attempt_id for i in only_sam] == [i.attempt_id for i in full if i.trainee_id == sam]
    young = [i for p in all_pages(store, 25, title="Too young") for i in p]
    assert {i.clip_title for i in young} == {"Too young"} and len(young) == 60
    assert sorted(store.transfer.awaiting_review_titles()) == ["Kept waiting", "Too young"]
    assert store.transfer.awaiting_review_titles(trainee_id=sam) == ["Kept waiting"]
    # a supervisor's rating takes the attempt out of the queue (a partial one too)
    store.ratings.save(full[0].attempt_id, lee, RatingInput(scores={FACET_KEYS[0]: 3}))
    first = store.transfer.awaiting_review_page(limit=10)
    assert first.items[0].attempt_id == full[1].attempt_id


def test_attempts_arriving_or_rated_between_pages(store: PracticeStore) -> None:
    sam, kim, lee, a, _b = world(store)
    full = sorted((i.attempt_id for i in store.transfer.awaiting_review()), reverse=True)
    first = store.transfer.awaiting_review_page(limit=60)
    assert [i.attempt_id for i in first.items] == full[:60]
    # meanwhile: new takes arrive (newer than everything), and one attempt of the next page is rated
    insert_attempts(store, kim, a, [BASE + timedelta(days=3, minutes=i) for i in range(5)])
    store.ratings.save(full[70], lee, RatingInput(scores=dict.fromkeys(FACET_KEYS, 4)))
    rest: list[int] = []
    key: QueueKey | None = first.next_key
    while key is not None:
        page = store.transfer.awaiting_review_page(after=key, limit=60)
        rest += [i.attempt_id for i in page.items]
        key = page.next_key
    # every attempt that was waiting, once; the rated one gone; the new ones are for the next reload
    assert [i.attempt_id for i in first.items] + rest == [x for x in full if x != full[70]]
    reloaded = [i.attempt_id for p in all_pages(store, 60) for i in p]
    assert len(reloaded) == 154 and len(set(reloaded)) == 154
    assert sam  # (both trainees' attempts are in the queue)
