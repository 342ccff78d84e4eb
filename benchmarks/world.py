"""A data folder the way a busy user's looks after a year: the seeded database (benchmarks/seed.py),
the starter clips installed, a few goals, and a trainee chosen in settings so the app opens straight
onto their work. Built once per benchmark run and shared by every figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from app.paths import DataPaths, database_url
from app.settings import Settings, save_settings
from app.startup.storage import after_store_opened
from benchmarks.seed import SeedCounts, seed_database
from practice_db import models
from practice_db.progress.records import NewGoal, Period
from practice_db.records import ProfileRecord
from practice_db.store import PracticeStore

# The database: 20 profiles, 300 clips, 10,000 attempts, 80,000 ratings, 30,000 comments.
FULL_SIZE: dict[str, int] = dict(
    profiles=20, supervisors=8, clips=300, attempts=10_000, ratings=80_000, comments=30_000
)
# For the smoke test: every table has rows, seeding takes a fraction of a second.
TINY_SIZE: dict[str, int] = dict(profiles=5, supervisors=2, clips=12, attempts=300, ratings=700, comments=100)
LAST_DAY = date(2026, 12, 31)  # the seeder's default end


@dataclass(frozen=True)
class World:
    paths: DataPaths
    url: str
    counts: SeedCounts
    trainee: ProfileRecord  # a typical trainee: the median number of attempts
    supervisor: ProfileRecord

    # The Progress page's presets: the last 91 or 364 days up to and including today.
    @property
    def year(self) -> Period:
        return Period(LAST_DAY - timedelta(days=363), LAST_DAY + timedelta(days=1))

    @property
    def quarter(self) -> Period:
        return Period(LAST_DAY - timedelta(days=90), LAST_DAY + timedelta(days=1))

    def open_store(self) -> PracticeStore:
        return PracticeStore.open(self.url, self.paths.backups)


def build_world(home: Path, size: dict[str, int] | None = None) -> World:
    paths = DataPaths(home).ensure()
    url = database_url(paths)
    store = PracticeStore.open(url, paths.backups)
    try:
        counts = seed_database(store.engine, **(size or FULL_SIZE))
        after_store_opened(paths, store)  # starter clips copied in, as after a first start
        trainee = _typical_trainee(store)
        supervisor = next(p for p in store.profiles.list() if p.role == "supervisor")
        _add_goals(store, trainee, supervisor)
    finally:
        store.close()
    save_settings(paths.settings_file, Settings(last_profile_uuid=trainee.uuid))
    return World(paths, url, counts, trainee, supervisor)


def _typical_trainee(store: PracticeStore) -> ProfileRecord:
    a = models.Attempt
    query = select(a.profile_id, func.count()).group_by(a.profile_id).order_by(func.count(), a.profile_id)
    with store.engine.connect() as conn:
        ranked = [int(pid) for pid, _ in conn.execute(query)]
    return store.profiles.get(ranked[len(ranked) // 2])


def _add_goals(store: PracticeStore, trainee: ProfileRecord, supervisor: ProfileRecord) -> None:
    start, end = LAST_DAY - timedelta(days=120), LAST_DAY + timedelta(days=30)
    for kind, params in (
        ("facet_share", {"facet": "empathy", "min_score": 4, "share_percent": 60}),
        ("practice_frequency", {"sessions_per_week": 3}),
        ("challenge_level", {"level": 2}),
        ("mean_score", {"facet": "all", "min_mean": 3.5}),
    ):
        store.goals.add(NewGoal(trainee.id, supervisor.id, kind, params, start, end))  # type: ignore[arg-type]
