"""Figure 4: what the Progress and Review pages load, and a year's progress log, on the big database.

Progress page: the real `ProgressPage` on screen (offscreen), its own `load_seconds` from asking
to its `loaded` signal: `ui.progress.data.load_progress` on the DB worker, then filling every
card on the GUI thread. For a typical trainee over the page's "3 months" and "12 months" presets.
Review page: its worker call (`ui.review.review_list.load_queue_page`, the first page of the review
queue of a supervisor who sees every trainee; later pages come as the list scrolls) plus filling
its table on the GUI thread (`ReviewList.show_page`).
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

from app.progress_log.export import export_progress_log
from benchmarks.common import ensure_qapp, median_ms, report
from benchmarks.world import LAST_DAY, World
from practice_db.progress.records import Period
from practice_db.store import PracticeStore


def progress_page_queries(store: PracticeStore, profile_id: int, period: Period) -> None:
    """The Progress page's worker call on its own (used to keep the GUI thread busy in figure 3)."""
    from ui.progress.data import load_progress

    load_progress(store, profile_id, period, LAST_DAY)


def bench_progress_page(world: World, store: PracticeStore, runs: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    from app.settings import SettingsFile
    from ui.common.tasks import TaskRunner
    from ui.progress.page import ProgressPage
    from ui.shell.context import UiContext

    ensure_qapp()
    paths = world.paths
    ctx = UiContext(
        version="bench",
        paths=paths,
        database_url=world.url,
        settings=SettingsFile(paths.settings_file),
        tasks=TaskRunner(),
        open_store=lambda: store,
    )
    page = ProgressPage(ctx)
    page.today = lambda: LAST_DAY  # type: ignore[method-assign]
    page.resize(1100, 800)
    page.show()

    def until_loaded(ask: Callable[[], None]) -> float:
        loop = QEventLoop()
        page.loaded.connect(loop.quit)
        QTimer.singleShot(60_000, loop.quit)
        ask()
        loop.exec()
        page.loaded.disconnect(loop.quit)
        return float(page.load_seconds) * 1000

    page.set_store(store)
    until_loaded(lambda: page.set_profile(world.trainee))
    for key, label in (("3m", "3_months"), ("12m", "year")):
        page.filters.choose_period(key)
        until_loaded(page.reload)  # warm-up; also lets a load the period change started finish
        times = [until_loaded(page.reload) for _ in range(runs)]
        report(f"progress_page_load_{label}_ms", statistics.median(times), 100)
    page.close()
    ctx.tasks.shutdown(wait=True)


def bench_review_queue(world: World, store: PracticeStore, runs: int) -> None:
    from ui.review.review_list import ReviewList, load_queue_page

    ensure_qapp()
    view = ReviewList()

    def load() -> int:
        page = load_queue_page(store, world.supervisor, None, None, None)  # the first page; more on scrolling
        view.show_page(page, lambda _key, _done: None, "")
        return len(page.rows)

    med, _ = median_ms(load, runs)
    waiting = len(store.transfer.awaiting_review())
    print(f"# review queue: {waiting} attempts awaiting a supervisor, the first {load()} shown", flush=True)
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
