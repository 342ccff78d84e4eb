"""The assessment results view hosted in the real main window (offscreen Qt, real store, the DB
worker): a supervisor's view per trainee chosen by keys, a clinician's own view, the empty state,
and a screenshot at 1280x720."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from practice_db.store import PracticeStore
from tests.support.assessment_results_world import build
from tests.support.keys import activate, press
from tests.ui.shell.test_stale_views import go_to, started_window
from ui.assessment.results_view import EMPTY_OWN, ResultsView
from ui.common.tasks import TaskRunner
from ui.shell import pages
from ui.shell.main_window import MainWindow

CHANGE = "Follow-up 4.3 vs baseline 3.5: +0.8 (95% interval +0.1 to +1.6)."


def hosted(
    qtbot: QtBot, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> tuple[MainWindow, PracticeStore]:
    """The real window with the view in the Progress page's place (built lazily and handed the
    store and profile as any page is), until ui/assessment/page.py hosts it."""
    monkeypatch.setattr(pages, "progress_page", lambda ctx: ResultsView(ctx.tasks))
    return started_window(qtbot, data_paths)


def show_view(qtbot: QtBot, window: MainWindow) -> ResultsView:
    go_to(qtbot, window, "progress")  # Ctrl+4
    view = window.stack.currentWidget()
    assert isinstance(view, ResultsView)
    return view


def cells(table: object, row: int) -> list[str]:
    from ui.progress.tables import DataTable

    assert isinstance(table, DataTable)
    return [table.cell(row, c) for c in range(table.columnCount())]


def test_supervisor_sees_each_trainee_and_chooses_by_keys(
    qtbot: QtBot, data_paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, store = hosted(qtbot, data_paths, monkeypatch)
    ada, sam = build(store, "Ada"), build(store, "Sam")
    window.resize(1280, 720)
    window.set_profile(store.profiles.get(sam.supervisor))
    view = show_view(qtbot, window)
    qtbot.waitUntil(lambda: view.person.count() == 2, timeout=15000)
    assert [view.person.itemText(i) for i in range(view.person.count())] == ["Ada", "Sam"]
    assert view.person.isVisible() and view.shown() is not None
    assert view.shown().profile_id == ada.sam  # type: ignore[union-attr]
    assert cells(view.sittings, 0)[:6] == [
        "Baseline",
        "1 Mar 2026",
        "Ada's set",
        "3 of 3",
        "2",
        "3.5 (1.3 to 5.0)",
    ]
    assert cells(view.sittings, 0)[6] == "5.0 from 3"  # the self-rating, apart
    assert view.change.text().startswith(CHANGE)
    assert view.facets.horizontalHeaderItem(1).text() == "Baseline, 1 Mar 2026"
    hope = next(
        cells(view.facets, r)
        for r in range(view.facets.rowCount())
        if view.facets.cell(r, 0).startswith("Hope")
    )
    assert hope[1].startswith("4.0 (")
    tables = view.agreement_tables()
    assert len(tables) == 2 and cells(tables[0], 0)[0] == "Total"
    assert cells(tables[0], 0)[1].startswith("0.38 (") and cells(tables[0], 0)[2].startswith("0.55 (")

    # the trainee chooser from the keyboard: Alt+T to it, Down to Sam
    activate(qtbot, window)
    press(window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(view.person.hasFocus, timeout=3000)
    press(window, Qt.Key.Key_Down)
    assert view.person.currentText() == "Sam"
    assert cells(view.sittings, 0)[2] == "Sam's set"

    # fits 1280x720: nothing runs off to the right
    qtbot.wait(50)
    content = view.scroller.widget()
    assert content is not None and content.width() <= view.scroller.viewport().width()
    assert window.width() <= 1280 and window.height() <= 720
    shot = tmp_path / "results.png"
    assert window.grab().save(str(shot))
    shot.replace("/tmp/aresults-results-view.png")

    # a clinician sees only their own results, without the chooser
    with qtbot.waitSignal(view.loaded, timeout=15000):
        window.set_profile(store.profiles.get(ada.sam))
    assert view.person.isHidden() and [p.name for p in view.people] == ["Ada"]
    assert view.change.text().startswith(CHANGE)


def test_without_a_sitting_the_view_says_so(qtbot: QtBot, store: PracticeStore) -> None:
    tasks = TaskRunner("results-test")
    view = ResultsView(tasks)
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    view.set_store(store)
    with qtbot.waitSignal(view.loaded, timeout=15000):
        view.set_profile(store.profiles.create("Noor", "clinician"))
    assert view.empty.isVisible() and view.empty.text() == EMPTY_OWN
    assert not view.sittings.isVisible() and not view.facets_card.isVisible()
    tasks.shutdown()


def test_a_saved_rating_announced_reloads_the_view(qtbot: QtBot, store: PracticeStore) -> None:
    from sqlalchemy.orm import Session

    from practice_db import models
    from tests.support.assessment_results_world import add_rating, scores
    from ui.shell.data_changes import RATINGS, DataChanges

    world = build(store)
    tasks, changes = TaskRunner("results-test"), DataChanges()
    view = ResultsView(tasks)
    view.watch(changes)
    qtbot.addWidget(view)
    view.show()
    view.set_store(store)
    with qtbot.waitSignal(view.loaded, timeout=15000):
        view.set_profile(store.profiles.get(world.sam))
    assert cells(view.sittings, 0)[4] == "2"
    with Session(store.engine) as s:  # a third rater completes the baseline's first take
        take = s.query(models.AssessmentTake).filter_by(assessment_id=world.baseline, position=0).one()
        third = models.Profile(name="Rater four", role="supervisor")
        s.add(third)
        s.flush()
        add_rating(s, take.id, third.id, "rater", scores(3))
        s.commit()
    with qtbot.waitSignal(view.loaded, timeout=15000):
        changes.announce(RATINGS)
    assert cells(view.sittings, 0)[4] == "3"
    tasks.shutdown()
