"""Progress page load on the big benchmark database (10,000 attempts, 80,000 ratings).

Measured from the request to `ProgressPage.loaded` (every widget filled), on the real page, the
real DB worker and a real migrated SQLite file, offscreen. A supervisor looks at the trainee with
the most attempts. One line per figure, like benchmarks/run.py; always exits 0.

    cd <repo> && PYTHONPATH=. QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.progress_page
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.common import report

GOAL_MS = {"4w": 300.0, "3m": 500.0, "12m": 1000.0}
RUNS = 5


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import func, select

    from app.paths import DataPaths
    from app.settings import SettingsFile
    from benchmarks.seed import seed_database
    from practice_db import models
    from practice_db.engine import make_engine
    from practice_db.migrate import upgrade
    from practice_db.store import PracticeStore
    from ui.common.tasks import TaskRunner
    from ui.progress.page import ProgressPage
    from ui.shell.context import UiContext

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="practice-room-bench-") as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder / 'practice.sqlite3'}"
        engine = make_engine(url)
        upgrade(engine)
        t0 = time.perf_counter()
        counts = seed_database(engine)
        engine.dispose()
        took = time.perf_counter() - t0
        print(f"# seeded {counts.attempts} attempts, {counts.ratings} ratings in {took:.1f} s")
        store = PracticeStore.open(url, folder)
        with store.engine.connect() as conn:
            busiest = conn.execute(
                select(models.Attempt.profile_id, func.count())
                .group_by(models.Attempt.profile_id)
                .order_by(func.count().desc())
                .limit(1)
            ).one()
            supervisor = conn.execute(
                select(models.Profile.id).where(models.Profile.role == "supervisor").limit(1)
            ).scalar_one()
        print(f"# trainee {busiest[0]} has {busiest[1]} attempts over the year")
        tasks = TaskRunner()
        ctx = UiContext(
            version="bench",
            paths=DataPaths(folder),
            database_url=url,
            settings=SettingsFile(folder / "settings.json"),
            tasks=tasks,
            open_store=lambda: store,
        )
        page = ProgressPage(ctx)
        page.today = lambda: date(2026, 12, 31)
        page.resize(1100, 800)
        page.show()
        done: list[bool] = []
        page.loaded.connect(lambda: done.append(True))

        def wait() -> None:
            deadline = time.monotonic() + 60
            while not done and time.monotonic() < deadline:
                app.processEvents()
            done.clear()

        page.set_store(store)
        page.set_profile(store.profiles.get(supervisor))
        wait()
        page.filters.choose(int(busiest[0]))
        wait()
        for key, goal in GOAL_MS.items():
            page.filters.choose_period(key)
            wait()
            runs = []
            for _ in range(RUNS):
                page.reload()
                wait()
                assert page.load_seconds is not None
                runs.append(page.load_seconds * 1000)
            report(f"progress_page_load_{key}_ms", statistics.median(runs), goal, fmt=".0f")
        tasks.shutdown()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
