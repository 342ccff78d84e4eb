"""The Programme page from the keyboard: a supervisor's trainees one row each (solo computer: every
clinician who practised), sortable, Enter opens a trainee's waiting attempts in Review; a trainee
never sees the page; it reloads when a rating is saved; it fits 1280x720."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from practice_db.store import PracticeStore
from tests.support.keys import choose_profile, press
from tests.support.seeding import add_attempt, add_clip, rate, scores
from tests.ui.shell.test_app_shell import open_window
from ui.programme.page import ProgrammePage
from ui.programme.table_model import FIRST_FACET, HEADERS
from ui.review.page import ReviewPage
from ui.shell.main_window import PAGE_TITLES


def seed(store: PracticeStore) -> dict[str, int]:
    sam = store.profiles.create("Sam", "clinician").id
    kim = store.profiles.create("Kim", "clinician").id
    store.profiles.create("Ann", "clinician")  # never practised: no row on a solo computer
    lee = store.profiles.create("Dr Lee", "supervisor").id
    clip = add_clip(store, "Kept waiting", "hostile", 1)
    now = datetime.now(UTC)
    for days, level in ((25, 2), (20, 2), (8, 4), (3, 4)):  # Sam improves on every facet
        attempt = add_attempt(store, sam, clip, now - timedelta(days=days), speaking_ms=120_000)
        rate(store, attempt.id, lee, scores(level))
    for days in (3, 4):
        add_attempt(store, sam, clip, now - timedelta(days=days, hours=1))  # waiting
    for days in (1, 2, 5):
        add_attempt(store, kim, clip, now - timedelta(days=days))  # waiting, last practised yesterday
    return {"sam": sam, "kim": kim, "lee": lee}


def test_programme_by_keys(qtbot: QtBot, data_paths: DataPaths, store: PracticeStore) -> None:
    ids = seed(store)
    store.close()
    window = open_window(qtbot, data_paths)
    window.resize(1280, 720)
    choose_profile(qtbot, window, "Sam")  # a trainee: no Programme page, Ctrl+6 does nothing
    index = [k for k, _ in PAGE_TITLES].index("programme")
    assert window.nav.isRowHidden(index)
    press(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "library" and not window.pages.is_built("programme")

    press(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    choose_profile(qtbot, window, "Dr Lee")
    assert not window.nav.isRowHidden(index)
    press(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "programme"
    page: ProgrammePage = window.pages["programme"]
    qtbot.waitUntil(lambda: page.loads >= 1 and page.model.rowCount() == 2, timeout=10000)
    table = page.table

    def shown(row: int, column: int) -> str:
        return str(table.model().index(row, column).data())

    assert [shown(r, 0) for r in range(2)] == ["Kim", "Sam"]  # by name; Ann never practised
    assert [shown(1, c) for c in range(5)] == ["Sam", "6", "9", "3 days ago", "2"]  # 4 x 2 min + 2 x 30 s
    assert [shown(0, c) for c in (1, 3, 4)] == ["3", "yesterday", "3"]
    empathy = HEADERS.index("Empathy")
    assert shown(1, empathy) == "↑ +2.0" and shown(0, empathy) == "–"
    words = table.model().index(1, empathy).data(Qt.ItemDataRole.AccessibleDescriptionRole)
    assert "Empathy: up, from 2.0 to 4.0" in words
    assert "too few" in table.model().index(0, FIRST_FACET).data(Qt.ItemDataRole.AccessibleDescriptionRole)

    # sorting: by waiting reviews, most first (a click on the heading does the same)
    table.sortByColumn(HEADERS.index("Waiting"), Qt.SortOrder.DescendingOrder)
    assert [shown(r, 0) for r in range(2)] == ["Kim", "Sam"]
    table.sortByColumn(HEADERS.index("Attempts"), Qt.SortOrder.DescendingOrder)
    assert [shown(r, 0) for r in range(2)] == ["Sam", "Kim"]

    # the screen fits 1280x720: every column visible without scrolling sideways
    qtbot.waitUntil(lambda: table.isVisible(), timeout=3000)
    assert table.horizontalScrollBar().maximum() == 0
    window.grab().save("/tmp/programme-page.png")

    # keys: to the table, Down and Up between trainees, Enter: Review opens with Kim's waiting only
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    for _ in range(10):
        if table.hasFocus():
            break
        press(window, Qt.Key.Key_Tab)
    assert table.hasFocus()
    assert page.selected_trainee() == ids["kim"]  # the first row, chosen when the rows arrived
    press(window, Qt.Key.Key_Down)
    assert page.selected_trainee() == ids["sam"]
    press(window, Qt.Key.Key_Up)
    assert page.selected_trainee() == ids["kim"]
    press(window, Qt.Key.Key_Return)
    assert window.current_page_key() == "review"
    review: ReviewPage = window.pages["review"]
    qtbot.waitUntil(lambda: [r.trainee for r in review.list.rows] == ["Kim"] * 3, timeout=10000)
    qtbot.waitUntil(lambda: review.list.trainee.currentData() == ids["kim"], timeout=10000)
    assert review.list.mode.currentData() == "queue"

    # a rating saved in Review: back on the Programme page, Kim waits for one fewer
    qtbot.waitUntil(lambda: review.detail is not None, timeout=10000)
    for key in review.form.facets.groups:
        review.form.facets.groups[key].button(3).click()
    review.form.flush()
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
    press(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    kim_row = lambda: next(r for r in page.model.rows if r.profile_id == ids["kim"])  # noqa: E731
    qtbot.waitUntil(lambda: kim_row().waiting_reviews == 2, timeout=10000)
