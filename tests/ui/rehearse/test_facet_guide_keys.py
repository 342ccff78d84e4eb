"""The facet guide one key away while self-rating (keys sent to the window only): F1 opens it at
the highlighted facet, Esc closes it and the digits rate again; ? does the same; typed in the note,
? is just a character; before the rating step F1 is still the shortcuts. The rating step, with
the scale, the facet's description and the check-in explanation, fits a 1280×720 window."""

from __future__ import annotations

import numpy as np
import soundfile
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.records import TakeFacts
from practice_db.store import PracticeStore
from tests.support.keys import activate, choose_profile, press, type_text
from tests.support.seeding import add_clip
from tests.ui.shell.test_app_shell import open_window
from ui.common.facet_guide_dialog import CHECK_INS, FacetGuideDialog
from ui.rehearse.page import RehearsePage
from ui.shell.main_window import MainWindow
from ui.shell.shortcuts_help import ShortcutsDialog


def guide_shown(qtbot: QtBot) -> FacetGuideDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), FacetGuideDialog), timeout=5000)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, FacetGuideDialog)
    return dialog


def close_guide(qtbot: QtBot, window: MainWindow, dialog: FacetGuideDialog, focus: QWidget) -> None:
    activate(qtbot, dialog)
    press(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    activate(qtbot, window)
    qtbot.waitUntil(focus.hasFocus, timeout=5000)  # the focus is back where it was


def off_screen(window: MainWindow, widget: QWidget) -> bool:
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    return not QRect(QPoint(0, 0), window.size()).contains(rect)


def test_f1_and_question_mark_open_the_guide_from_the_rating_step(
    qtbot: QtBot, data_paths: DataPaths, store: PracticeStore
) -> None:
    dana = store.profiles.create("Dana", "clinician")
    clip_id = add_clip(store, "Still flat", "demoralized", 1)
    path = "recordings/kept.wav"
    tone = (0.3 * np.sin(np.arange(16000 * 4) * 2 * np.pi * 220 / 16000)).astype(np.float32)
    soundfile.write(str(data_paths.home / path), tone, 16000)
    attempt = store.attempts.begin(dana.id, clip_id, None, path)
    store.attempts.finish(attempt.id, TakeFacts(path, 4000))
    store.attempts.set_status(attempt.id, "recovered")  # a kept take: the rating step without a mic
    store.close()

    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.resize(1280, 720)
    choose_profile(qtbot, window, "Dana")
    press(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page: RehearsePage = window.pages["rehearse"]
    kept = page.setup.kept
    qtbot.waitUntil(lambda: kept.isVisible() and kept.list.count() == 1, timeout=10000)

    press(window, Qt.Key.Key_F1)  # not rating yet: F1 is the keyboard shortcuts, as anywhere
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ShortcutsDialog), timeout=5000)
    shortcuts = QApplication.activeModalWidget()
    assert shortcuts is not None and shortcuts.objectName() == "shortcutsDialog"
    assert isinstance(shortcuts, ShortcutsDialog) and "facet guide" in shortcuts.text()
    activate(qtbot, shortcuts)
    press(shortcuts, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not shortcuts.isVisible(), timeout=5000)
    activate(qtbot, window)

    for _ in range(15):  # Tab to the list of kept replies, Enter rates the one chosen
        if kept.list.hasFocus():
            break
        press(window, Qt.Key.Key_Tab)
    press(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.state == "rating", timeout=5000)
    form = page.form
    qtbot.waitUntil(form.hasFocus, timeout=5000)
    press(window, Qt.Key.Key_4)
    press(window, Qt.Key.Key_3)  # two facets rated: Persuasiveness is highlighted
    assert form.highlighted_facet() == "persuasiveness"
    assert "Persuasiveness" in form.description.text()

    qtbot.wait(50)
    shot = window.grab()  # the whole window at 1280×720 in the rating step
    shot.save("/tmp/guide-rehearse-rating-1280x720.png")
    assert (shot.width(), shot.height()) == (1280, 720)
    for widget in (form.description, form.check_in_help, form.note, page.view.finish_button):
        assert widget.isVisible() and not off_screen(window, widget), widget.objectName()
    assert page.view_scroller.verticalScrollBar().maximum() == 0  # nothing needs the scroll bar

    press(window, Qt.Key.Key_F1)
    dialog = guide_shown(qtbot)
    assert dialog.marked == "persuasiveness"
    dialog.grab().save("/tmp/guide-dialog-from-rehearse.png")
    close_guide(qtbot, window, dialog, form)
    press(window, Qt.Key.Key_5)  # the digits rate again, from the same row
    assert form.value().scores["persuasiveness"] == 5 and form.highlighted_facet() == "emotional_expression"

    type_text(window, "?")  # the second key for the guide
    dialog = guide_shown(qtbot)
    assert dialog.marked == "emotional_expression"
    close_guide(qtbot, window, dialog, form)

    for _ in range(6):
        press(window, Qt.Key.Key_Down)  # the check-in row: the guide opens at the check-ins
    assert form.highlighted_facet() is None
    press(window, Qt.Key.Key_F1)
    dialog = guide_shown(qtbot)
    assert dialog.marked == CHECK_INS
    close_guide(qtbot, window, dialog, form)

    for _ in range(6):  # Tab into the note: a ? typed there is a question mark
        if form.note.hasFocus():
            break
        press(window, Qt.Key.Key_Tab)
    assert form.note.hasFocus()
    type_text(window, "why?")
    qtbot.wait(100)
    assert form.note.toPlainText() == "why?" and not dialog.isVisible()
