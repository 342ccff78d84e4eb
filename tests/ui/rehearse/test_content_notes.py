"""Content notes on the real stack, from the keyboard: a clip of our own with a note shows a calm
card before it plays (Enter plays it, S skips to the next suggestion, Esc stops), the Library marks
it, and the setting "Hide clips with content notes" keeps it out of the sessions set up here."""

from __future__ import annotations

import json

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from practice_db.records import ClipFilter, ClipRecord
from tests.support.fakemic import PulseMic
from tests.support.keys import press
from tests.support.starter import STARTER_CLIPS
from tests.ui.rehearse.safety_world import NOTE, add_noted_clip, idle, rehearse_window, shoot
from ui.library.page import NOTE_MARK
from ui.rehearse.page import RehearsePage


def row_of(page_model: object, clip: ClipRecord) -> int:
    clips: list[ClipRecord] = page_model.clips  # type: ignore[attr-defined]
    return next(i for i, c in enumerate(clips) if c.id == clip.id)


def wait_playing_something(qtbot: QtBot, page: RehearsePage) -> None:
    qtbot.waitUntil(lambda: page.state == "playing" and page.playback is not None, timeout=15000)


def test_the_note_comes_before_the_clip_play_skip_or_stop(
    qtbot: QtBot, data_paths: DataPaths, realtime_mic: PulseMic
) -> None:
    window, page, store = rehearse_window(qtbot, data_paths, realtime_mic.device)
    library = window.pages["library"]
    like = min(library.model.clips, key=lambda c: c.duration_ms or 0)
    noted = add_noted_clip(qtbot, window, like)
    assert noted.content_note == NOTE  # stored without the stray spaces
    assert store.clips.get(noted.id).content_note == NOTE
    press(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # the Library reloads on show
    qtbot.waitUntil(lambda: library.model.rowCount() == STARTER_CLIPS + 1, timeout=10000)

    # The Library marks the clip that carries a note, and says what it touches on.
    model = library.model
    row = row_of(model, noted)
    assert model.data(model.index(row, 0), Qt.ItemDataRole.DisplayRole) == noted.title + NOTE_MARK
    assert NOTE in model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
    for r, clip in enumerate(model.clips):  # the starter pack's heavy clips carry notes of their own
        shown = model.data(model.index(r, 0), Qt.ItemDataRole.DisplayRole)
        assert (NOTE_MARK in shown) == bool(clip.content_note), shown
    library._show_details(model.index(row, 0), QModelIndex())
    assert "Content note:" in library.details.text()
    press(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)

    # 1. The card first: nothing plays and no attempt is begun until the clinician chooses.
    window.practise_clip(noted)
    qtbot.waitUntil(lambda: page.state == "note", timeout=10000)
    card = page.safety.card
    assert card.isVisible() and NOTE in card.text.text()
    assert page.playback is not None and page.playback.owner is not page
    idle(qtbot, window)
    assert store.attempts.for_clip(page.profile.id, noted.id) == []  # type: ignore[union-attr]
    for button in (card.play_button, card.skip_button, card.stop_button):
        assert button.isVisible() and window.rect().contains(
            button.mapTo(window, button.rect().bottomRight())
        )
    shoot(qtbot, window, "content-note-card")

    # S: skip to the next suggestion, which plays at once.
    press(window, Qt.Key.Key_S)
    wait_playing_something(qtbot, page)
    assert page.clip is not None and page.clip.id != noted.id
    assert page.session is not None and page.session.skipped == [noted.id]
    press(window, Qt.Key.Key_Escape)  # stop that clip too
    qtbot.waitUntil(lambda: page.state == "idle", timeout=5000)
    press(window, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: page.state == "summary", timeout=10000)
    press(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.state == "setup", timeout=5000)

    # Esc at the card: stop. The session ends with nothing recorded.
    window.practise_clip(noted)
    qtbot.waitUntil(lambda: page.state == "note", timeout=10000)
    press(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.state == "setup", timeout=5000)
    assert page.session is None and "Stopped before the clip played" in page.setup.message.text()
    idle(qtbot, window)
    assert store.attempts.for_clip(page.profile.id, noted.id) == []  # type: ignore[union-attr]

    # Enter at the card: the clip plays, and the reply is recorded as usual.
    window.practise_clip(noted)
    qtbot.waitUntil(lambda: page.state == "note", timeout=10000)
    press(window, Qt.Key.Key_Return)
    wait_playing_something(qtbot, page)
    assert page.clip is not None and page.clip.id == noted.id and page.playback.owner is page
    qtbot.waitUntil(lambda: page.state == "recording", timeout=40000)
    qtbot.wait(600)
    press(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.state == "rating", timeout=10000)
    idle(qtbot, window)
    assert page.attempt is not None and store.attempts.get(page.attempt.id).status == "complete"
    press(window, Qt.Key.Key_A)  # Again: the note was read a moment ago, so the clip plays straight away
    wait_playing_something(qtbot, page)
    assert page.clip.id == noted.id
    press(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.state == "idle", timeout=5000)


def test_hiding_noted_clips_keeps_them_out_of_sessions(
    qtbot: QtBot, data_paths: DataPaths, realtime_mic: PulseMic
) -> None:
    window, page, store = rehearse_window(qtbot, data_paths, realtime_mic.device)
    library = window.pages["library"]
    like = next(c for c in library.model.clips if c.presentation == "withdrawn" and c.difficulty == 1)
    noted = add_noted_clip(qtbot, window, like)  # withdrawn, beginner: second in line after `like`
    steps: list[str] = []
    page.state_changed.connect(steps.append)
    setup = page.setup
    setup.chosen_set.setChecked(True)
    setup.presentation.setCurrentIndex(setup.presentation.findData("withdrawn"))
    setup.level.setCurrentIndex(setup.level.findData(1))

    def first_then_next() -> ClipRecord:
        """Start the set (Enter), stop the first clip (Esc), ask for the next (N)."""
        press(window, Qt.Key.Key_Return)
        wait_playing_something(qtbot, page)
        assert page.clip is not None and page.clip.id == like.id
        press(window, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: page.state == "idle", timeout=5000)
        steps.clear()
        press(window, Qt.Key.Key_N)
        qtbot.waitUntil(lambda: page.state in ("note", "playing") and "idle" not in steps[-1:], timeout=15000)
        assert page.clip is not None
        return page.clip

    # Shown: the noted clip is the next suggestion, behind its card.
    assert not setup.hide_noted.isChecked()
    first_then_next()
    assert page.state == "note" and page.safety.noted == noted
    press(window, Qt.Key.Key_Escape)  # stop at the card: one exercise was practised, so a summary
    qtbot.waitUntil(lambda: page.state == "summary", timeout=10000)
    press(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.state == "setup", timeout=5000)

    # Alt+N ticks "Hide clips with content notes": saved as a setting.
    press(window, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(setup.hide_noted.isChecked, timeout=2000)  # a mnemonic clicks as a short animation
    assert window.ctx.settings.current.hide_content_note_clips is True

    def saved() -> bool:
        return json.loads(data_paths.settings_file.read_text()).get("hide_content_note_clips") is True

    qtbot.waitUntil(saved, timeout=5000)

    # Hidden: the same set goes on to another exercise, never the noted one or its card.
    after = first_then_next()
    assert page.state == "playing" and after.id not in (noted.id, like.id) and "note" not in steps
    assert [c.id for c in store.clips.list(ClipFilter(without_content_note=True))].count(noted.id) == 0
    press(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.state == "idle", timeout=5000)
    press(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    # Still listed, and marked.
    qtbot.waitUntil(lambda: library.model.rowCount() == STARTER_CLIPS + 1, timeout=10000)
    row = row_of(library.model, noted)
    assert library.model.data(library.model.index(row, 0), Qt.ItemDataRole.DisplayRole).endswith(NOTE_MARK)
