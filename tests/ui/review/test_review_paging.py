"""The review queue loads a page at a time: 600 waiting attempts, the first screenful at once,
the rest as the keys move down the list (Down, Page Down, End), each page read on the worker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from app.paths import DataPaths
from practice_db import models
from practice_db.store import PracticeStore
from practice_db.transfer.repository import QUEUE_PAGE
from tests.support.keys import choose_profile, press
from tests.support.seeding import add_clip
from tests.ui.shell.test_app_shell import open_window
from ui.review.page import ReviewPage

QUEUE = 600


def seed_queue(store: PracticeStore) -> list[int]:
    sam = store.profiles.create("Sam", "clinician")
    store.profiles.create("Dr Lee", "supervisor")
    clips = [add_clip(store, title, "hostile", 1) for title in ("Kept waiting", "Still flat", "Too young")]
    start = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)
    rows = [
        {
            "uuid": f"paging-{i:05d}",
            "profile_id": sam.id,
            "clip_id": clips[i % 3],
            "started_at": start + timedelta(minutes=i // 2),  # pairs share a start: the id orders them
            "recording_path": f"recordings/{i}.wav",
            "duration_ms": 5000,
            "status": "complete",
        }
        for i in range(QUEUE)
    ]
    with store.engine.begin() as conn:
        conn.execute(insert(models.Attempt), rows)
    return sorted((i.attempt_id for i in store.transfer.awaiting_review()), reverse=True)


def test_keys_reach_the_end_of_a_long_queue(
    qtbot: QtBot, data_paths: DataPaths, store: PracticeStore
) -> None:
    expected = seed_queue(store)
    store.close()
    window = open_window(qtbot, data_paths)
    window.resize(1280, 720)
    choose_profile(qtbot, window, "Dr Lee")
    press(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # the Review page
    page: ReviewPage = window.pages["review"]
    model = page.list.model
    qtbot.waitUntil(lambda: model.rowCount() >= QUEUE_PAGE, timeout=10000)
    assert model.rowCount() < QUEUE and not model.complete  # a first page, not the whole queue
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10000)
    assert page.list.selected_attempt() == expected[0]
    for _ in range(40):  # Tab round the page to the list, as a user would
        if page.list.table.hasFocus():
            break
        press(window, Qt.Key.Key_Tab)
    assert page.list.table.hasFocus(), window.focusWidget()

    # Down and Page Down walk past the end of the first page into the second
    while page.list.table.currentIndex().row() < QUEUE_PAGE - 5:
        press(window, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: model.rowCount() >= 2 * QUEUE_PAGE, timeout=10000)
    for _ in range(10):
        press(window, Qt.Key.Key_Down)
    assert page.list.table.currentIndex().row() >= QUEUE_PAGE

    # End, again and again: each time the list's end comes into view the next page is read
    for _ in range(QUEUE // QUEUE_PAGE + 3):
        press(window, Qt.Key.Key_End)
        qtbot.waitUntil(lambda: not model.fetching, timeout=10000)
        qtbot.wait(20)
    assert model.complete and model.rowCount() == QUEUE
    assert [r.attempt_id for r in model.rows] == expected  # each once, the latest to arrive first
    press(window, Qt.Key.Key_End)
    assert page.list.table.currentIndex().row() == QUEUE - 1
    window.grab().save("/tmp/programme-review-paging.png")
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.attempt.id == expected[-1], timeout=10000)

    # a reload (a rating saved elsewhere) starts again from the first page
    window.ctx.changes.announce("reviews")
    qtbot.waitUntil(lambda: model.rowCount() == QUEUE_PAGE, timeout=10000)
