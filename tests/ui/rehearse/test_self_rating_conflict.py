"""The self-rating form of Rehearse when the same take's rating was saved on another computer
meanwhile (issue 21): real form, note, DB worker and store; keys sent to the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from practice_db.engine import make_engine
from practice_db.records import NewClip, RatingInput
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS
from tests.support.keys import activate, press
from ui.common.conflict_note import ConflictNote
from ui.common.rating_form import RatingForm
from ui.common.tasks import TaskRunner
from ui.rehearse.self_rating_saves import SelfRatingSaves

FIRST = FACET_KEYS[0]


def test_self_rating_saved_elsewhere_is_shown_and_mine_kept(qtbot: QtBot, store: PracticeStore) -> None:
    dana = store.profiles.create("Dana", "clinician").id
    clip = store.clips.add(NewClip("Kept waiting", "hostile", 1, "clips/k.ogg", "hash-k")).id
    attempt = store.attempts.begin(dana, clip, None, "recordings/k.wav").id
    tasks = TaskRunner()
    window = QWidget()
    qtbot.addWidget(window)
    note, form = ConflictNote(), RatingForm(with_reaction=True)
    column = QVBoxLayout(window)
    column.addWidget(note)
    column.addWidget(form)
    saves = SelfRatingSaves(tasks, form, note, window)
    form.changed.connect(lambda value: saves.submit(store, attempt, dana, value))
    saved: list[int] = []
    saves.saved.connect(lambda record: saved.append(record.version))
    window.resize(1000, 600)
    window.show()
    activate(qtbot, window)
    form.setFocus()
    try:
        press(window, Qt.Key.Key_4)  # first facet: a new rating, version 1
        press(window, Qt.Key.Key_3)  # second facet, straight after: saved after the first, from 1
        qtbot.waitUntil(lambda: saved == [1, 2], timeout=10000)
        other = PracticeStore(make_engine(store.engine.url.render_as_string(hide_password=False)))
        try:  # the same take's rating, changed on another computer
            other.ratings.save(attempt, dana, RatingInput(scores={FIRST: 1}, note="from the laptop"), 2)
        finally:
            other.close()
        press(window, Qt.Key.Key_5)  # third facet, from version 2: refused
        qtbot.waitUntil(note.isVisible, timeout=10000)
        assert form.note.toPlainText() == "from the laptop" and form.groups[FIRST].checkedId() == 1
        assert "Your rating of this take was saved elsewhere" in note.text.text()
        assert "5" in note.text.text() and "from the laptop" not in note.text.text()
        window.grab().save("/tmp/conflicts-self-rating.png")
        press(window, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # "Use mine"
        qtbot.waitUntil(lambda: saved[-1:] == [4], timeout=10000)
        mine = store.ratings.get(attempt, dana)
        assert mine is not None and mine.scores[FIRST] == 4 and mine.note == ""
        assert form.groups[FIRST].checkedId() == 4 and not note.isVisible()
    finally:
        tasks.shutdown(wait=True)
