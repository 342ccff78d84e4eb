"""Rater practice from the keyboard alone (keys sent to the windows): Help menu → Rater practice…,
choose a reply, hear it through the window's libvlc player, rate all eight facets blind (nothing of
the reference on screen), reveal, check the differences shown, Esc closes and stops playback.
A missing anchors folder gives a plain message and no crash."""

from __future__ import annotations

import random
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from app.rater_practice.manifest import load_anchor_set
from app.rater_practice.records import KIND_LABELS, AnchorSet
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.vocabulary import FACET_KEYS
from tests.support.keys import activate, create_first_profile, press
from tests.ui.shell.test_app_shell import open_window
from ui.common.facet_guide_dialog import FacetGuideDialog
from ui.rater_practice.dialog import RaterPracticeDialog

SHOTS = Path("/tmp")
MY_SCORES = (4, 2, 3, 3, 2, 4, 1, 5)


def texts(widget: QWidget) -> str:
    """Every text a user could see in the dialog (labels and buttons that are shown)."""
    parts = [w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget)]
    parts += [w.text() for w in widget.findChildren(QAbstractButton) if w.isVisibleTo(widget)]
    return "\n".join(parts)


def find_dialog() -> RaterPracticeDialog | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, RaterPracticeDialog) and widget.isVisible():
            return widget
    return None


def test_rate_a_practice_anchor_blind_then_reveal_with_keys_only(qtbot: QtBot, data_paths: DataPaths) -> None:
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    create_first_profile(qtbot, window, "Sam")
    press(window, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # the Help menu
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=5000)
    menu = QApplication.activePopupWidget()
    assert menu is not None
    press(menu, Qt.Key.Key_R)  # &Rater practice…
    qtbot.waitUntil(lambda: find_dialog() is not None, timeout=5000)
    dialog = find_dialog()
    assert dialog is not None
    activate(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.anchors is not None, timeout=10000)
    assert dialog.exercise_choice.count() >= 7
    assert "not norms" in dialog.notice.text() and "Nothing you rate here is saved" in dialog.notice.text()
    assert dialog.size().width() <= 1280 and dialog.size().height() <= 720
    assert dialog.minimumSizeHint().boundedTo(QSize(1280, 720)) == dialog.minimumSizeHint()

    press(dialog, Qt.Key.Key_PageDown)  # the second exercise
    press(dialog, Qt.Key.Key_B)  # its reply B
    exercise = dialog.current_exercise()
    reply = dialog.current_reply()
    assert exercise is not None and reply is not None
    assert dialog.exercise_index == 1 and dialog.letter == "B"
    assert dialog.reply_title.text() == "Reply B" and exercise.statement in dialog.statement.text()

    press(dialog, Qt.Key.Key_Space)  # hear the reply through the window's one player
    playback = window.playback
    assert playback is not None
    qtbot.waitUntil(lambda: playback.owner is dialog and playback.position_ms() > 0, timeout=10000)
    qtbot.waitUntil(lambda: "Playing reply B" in dialog.status.text(), timeout=5000)
    press(dialog, Qt.Key.Key_Space)  # pause
    assert dialog.status.text() == "Paused reply B; Space goes on."

    for score in MY_SCORES[:7]:
        press(dialog, Qt.Key(Qt.Key.Key_0 + score))
    assert dialog.count.text() == "7 of 8 facets rated" and not dialog.reveal_button.isEnabled()
    press(dialog, Qt.Key.Key_Return)  # too early: nothing is revealed
    assert reply.id not in dialog.revealed and "rate all eight" in dialog.count.text()
    press(dialog, Qt.Key.Key_F1)  # the facet guide, at the row being rated
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), FacetGuideDialog), timeout=5000)
    guide = QApplication.activeModalWidget()
    assert isinstance(guide, FacetGuideDialog) and guide.marked == "rupture_repair"
    press(guide, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not guide.isVisible(), timeout=5000)
    activate(qtbot, dialog)
    press(dialog, Qt.Key(Qt.Key.Key_0 + MY_SCORES[7]))
    assert dialog.count.text() == "8 of 8 facets rated" and dialog.reveal_button.isEnabled()
    assert dialog.form.value().scores == dict(zip(FACET_KEYS, MY_SCORES, strict=True))

    blind = texts(dialog)  # blind: the reference is nowhere on screen
    assert reply.note not in blind and "Author" not in blind
    assert not any(label in blind for label in KIND_LABELS.values())
    assert not dialog.reveal_view.table.isVisibleTo(dialog) and dialog.reveal_view.cells == {}
    dialog.grab().save(str(SHOTS / "ys-anchors-before-reveal.png"))

    press(dialog, Qt.Key.Key_Return)  # reveal
    assert reply.id in dialog.revealed
    shown = texts(dialog)
    assert f"Reply B was {KIND_LABELS[reply.kind]}." in shown
    within = 0
    for facet, mine in zip(FACET_KEYS, MY_SCORES, strict=True):
        you, author, difference = dialog.reveal_view.cells[facet]
        expected = mine - reply.ratings[facet]
        assert you.text() == str(mine) and author.text() == str(reply.ratings[facet])
        assert difference.text() == (f"+{expected}" if expected > 0 else f"−{-expected}" if expected else "0")
        within += abs(expected) <= 1
    assert f"Within one point of the reference on {within} of 8 facets" in dialog.reveal_view.summary.text()
    assert reply.note in dialog.reveal_view.note.text()
    assert not dialog.form.isEnabled()  # scores stay as given once the reference is seen
    press(dialog, Qt.Key.Key_1)
    assert dialog.scores[reply.id] == dict(zip(FACET_KEYS, MY_SCORES, strict=True))
    dialog.grab().save(str(SHOTS / "ys-anchors-after-reveal.png"))

    press(dialog, Qt.Key.Key_N)  # the next reply: blind again
    assert dialog.letter == "C" and dialog.form.isEnabled() and dialog.form.value().scores["hope"] is None
    assert not dialog.reveal_view.table.isVisibleTo(dialog)
    press(dialog, Qt.Key.Key_B)  # back to B: still revealed, with the same scores
    assert dialog.reveal_view.table.isVisibleTo(dialog) and dialog.form.value().scores["hope"] == 2

    press(dialog, Qt.Key.Key_L)  # the client's clip
    qtbot.waitUntil(lambda: dialog.loaded == "client" and playback.position_ms() > 0, timeout=10000)
    press(dialog, Qt.Key.Key_Escape)  # closes, and stops what it played
    qtbot.waitUntil(lambda: find_dialog() is None, timeout=5000)
    assert playback.owner is None
    assert playback.position_ms() == 0  # stopped


