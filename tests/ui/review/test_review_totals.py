"""Totals on the Review page come only from all eight facets: a partial rating says "n of 8", in
the list and in the comparison. A supervisor's "Reviewed by me" list keeps the self column blank
for an attempt they have not fully rated, and the detail shows the check-in, criteria and example
reply from the start."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from practice_db.records import NewClip, RatingInput, RatingRecord, TakeFacts
from practice_db.vocabulary import FACET_KEYS
from tests.ui.shell.test_app_shell import open_window
from ui.review.attempt_brief import PLAIN_STYLE
from ui.review.feedback_view import comparison_rows
from ui.review.page import ReviewPage
from ui.review.review_list import HIDDEN, HIDDEN_TIP


def rating(scores: dict[str, int | None], role: str = "self") -> RatingRecord:
    now = datetime(2026, 3, 2, tzinfo=UTC)
    return RatingRecord(1, "u", 1, 1, role, scores, None, "", "", "", "", False, now, now)


def test_the_comparison_totals_only_complete_ratings() -> None:
    complete = rating(dict.fromkeys(FACET_KEYS, 3))
    partial = rating({"empathy": 5, "warmth": 4, "hope": 2}, "supervisor")
    rows = comparison_rows(complete, partial)
    assert rows[5] == ("Empathy", "3", "5", "-2")
    assert rows[1] == ("Hope / positive expectations", "3", "2", "+1")
    assert rows[0] == ("Verbal fluency", "3", "–", "")
    assert rows[-1] == ("Total (mean of all eight)", "3.0", "3 of 8", "")  # no total, no difference
    assert comparison_rows(None, complete)[-1] == ("Total (mean of all eight)", "–", "3.0", "")
    both = comparison_rows(complete, rating({**dict.fromkeys(FACET_KEYS, 2), "empathy": 5}))
    assert both[-1] == ("Total (mean of all eight)", "3.0", "2.4", "+0.6")  # 19 / 8 = 2.375


def test_reviewed_by_me_shows_n_of_8_and_hides_self_until_complete(
    qtbot: QtBot, data_paths: DataPaths
) -> None:
    window = open_window(qtbot, data_paths)
    window.resize(1280, 720)
    qtbot.waitUntil(
        lambda: window.store is not None and window.pages["library"].model.rowCount() > 0, timeout=15000
    )
    store = window.store
    assert store is not None
    sam = store.profiles.create("Sam", "clinician")
    lee = store.profiles.create("Dr Lee", "supervisor")
    clip = store.clips.add(
        NewClip(
            "Kept waiting",
            "hostile",
            1,
            "clips/kept.ogg",
            "hash-kept",
            "You're late.",
            criteria=("Names the frustration",),
            example_response="You've had a long wait.",
        )
    )
    made = []
    for _ in range(2):
        attempt = store.attempts.begin(sam.id, clip.id, None, "recordings/x.wav")
        store.attempts.finish(attempt.id, TakeFacts("recordings/x.wav", 4000))
        store.ratings.save(
            attempt.id, sam.id, RatingInput(scores=dict.fromkeys(FACET_KEYS, 4), reaction="good_challenge")
        )
        made.append(attempt.id)
    older, newer = made
    store.ratings.save(older, lee.id, RatingInput(scores=dict.fromkeys(FACET_KEYS, 3)))
    store.ratings.save(newer, lee.id, RatingInput(scores={"empathy": 2, "warmth": 3, "hope": 3}))

    window.set_profile(lee)
    window.show_page("review")
    page: ReviewPage = window.pages["review"]
    page.list.mode.setCurrentIndex(page.list.mode.findData("reviewed"))
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 2, timeout=10000)
    model = page.list.model

    def cell(row: int, column: int, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> object:
        return model.data(model.index(row, column), role)

    assert [r.attempt_id for r in page.list.rows] == [newer, older]  # newest first
    assert (cell(0, 4), cell(0, 5)) == (HIDDEN, "3 of 8")  # partial: blind, and no total
    assert cell(0, 4, Qt.ItemDataRole.ToolTipRole) == HIDDEN_TIP
    assert (cell(1, 4), cell(1, 5)) == ("4.0", "3.0")
    assert not page.list.table.isColumnHidden(4)

    qtbot.waitUntil(lambda: page.detail is not None and page.detail.attempt.id == newer, timeout=10000)
    assert page.detail is not None and page.detail.self_hidden
    assert "a good challenge" in page.check_in.text() and page.check_in.styleSheet() == PLAIN_STYLE
    assert "Names the frustration" in page.brief.text() and "a long wait" in page.brief.text()
    assert page.brief.isVisible() and page.check_in.isVisible() and not page.comparison.table.isVisible()

    page.list.table.selectRow(1)  # the fully rated one: the comparison is there at once
    qtbot.waitUntil(lambda: page.comparison.table.isVisible(), timeout=10000)
    total = [page.comparison.table.item(8, c).text() for c in range(4)]
    assert total == ["Total (mean of all eight)", "4.0", "3.0", "+1.0"]
    qtbot.waitUntil(lambda: page.calibration.isVisible(), timeout=10000)
