"""Names in the Library, Rehearse heading and Review list: searched from the keyboard with case
and accents folded; a 200-letter title elided in the list, whole in its tooltip."""

from __future__ import annotations

import os
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote_from_bytes

import numpy as np
import soundfile
from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from practice_db.records import ClipRecord, NewClip
from practice_db.store import PracticeStore
from tests.support.keys import activate, create_first_profile, press, type_text
from tests.support.starter import STARTER_CLIPS
from tests.ui.shell.test_app_shell import open_window
from ui.library.import_dialog import FILE_COL, PRESENTATION_COL
from ui.library.page import COLUMNS, NOTE_MARK, TITLE_WIDTH, LibraryPage
from ui.rehearse.practice_view import PracticeView, heading_html
from ui.review.review_list import ListRow, ReviewList
from ui.shell.data_changes import CLIPS
from ui.shell.main_window import MainWindow

LONG_TITLE = (
    "Father at the intake meeting who shouts that nobody ever listens to him and that the whole "
    "service failed his daughter and then falls silent for a long while before he starts over again, louder"
)
assert 180 < len(LONG_TITLE) <= 200


def add_clip(store: PracticeStore, title: str, statement: str, n: int, note: str | None = None) -> ClipRecord:
    return store.clips.add(
        NewClip(
            title=title,
            presentation="hostile",
            difficulty=2,
            media_path=f"clips/{n:064x}.wav",
            content_hash=f"{n:064x}",
            statement=statement,
            content_note=note,
        )
    )


def library_with_names(qtbot: QtBot, data_paths: DataPaths) -> tuple[MainWindow, LibraryPage]:
    window = open_window(qtbot, data_paths)
    window.resize(1280, 720)
    create_first_profile(qtbot, window, "Dana")
    page = window.pages["library"]
    assert isinstance(page, LibraryPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == STARTER_CLIPS, timeout=15000)
    assert window.store is not None
    add_clip(window.store, unicodedata.normalize("NFD", "Über die Brücke"), "Wir sehen uns im Café.", 1)
    add_clip(window.store, "Straßenbahn", "Ich komme nicht mehr.", 2)
    add_clip(window.store, LONG_TITLE, "Nobody ever listens.", 3, note="Shouting at the start.")
    window.ctx.changes.announce(CLIPS)
    qtbot.waitUntil(lambda: page.model.rowCount() == STARTER_CLIPS + 3, timeout=10000)
    return window, page


def save_shot(widget: QWidget, name: str) -> None:
    assert widget.grab().save(f"/tmp/{name}")


def titles(page: LibraryPage) -> list[str]:
    return [c.title for c in page.model.clips]


