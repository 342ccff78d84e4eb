"""A goal changed on another computer while its dialog is open (issue 21): Save is refused, the
dialog shows the other version, the note keeps this person's own, Alt+U saves it over. Keys go to
the dialog; a real migrated store seeded with ten weeks of practice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from practice_db.engine import make_engine
from practice_db.store import PracticeStore
from tests.support.keys import activate, press, type_text
from tests.support.practice_weeks import PracticeWorld
from tests.ui.progress.test_progress_page import make_page, open_as, world  # noqa: F401 - fixture


def test_goal_changed_elsewhere_is_shown_and_mine_kept(
    qtbot: QtBot,
    store: PracticeStore,
    data_paths: DataPaths,
    world: PracticeWorld,  # noqa: F811
) -> None:
    page = make_page(qtbot, store, data_paths, world.today)
    open_as(qtbot, page, store, world.dana)  # the trainee whose goal it is may change it
    goals = page.goals
    row = next(r for r, s in enumerate(goals.statuses) if s.goal.kind == "mean_score")
    goal = goals.statuses[row].goal
    goals.table.selectRow(row)
    goals.edit_goal()
    dialog = goals.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    activate(qtbot, dialog)

    other = PracticeStore(make_engine(store.engine.url.render_as_string(hide_password=False)))
    try:  # Sam, on his computer, changes the same goal first
        params = {**goal.params, "min_mean": 3.0}
        assert (
            other.goals.update(goal.id, world.sam, params=params, expected_version=goal.version).version == 2
        )
    finally:
        other.close()

    dialog.min_mean.setFocus()
    press(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(dialog, "4.5")
    press(dialog, Qt.Key.Key_Return)  # Save, from version 1
    qtbot.waitUntil(dialog.conflict.isVisible, timeout=15000)
    assert dialog.isVisible() and dialog.min_mean.value() == 3.0  # Sam's version, shown ...
    text = dialog.conflict.text.text()
    assert "This goal was saved elsewhere at" in text and "4.5" in text  # ... the note keeps mine
    assert QApplication.focusWidget() is dialog.conflict.mine_button
    assert dialog.height() <= 720
    qtbot.wait(200)  # the layout settles around the note
    dialog.grab().save("/tmp/conflicts-goal.png")

    press(dialog, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # "Use mine"
    qtbot.waitUntil(lambda: goals.dialog is None, timeout=15000)
    saved = store.goals.get(goal.id)
    assert saved.version == 3 and saved.params["min_mean"] == 4.5 and saved.note == goal.note
