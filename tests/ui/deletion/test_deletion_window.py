"""Deleting from the window, by keys sent to the window: an attempt from the Review page's list
(Delete, Enter; Ctrl+Z puts it back), an own clip from the Library (hide, or delete with its
attempts), and the whole profile after its name is typed. Real store, real files, offscreen."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from tests.support.deletion_world import World, build_world
from tests.support.keys import activate, press, type_text
from tests.support.mounts import require_mounting
from tests.ui.shell.test_stale_views import go_to, started_window
from ui.deletion.dialogs import DeleteProfileDialog
from ui.shell.data_changes import ATTEMPTS, CLIPS
from ui.shell.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def shot(widget: QWidget, name: str) -> None:
    widget.grab().save(f"/tmp/deletion-{name}.png")


def open_question(qtbot: QtBot, window: MainWindow) -> QWidget:
    qtbot.waitUntil(
        lambda: window.deletion.question is not None and window.deletion.question.isVisible(), timeout=5000
    )
    question = window.deletion.question
    assert question is not None
    activate(qtbot, question)
    return question


def as_dana(qtbot: QtBot, data_paths: DataPaths) -> tuple[MainWindow, World]:
    window, store = started_window(qtbot, data_paths)
    world = build_world(store, data_paths)
    window.set_profile(store.profiles.get(world.dana))
    window.ctx.changes.announce(ATTEMPTS, CLIPS)
    return window, world


def test_delete_an_attempt_from_review_and_undo(qtbot: QtBot, data_paths: DataPaths) -> None:
    window, world = as_dana(qtbot, data_paths)
    store = window.store
    assert store is not None
    first = store.attempts.get(world.dana_attempts[0])
    wav = world.recording(data_paths, store, first.id)
    go_to(qtbot, window, "review")
    page = window.pages["review"]
    qtbot.waitUntil(lambda: page.list.selected_attempt() == first.id, timeout=10000)  # type: ignore[attr-defined]
    page.list.table.setFocus()  # type: ignore[attr-defined]

    press(window, Qt.Key.Key_Delete)
    question = open_question(qtbot, window)
    assert isinstance(question, QMessageBox) and "My angry caller" in question.text()
    assert "undo" in question.informativeText().lower()
    shot(question, "attempt-question")
    press(question, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: store.attempts.by_uuid(first.uuid) is None, timeout=5000)
    qtbot.waitUntil(lambda: not wav.exists(), timeout=5000)
    qtbot.waitUntil(lambda: "Deleted an attempt" in window.statusBar().currentMessage(), timeout=5000)
    qtbot.waitUntil(lambda: page.list.selected_attempt() != first.id, timeout=5000)  # type: ignore[attr-defined]
    activate(qtbot, window)
    # Rehearse keeps Ctrl+Z for its own thrown-away take: this Undo steps aside there.
    assert window.deletion.undo_action.isEnabled()
    go_to(qtbot, window, "rehearse")
    assert not window.deletion.undo_action.isEnabled()
    go_to(qtbot, window, "review")
    assert window.deletion.undo_action.isEnabled()

    press(window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: "Put back an attempt" in window.statusBar().currentMessage(), timeout=5000)
    assert store.attempts.by_uuid(first.uuid) is not None and wav.exists()
    assert not window.deletion.undo_action.isEnabled()

    # Esc on the question deletes nothing.
    qtbot.waitUntil(lambda: page.list.selected_attempt() is not None, timeout=5000)  # type: ignore[attr-defined]
    page.list.table.setFocus()  # type: ignore[attr-defined]
    press(window, Qt.Key.Key_Delete)
    question = open_question(qtbot, window)
    press(question, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not question.isVisible(), timeout=5000)
    assert store.attempts.by_uuid(first.uuid) is not None and wav.exists()
    window.close()
    assert not (data_paths.home / "trash").exists() or list((data_paths.home / "trash").iterdir()) == []


def select_clip(qtbot: QtBot, window: MainWindow, title: str) -> None:
    page = window.pages["library"]
    qtbot.waitUntil(lambda: any(c.title == title for c in page.model.clips), timeout=10000)  # type: ignore[attr-defined]
    row = next(i for i, c in enumerate(page.model.clips) if c.title == title)  # type: ignore[attr-defined]
    page.table.selectRow(row)  # type: ignore[attr-defined]
    page.table.setFocus()  # type: ignore[attr-defined]


def test_delete_own_clip_hide_or_with_attempts_and_starter_only_hides(
    qtbot: QtBot, data_paths: DataPaths
) -> None:
    window, world = as_dana(qtbot, data_paths)
    store = window.store
    assert store is not None
    page = window.pages["library"]
    go_to(qtbot, window, "library")

    # Enter takes the default: keep my attempts, hide the clip.
    select_clip(qtbot, window, "My angry caller")
    press(window, Qt.Key.Key_Delete)
    question = open_question(qtbot, window)
    shot(question, "clip-question")
    assert "You have 2 attempts" in question.text()  # type: ignore[attr-defined]
    press(question, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: all(c.title != "My angry caller" for c in page.model.clips), timeout=5000)  # type: ignore[attr-defined]
    assert len(store.attempts.for_clip(world.dana, world.own_clip)) == 2

    # Ctrl+Z shows it again; then it is deleted with its attempts (Alt+D on the question).
    activate(qtbot, window)
    qtbot.waitUntil(window.deletion.undo_action.isEnabled, timeout=5000)
    press(window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: any(c.title == "My angry caller" for c in page.model.clips), timeout=5000)  # type: ignore[attr-defined]
    assert store.clips.get(world.own_clip).source == "imported"
    select_clip(qtbot, window, "My angry caller")
    press(window, Qt.Key.Key_Delete)
    question = open_question(qtbot, window)
    press(question, Qt.Key.Key_D, ALT)
    takes = [world.recording(data_paths, store, a) for a in world.dana_attempts[:2]]
    qtbot.waitUntil(lambda: store.clips.by_hash("hash-My angry caller") is None, timeout=5000)
    assert not any(t.exists() for t in takes)
    qtbot.waitUntil(
        lambda: "Deleted the clip «My angry caller» and 2 attempts" in window.statusBar().currentMessage(),
        timeout=5000,
    )

    # A starter clip: it says why it can't be deleted and offers only hiding.
    activate(qtbot, window)
    select_clip(qtbot, window, "Starter silence")
    press(window, Qt.Key.Key_Delete)
    question = open_question(qtbot, window)
    shot(question, "starter-question")
    assert "can't be deleted" in question.text()  # type: ignore[attr-defined]
    assert "put back at every start" in question.informativeText()  # type: ignore[attr-defined]
    press(question, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not question.isVisible(), timeout=5000)
    assert store.clips.get(world.starter_clip)


def test_delete_profile_after_typing_its_name(qtbot: QtBot, data_paths: DataPaths) -> None:
    window, world = as_dana(qtbot, data_paths)
    store = window.store
    assert store is not None
    qtbot.waitUntil(window.deletion.delete_profile_action.isEnabled, timeout=5000)
    takes = [world.recording(data_paths, store, a) for a in world.dana_attempts]
    activate(qtbot, window)
    press(window, Qt.Key.Key_F, ALT)  # File menu, then "Delete my profi&le…"
    menu = window.file_menu
    qtbot.waitUntil(menu.isVisible, timeout=5000)
    press(menu, Qt.Key.Key_L)
    dialog = open_question(qtbot, window)
    assert isinstance(dialog, DeleteProfileDialog)
    shot(dialog, "profile-question")
    assert not dialog.delete_button.isEnabled()

    type_text(dialog, "Dana")
    press(dialog, Qt.Key.Key_Return)  # not the whole name: refused, nothing deleted
    assert "exactly" in dialog.error.text() and dialog.isVisible()
    assert store.profiles.get(world.dana)
    type_text(dialog, " reyes")
    assert dialog.delete_button.isEnabled()
    press(dialog, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: window.profile is None, timeout=5000)
    assert [p.name for p in store.profiles.list()] == ["Lee", "Sam"]
    assert not any(t.exists() for t in takes)
    # The window asks who is practising now.
    qtbot.waitUntil(
        lambda: window.profile_dialog is not None and window.profile_dialog.isVisible(), timeout=5000
    )
    assert window.profile_label.text() == "No profile"


def test_supervisor_profile_question_says_their_ratings_of_others_go(
    qtbot: QtBot, data_paths: DataPaths
) -> None:
    window, world = as_dana(qtbot, data_paths)
    store = window.store
    assert store is not None
    window.set_profile(store.profiles.get(world.sam))
    qtbot.waitUntil(window.deletion.delete_profile_action.isEnabled, timeout=5000)
    window.deletion.delete_profile()
    dialog = open_question(qtbot, window)
    assert isinstance(dialog, DeleteProfileDialog)
    shot(dialog, "supervisor-question")
    text = dialog.findChildren(type(dialog.error))[0].text()
    assert "2 ratings and 2 comments Sam gave on other people's attempts: they are removed too" in text
    assert "2 goals set for others stay theirs" in text
    type_text(dialog, "sam")
    press(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.profile is None, timeout=5000)
    assert [r.rater_role for r in store.ratings.for_attempt(world.dana_attempts[0])] == ["self"]


def test_export_all_my_data_from_the_window(qtbot: QtBot, data_paths: DataPaths, tmp_path: Path) -> None:
    """The folder is chosen in a file dialog (not driven here); the export itself and its
    messages are: the status bar names the folder, a read-only folder gets a plain message."""
    window, _world = as_dana(qtbot, data_paths)
    qtbot.waitUntil(window.deletion.export_action.isEnabled, timeout=5000)
    out = tmp_path / "export"
    out.mkdir()
    window.deletion.export_to(out)
    qtbot.waitUntil(lambda: "Exported your data to" in window.statusBar().currentMessage(), timeout=10000)
    (folder,) = out.iterdir()
    assert (folder / "attempts.csv").exists() and len(list((folder / "recordings").iterdir())) == 3

    require_mounting()
    locked = tmp_path / "locked"
    locked.mkdir()
    subprocess.run(["mount", "--bind", str(locked), str(locked)], check=True, timeout=30)
    subprocess.run(["mount", "-o", "remount,bind,ro", str(locked)], check=True, timeout=30)
    try:
        qtbot.waitUntil(window.deletion.export_action.isEnabled, timeout=5000)
        window.deletion.export_to(locked)
        box = open_question(qtbot, window)
        assert isinstance(box, QMessageBox)
        assert box.windowTitle() == "Your data was not exported"
        assert "Nothing was left there" in box.text()
        shot(box, "export-failed")
    finally:
        subprocess.run(["umount", "-l", str(locked)], check=False, timeout=30)
    assert list(locked.iterdir()) == []


def test_read_only_data_folder_says_so_and_keeps_the_attempt(qtbot: QtBot, data_paths: DataPaths) -> None:
    window, world = as_dana(qtbot, data_paths)
    store = window.store
    assert store is not None
    first = store.attempts.get(world.dana_attempts[0])
    wav = world.recording(data_paths, store, first.id)
    go_to(qtbot, window, "review")
    page = window.pages["review"]
    qtbot.waitUntil(lambda: page.list.selected_attempt() == first.id, timeout=10000)  # type: ignore[attr-defined]
    page.list.table.setFocus()  # type: ignore[attr-defined]
    require_mounting()
    home = str(data_paths.home)
    subprocess.run(["mount", "--bind", home, home], check=True, timeout=30)
    subprocess.run(["mount", "-o", "remount,bind,ro", home], check=True, timeout=30)
    try:
        press(window, Qt.Key.Key_Delete)
        question = open_question(qtbot, window)
        press(question, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.deletion.question is not question, timeout=5000)
        box = open_question(qtbot, window)
        assert isinstance(box, QMessageBox) and box.windowTitle() == "Nothing was deleted"
        assert "read-only" in box.text() and "Everything is as it was" in box.text()
        shot(box, "read-only")
        press(box, Qt.Key.Key_Return)
    finally:
        subprocess.run(["umount", "-l", home], check=False, timeout=30)
    assert wav.exists() and store.attempts.get(first.id).status == "complete"
    assert not window.deletion.undo_action.isEnabled()


def test_delete_in_a_text_box_edits_text_only(qtbot: QtBot, data_paths: DataPaths) -> None:
    """The Delete key deletes an attempt only from the list: in the comment box it deletes a letter."""
    window, world = as_dana(qtbot, data_paths)
    go_to(qtbot, window, "review")
    page = window.pages["review"]
    qtbot.waitUntil(lambda: page.list.selected_attempt() == world.dana_attempts[0], timeout=10000)  # type: ignore[attr-defined]
    box = page.comments.text  # type: ignore[attr-defined]
    qtbot.waitUntil(box.isVisible, timeout=5000)
    box.setFocus()
    type_text(window, "abc")
    press(window, Qt.Key.Key_Home)
    press(window, Qt.Key.Key_Delete)
    assert box.text() == "bc"
    qtbot.wait(300)
    assert window.deletion.question is None
    store = window.store
    assert store is not None and store.attempts.get(world.dana_attempts[0]).status == "complete"