def test_keyboard_search_finds_titles_and_words_whatever_their_case_and_accents(
    qtbot: QtBot, data_paths: DataPaths
) -> None:
    window, page = library_with_names(qtbot, data_paths)
    activate(qtbot, window)
    press(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # Ctrl+F: to the search
    qtbot.waitUntil(page.search.hasFocus, timeout=5000)
    type_text(window, "uber")
    qtbot.waitUntil(lambda: titles(page) == ["Über die Brücke"], timeout=5000)
    assert unicodedata.is_normalized("NFC", titles(page)[0])  # stored as typed, not decomposed
    press(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # again: selects what was typed
    type_text(window, "CAFE")  # in what the client says
    qtbot.waitUntil(
        lambda: titles(page) == ["Über die Brücke"] and page.search.text() == "CAFE", timeout=5000
    )
    press(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_text(window, "strasse")
    qtbot.waitUntil(lambda: titles(page) == ["Straßenbahn"], timeout=5000)
    assert page.count_label.text() == "1 exercise"
    press(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    press(window, Qt.Key.Key_Backspace)  # an empty search shows everything again
    qtbot.waitUntil(lambda: page.model.rowCount() == STARTER_CLIPS + 3, timeout=5000)


def test_a_long_title_is_elided_in_the_list_and_whole_in_its_tooltip(
    qtbot: QtBot, data_paths: DataPaths
) -> None:
    window, page = library_with_names(qtbot, data_paths)
    page.search.setText("father at the intake")
    qtbot.waitUntil(lambda: titles(page) == [LONG_TITLE], timeout=5000)
    QApplication.processEvents()
    table, header = page.table, page.table.horizontalHeader()
    assert header.sectionSize(0) <= TITLE_WIDTH
    cell = page.model.index(0, 0)
    shown = page.model.data(cell, Qt.ItemDataRole.DisplayRole)
    assert shown == LONG_TITLE + NOTE_MARK
    assert table.fontMetrics().horizontalAdvance(str(shown)) > header.sectionSize(0)  # so it is elided
    # Hovering the cell: the view asks the model for its tooltip, as under a real mouse.
    where = table.visualRect(cell).center()
    hover = QHelpEvent(QEvent.Type.ToolTip, where, table.viewport().mapToGlobal(where))
    QApplication.sendEvent(table.viewport(), hover)
    qtbot.waitUntil(QToolTip.isVisible, timeout=5000)
    assert LONG_TITLE in QToolTip.text() and "Content note" in QToolTip.text()
    facets = COLUMNS.index("Facets")
    assert header.sectionViewportPosition(facets) < table.viewport().width()  # facets still in sight
    assert LONG_TITLE.split()[-1] in page.details.text()  # the details beside show it whole
    assert window.grab().save("/tmp/names-library-long-title.png")
    QToolTip.hideText()
    # The Rehearse heading shortens it (the full title is its tooltip there).
    clip = page.model.clips[0]
    heading = heading_html(clip, "1 of 3")
    assert "…" in heading and LONG_TITLE not in heading
    view = PracticeView(show_statement=True)
    qtbot.addWidget(view)
    view.resize(1050, 620)
    view.show_clip(clip, "1 of 3")
    view.show()
    assert view.title.toolTip() == LONG_TITLE
    assert view.grab().save("/tmp/names-rehearse-heading.png")
    line = view.title.fontMetrics().height()
    # heading (two lines at most) and the line under it, not four lines of title above the video
    assert view.title.heightForWidth(view.title.width()) < 6 * line


def test_review_list_exercise_filter_stays_narrow_with_a_long_title(qtbot: QtBot) -> None:
    review = ReviewList()
    qtbot.addWidget(review)
    review.set_role(supervisor=True)
    when = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
    rows = [ListRow(1, "Dana", LONG_TITLE, when, 9000), ListRow(2, "Dana", "Über die Brücke", when, 8000)]
    review.show_rows(rows, "nothing")
    review.resize(520, 400)
    review.show()
    combo = review.exercise
    assert [combo.itemData(i) for i in range(combo.count())] == [None, LONG_TITLE, "Über die Brücke"]
    assert combo.sizeHint().width() < 300  # not the width of 200 letters
    assert combo.itemData(1, Qt.ItemDataRole.ToolTipRole) == LONG_TITLE
    assert combo.itemText(1).endswith("…")
    assert review.model.data(review.model.index(0, 1), Qt.ItemDataRole.ToolTipRole) == LONG_TITLE
    assert review.grab().save("/tmp/names-review-list.png")


def test_dropping_a_file_whose_name_is_not_utf8_imports_it(
    qtbot: QtBot, data_paths: DataPaths, tmp_path: Path
) -> None:
    window, page = library_with_names(qtbot, data_paths)
    raw = os.fsencode(tmp_path) + b"/Vater w\xfctend.wav"  # Latin-1 'ü'
    t = np.arange(48000) / 48000
    with open(raw, "wb") as fh:
        soundfile.write(fh, (0.2 * np.sin(2 * np.pi * 300 * t)).astype("float32"), 48000, format="WAV")
    mime = QMimeData()
    mime.setUrls([QUrl("file://" + quote_from_bytes(raw))])  # as a file manager sends it
    assert "\ufffd" in mime.urls()[0].toLocalFile()  # what Qt makes of the name
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    page.dropEvent(QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, buttons, keys))
    flow = page.import_flow
    assert flow is not None
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible(), timeout=10000)
    dialog = flow.dialog
    assert dialog is not None and dialog.titles() == ["Vater w\ufffdtend"]
    assert dialog.table.item(0, FILE_COL).text() == "Vater w\ufffdtend.wav"  # '�', not dropped
    cell = dialog.table.item(0, PRESENTATION_COL)
    cell.setData(Qt.ItemDataRole.UserRole, "hostile")  # as the cell's drop-down list sets it
    cell.setText("Hostile / angry")
    save_shot(dialog, "names-import-dialog-latin1.png")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.summary_box is not None and flow.summary_box.isVisible(), timeout=30000)
    assert flow.summary_box is not None and flow.summary_box.text() == "1 clip imported."
    flow.summary_box.close()
    qtbot.waitUntil(lambda: "Vater w\ufffdtend" in titles(page), timeout=10000)