def test_a_missing_anchors_folder_is_a_plain_message_and_keys_do_nothing_harmful(
    qtbot: QtBot, tmp_path: Path
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = RaterPracticeDialog(None, parent, folder=tmp_path / "nowhere", seed=1)
    dialog.show()
    activate(qtbot, dialog)
    qtbot.waitUntil(lambda: "not installed" in dialog.message.text(), timeout=10000)
    assert "Reinstalling Practice Room puts them back" in dialog.message.text()
    assert dialog.statement.text() == "Rater practice is not available right now."
    for key in (
        Qt.Key.Key_PageDown,
        Qt.Key.Key_A,
        Qt.Key.Key_Space,
        Qt.Key.Key_L,
        Qt.Key.Key_3,
        Qt.Key.Key_Return,
        Qt.Key.Key_N,
    ):
        press(dialog, key)
    assert dialog.anchors is None and dialog.revealed == set()
    press(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


def test_the_blind_order_is_shuffled_per_exercise() -> None:

    from app.rater_practice.blind import blind_order
    from app.rater_practice.manifest import load_anchor_set

    anchors = load_anchor_set()
    rng = random.Random(7)
    orders = [tuple(r.kind for _, r in blind_order(e, rng)) for e in anchors.exercises]
    assert all(sorted(o) == ["ordinary", "strong", "weak"] for o in orders)
    assert len(set(orders)) > 1 and any(o[0] != "weak" for o in orders)


def test_closing_while_the_anchors_load_is_quiet(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.rater_practice import dialog as dialog_module

    release = threading.Event()

    def slow_load(folder: Path | None, starter: Path | None) -> AnchorSet:
        release.wait(10)  # a slow disk: the load is still running when the dialog closes
        return load_anchor_set(folder, starter)

    monkeypatch.setattr(dialog_module, "load_anchor_set", slow_load)
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = RaterPracticeDialog(None, parent, seed=2)
    dialog.show()
    activate(qtbot, dialog)
    assert dialog.statement.text() == "Loading the practice anchors…"
    press(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    release.set()
    qtbot.waitUntil(lambda: dialog.tasks.pending == 0, timeout=10000)  # the load came back
    assert dialog.anchors is None and dialog.exercise_choice.count() == 0  # and was let go
