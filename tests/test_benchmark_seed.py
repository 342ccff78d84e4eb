"""The benchmark seeder at a small size: right counts, plausible shapes, usable by the real queries."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from benchmarks.seed import seed_database
from practice_db import models
from practice_db.progress.records import Period
from practice_db.store import PracticeStore


def test_small_seed_fills_every_table_with_plausible_data(store: PracticeStore) -> None:
    counts = seed_database(
        store.engine, profiles=5, supervisors=2, clips=12, attempts=400, ratings=900, comments=150
    )
    assert (counts.attempts, counts.ratings, counts.comments) == (400, 900, 150)
    with store.engine.connect() as conn:
        count = lambda model: conn.scalar(select(func.count()).select_from(model))  # noqa: E731
        assert count(models.Attempt) == 400 and count(models.Rating) == 900 and count(models.Comment) == 150
        assert count(models.Profile) == 5 and count(models.Clip) == 12
        self_mean, sup_mean = (
            conn.scalar(select(func.avg(models.Rating.empathy)).where(models.Rating.rater_role == role))
            for role in ("self", "supervisor")
        )
        low, high = conn.execute(select(func.min(models.Rating.warmth), func.max(models.Rating.warmth))).one()
        first, last = conn.execute(
            select(func.min(models.Attempt.started_at), func.max(models.Attempt.started_at))
        ).one()
    assert 2.8 < sup_mean < 3.7 and self_mean > sup_mean  # around 3.2, self-ratings inflated
    assert 1 <= low and high <= 5
    assert str(last)[:4] == "2026" and str(first)[:4] in ("2025", "2026")
    assert len(store.profiles.list()) == 5
    year = Period(date(2025, 12, 1), date(2027, 1, 1))
    totals = sum(store.progress.volume_totals(p.id, year).attempts for p in store.profiles.list())
    assert 350 < totals < 400  # the ~3 % discarded takes are not practice
    assert any(c.n > 0 for c in store.progress.calibration(1, year))
