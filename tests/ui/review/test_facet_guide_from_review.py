"""The supervisor's form has the facet guide one key away (keys sent to the window only): F1 opens
it at the highlighted facet, Esc closes it and the digits go on rating; a clinician's Review page
has no rating form, so F1 there is the keyboard shortcuts. Help → Facet guide… opens it too."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.store import PracticeStore
from tests.support.keys import activate, choose_profile, press
from tests.ui.rehearse.test_facet_guide_keys import close_guide, guide_shown
from tests.ui.review.test_review_keys import seed_two_attempts, store_of
from tests.ui.shell.test_app_shell import open_window
from ui.review.page import ReviewPage
from ui.shell.shortcuts_help import ShortcutsDialog


def test_f1_opens_the_guide_from_the_supervisor_form(
    qtbot: QtBot, data_paths: DataPaths, store: PracticeStore
) -> None:
    seed_two_attempts(store, data_paths)
    store.close()
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    choose_profile(qtbot, window, "Dr Lee")
    press(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # the Review page
    page: ReviewPage = window.pages["review"]
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10000)
    facets = page.form.facets
    facets.setFocus()  # where the page leaves it after a comment
    qtbot.waitUntil(facets.hasFocus, timeout=5000)
    for digit in (Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_3):
        press(window, digit)  # five facets rated: Empathy is highlighted
    assert facets.highlighted_facet() == "empathy" and "Empathy" in facets.description.text()
    window.resize(1280, 720)
    qtbot.wait(50)
    window.grab().save("/tmp/guide-review-supervisor-1280x720.png")
    assert facets.description.isVisible() and not facets.check_in_help.isVisibleTo(facets)

    press(window, Qt.Key.Key_F1)
    dialog = guide_shown(qtbot)
    assert dialog.marked == "empathy"
    close_guide(qtbot, window, dialog, facets)
    press(window, Qt.Key.Key_2)  # rating goes on where it was
    attempt = page.detail.attempt.id if page.detail else 0

    def saved() -> bool:
        rows = [r for r in store_of(window).ratings.for_attempt(attempt) if r.rater_role == "supervisor"]
        return bool(rows) and rows[0].scores["empathy"] == 2

    qtbot.waitUntil(saved, timeout=10000)

    page.form.corrective.setFocus()  # typing a ? in a text box stays typing
    qtbot.waitUntil(page.form.corrective.hasFocus, timeout=5000)
    press(window, Qt.Key.Key_Question)
    qtbot.wait(100)
    assert page.form.corrective.toPlainText() == "?" and not dialog.isVisible()

    menu_item = window.facet_guide_action  # Help → Facet guide…: the top of the guide
    assert menu_item in window.menuBar().actions()[-1].menu().actions()
    menu_item.trigger()
    dialog = guide_shown(qtbot)
    assert dialog.marked is None and dialog.scroller.verticalScrollBar().value() == 0
    close_guide(qtbot, window, dialog, page.form.corrective)


def test_f1_on_a_clinicians_review_page_shows_the_shortcuts(
    qtbot: QtBot, data_paths: DataPaths, store: PracticeStore
) -> None:
    seed_two_attempts(store, data_paths)
    store.close()
    window = open_window(qtbot, data_paths)
    choose_profile(qtbot, window, "Sam")
    press(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page: ReviewPage = window.pages["review"]
    assert not page.form.isVisibleTo(page)
    press(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ShortcutsDialog), timeout=5000)
    box = QApplication.activeModalWidget()
    assert box is not None and box.objectName() == "shortcutsDialog"
    activate(qtbot, box)
    press(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=5000)
