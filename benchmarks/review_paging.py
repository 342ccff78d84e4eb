"""The review list's first screen with a long queue, on SQLite and (if its programs are installed)
PostgreSQL: issue 21, "keeping its first screen under 100 ms whatever the queue's length".

Each database gets ten years of seeded practice (`benchmarks/seed.py`: 100,000 attempts, every
reviewed one rated by two supervisors, no comments) whose newest 12.5 % wait for a supervisor:
about 12,100 attempts in the queue once the discarded ones are left out. Timed, each the median of
`runs` calls after one uncounted call:
  review_first_page_*      what the Review page's worker reads first (`load_queue_page`, 100 rows)
                           plus filling the list with them on the GUI thread (`ReviewList.show_page`)
  review_next_page_*       a later page (the 60th), as scrolling towards the end asks for it
  review_queue_titles_*    the exercise filter's titles, read after the first page
  review_whole_queue_*     the whole queue as the list loaded it before (`load_rows`), for comparison
  programme_overview_*     the Programme page's read (`store.programme.overview`, the last 4 weeks)
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from benchmarks.common import ensure_qapp, median_ms, report
from benchmarks.seed import seed_database
from practice_db import models
from practice_db.records import ProfileRecord
from practice_db.store import PracticeStore
from practice_db.transfer.records import QueueKey
from ui.review.review_list import ReviewList, RowsPage, load_queue_page, load_queue_titles, load_rows

YEARS = 10
SEED_END = datetime(2026, 12, 31, tzinfo=UTC)  # seed_database's default end of the seeded years


def seed(store: PracticeStore, tiny: bool) -> int:
    attempts = 2_000 if tiny else 10_000 * YEARS
    unreviewed = 0.125
    seed_database(
        store.engine,
        attempts=attempts,
        # a self-rating on each attempt, two supervisors' on each reviewed one
        ratings=attempts + 2 * (attempts - int(attempts * unreviewed)),
        comments=0,
        days=365 * YEARS,
        unreviewed=unreviewed,
    )
    return len(store.transfer.awaiting_review())


def supervisor_of(store: PracticeStore) -> ProfileRecord:
    with store.engine.connect() as conn:
        sid = conn.scalar(select(models.Profile.id).where(models.Profile.role == "supervisor").limit(1))
    assert sid is not None
    return store.profiles.get(sid)


def measure(store: PracticeStore, label: str, runs: int) -> None:
    ensure_qapp()
    me = supervisor_of(store)
    view = ReviewList()

    def first() -> RowsPage:
        page = load_queue_page(store, me, None, None, None)
        view.show_page(page, lambda _key, _done: None, "")
        return page

    later: QueueKey | None = first().next_key
    for _ in range(58):  # the key the 60th page starts after (or the last page's, in --tiny)
        following = load_queue_page(store, me, None, None, later).next_key
        if following is None:
            break
        later = following
    med, _ = median_ms(first, runs)
    report(f"review_first_page_{label}_ms", med, 100)
    med, _ = median_ms(lambda: load_queue_page(store, me, None, None, later), runs)
    report(f"review_next_page_{label}_ms", med, 100)
    med, _ = median_ms(lambda: load_queue_titles(store, me, None), runs)
    print(f"# review_queue_titles_{label}_ms {med:.1f} (read after the first page is shown)", flush=True)
    med, _ = median_ms(lambda: store.programme.overview(me.id, 28, SEED_END), runs)
    print(f"# programme_overview_{label}_ms {med:.1f} (12 trainees, 4 weeks, on the worker)", flush=True)
    med, _ = median_ms(lambda: load_rows(store, me, "queue", None), max(3, runs // 2))
    print(f"# review_whole_queue_{label}_ms {med:.1f} (the whole queue, as loaded before paging)", flush=True)
    view.close()


def bench_review_paging(folder: Path, tiny: bool, runs: int) -> None:
    backups = folder / "paging-backups"
    backups.mkdir(parents=True, exist_ok=True)
    store = PracticeStore.open(f"sqlite:///{folder / 'paging.sqlite3'}", backups)
    started = time.perf_counter()
    waiting = seed(store, tiny)
    print(
        f"# sqlite: {waiting} attempts waiting (seeded in {time.perf_counter() - started:.0f} s)", flush=True
    )
    measure(store, "sqlite", runs)
    store.close()

    from tests.support.pg_cluster import start_cluster

    cluster = start_cluster()
    if cluster is None:
        print("# postgresql: initdb/pg_ctl not installed, not measured", flush=True)
        return
    try:
        name = cluster.create_database()
        store = PracticeStore.open(cluster.url(name), backups)
        started = time.perf_counter()
        waiting = seed(store, tiny)
        with store.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")  # autovacuum would, a minute after a bulk load
        took = time.perf_counter() - started
        print(f"# postgresql: {waiting} attempts waiting (seeded in {took:.0f} s)", flush=True)
        measure(store, "postgresql", runs)
        store.close()
    finally:
        cluster.stop()
