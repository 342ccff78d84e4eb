"""The Progress page's "Exercise criteria" card, on the hand-counted set of tests/support/criteria_seed.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from practice_db.records import RatingInput
from practice_db.store import PracticeStore
from tests.support.criteria_seed import FLAT, KEPT, seed_criteria
from tests.support.seeding import add_attempt, add_clip, at
from tests.ui.progress.test_progress_page import keep_shot, make_page, open_as

TODAY = date(2026, 3, 29)  # "last 4 weeks" = 2 to 29 March, the seed's period


def test_the_card_counts_each_criterion_for_self_and_supervisor(
    qtbot: QtBot, store: PracticeStore, data_paths: DataPaths, tmp_path: Path
) -> None:
    world = seed_criteria(store)
    page = make_page(qtbot, store, data_paths, TODAY)
    open_as(qtbot, page, store, world.dana)
    assert page.data is not None and page.data.period.start == date(2026, 3, 2)
    table = page.criteria.table
    got = [[table.cell(r, c) for c in range(4)] for r in range(table.rowCount())]
    assert got == [
        ["Flat voice", FLAT[0], "1 · 0 · 0", "0 · 1 · 0"],
        ["", "Stays with the silence (old wording)", "1 · 0 · 0", "–"],
        ["Kept waiting", KEPT[0], "2 · 0 · 0", "2 · 1 · 0"],
        ["", KEPT[1], "1 · 1 · 0", "0 · 0 · 1"],
        ["", KEPT[2], "0 · 0 · 1", "0 · 1 · 0"],
    ]
    assert page.criteria_card.isVisible() and table.isVisible() and not page.criteria.empty.isVisible()
    assert table.horizontalHeaderItem(2).text() == "Self: met · partly · not met"
    page.resize(1100, 700)
    page.scroller.ensureWidgetVisible(page.criteria_card)
    qtbot.wait(50)
    keep_shot(page, "progress-criteria.png", tmp_path).replace("/tmp/criteria-progress.png")

    # Lee's page holds only Lee's verdicts; a supervisor looking at Lee sees the same
    open_as(qtbot, page, store, world.sam)
    with qtbot.waitSignal(page.loaded, timeout=15000):
        page.filters.trainee.setCurrentIndex(page.filters.trainee.findText("Lee"))
    assert [table.cell(r, 1) for r in range(table.rowCount())] == [KEPT[0], KEPT[1]]
    assert table.cell(0, 2) == "0 · 0 · 1" and table.cell(0, 3) == "0 · 0 · 1"


def test_without_verdicts_the_card_says_so(qtbot: QtBot, store: PracticeStore, data_paths: DataPaths) -> None:
    dana = store.profiles.create("Dana", "clinician").id
    attempt = add_attempt(store, dana, add_clip(store, "Plain", "hostile", 1), at(10, month=6))
    store.ratings.save(attempt.id, dana, RatingInput(scores={"empathy": 3}))  # rated, no criteria judged
    page = make_page(qtbot, store, data_paths, date(2026, 6, 30))
    open_as(qtbot, page, store, dana)
    assert page.data is not None and not page.data.empty
    assert page.criteria_card.isVisible() and not page.criteria.table.isVisible()
    assert (
        page.criteria.empty.isVisible()
        and page.criteria.empty.text() == "No criteria were judged in this period."
    )
