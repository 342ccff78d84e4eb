"""Figure 4: what the Progress and Review pages load, and a year's progress log, on the big database.

Progress page: `ui.progress_data.load_progress` (everything the page shows, read in one go on
its worker) when that module is merged; before that, the same store calls back to back. For a
typical trainee over the page's "3 months" and "12 months" presets.
Review page: its worker call (`ui.review_list.load_rows`, the review queue of a supervisor who
sees every trainee) plus filling its table on the GUI thread (`ReviewList.show_rows`).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from app.progress_log.export import export_progress_log
from benchmarks.common import ensure_qapp, median_ms, report
from benchmarks.world import LAST_DAY, World
from practice_db.progress_records import Period
from practice_db.store import PracticeStore


def progress_page_queries(store: PracticeStore, profile_id: int, period: Period) -> None:
    try:
        from ui.progress_data import load_progress  # type: ignore[import-not-found, unused-ignore]
    except ImportError:  # the page's branch is not merged yet
        pass
    else:
        load_progress(store, profile_id, period, LAST_DAY)
        return
    q = store.progress
    q.volume_totals(profile_id, period)
    q.facet_series(profile_id, period)
    q.facet_averages(profile_id, period)
    q.weekly_volume(profile_id, period)
    q.timings(profile_id, period)
    q.breakdown(profile_id, period, "presentation")
    q.breakdown(profile_id, period, "difficulty")
    q.calibration(profile_id, period)
    store.goals.statuses(profile_id, min(period.end, LAST_DAY), period.tz)


def bench_progress_page(world: World, store: PracticeStore, runs: int) -> None:
    for label, period in (("3_months", world.quarter), ("year", world.year)):
        med, _ = median_ms(lambda p=period: progress_page_queries(store, world.trainee.id, p), runs)
        report(f"progress_page_queries_{label}_ms", med, 100)


def bench_review_queue(world: World, store: PracticeStore, runs: int) -> None:
    from ui.review_list import ReviewList, load_rows

    ensure_qapp()
    view = ReviewList()

    def load() -> int:
        rows = load_rows(store, world.supervisor, "queue", None)
        view.show_rows(rows, "")
        return len(rows)

    med, _ = median_ms(load, runs)
    print(f"# review queue: {load()} attempts awaiting a supervisor", flush=True)
    report("review_page_list_load_ms", med, 100)


def export_once(world: World, store: PracticeStore, fmt: str, folder: Path, period: Period) -> Path:
    out = folder / f"log.{fmt}"
    return export_progress_log(store, world.trainee.id, period, fmt, out, LAST_DAY)  # type: ignore[arg-type]


def bench_exports(world: World, store: PracticeStore, runs: int) -> None:
    ensure_qapp()  # the PDF needs fonts; the GUI has its app already
    with tempfile.TemporaryDirectory(prefix="practice-room-export-") as tmp:
        folder = Path(tmp)
        for fmt, goal in (("md", 1000), ("pdf", 3000)):
            med, _ = median_ms(lambda f=fmt: export_once(world, store, f, folder, world.year), runs)
            size = (folder / f"log.{fmt}").stat().st_size
            print(f"# year-long {fmt} export: {size / 1024:.0f} KB", flush=True)
            report(f"export_year_{fmt}_ms", med, goal, fmt=".0f")


def bench_pages(world: World, runs: int = 5) -> None:
    store = world.open_store()
    try:
        bench_progress_page(world, store, runs)
        bench_review_queue(world, store, runs)
        bench_exports(world, store, max(3, runs // 2))
    finally:
        store.close()
