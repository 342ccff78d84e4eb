"""Blind rating on the real window (offscreen, real SQLite, libvlc): a supervisor rates a small
batch (two clinicians, a baseline and a follow-up each) with keys sent to the window only. Until the
last facet of the last take is saved, no name, date or occasion is anywhere on screen (every label,
list row and table cell is read); then the reveal table says whose each take was and when.

The view is hosted in a dialog over the real main window, with the window's store, profile,
player and DB worker, as the Assessment page will host it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QVBoxLayout
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.assessment.batch import BatchKey
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS
from tests.support.blind_batch_world import build_world
from tests.support.keys import activate, choose_profile, press
from tests.ui.review.test_blind_review import visible_texts
from tests.ui.shell.test_app_shell import open_window
from ui.assessment.rating_view import BlindRatingView
from ui.common.facet_guide_dialog import FacetGuideDialog
from ui.common.facet_guide_keys import context_help
from ui.shell.main_window import MainWindow

HIDDEN = ("Ana", "Ben", "Clinician", "2026", "Mar", "Jun", "Baseline", "Follow", "baseline", "follow")
# Per take, in the order shown: eight digits each.
GIVEN = (
    (3, 3, 4, 3, 2, 3, 3, 4),
    (2, 2, 2, 3, 2, 2, 1, 2),
    (4, 4, 4, 5, 4, 4, 4, 4),
    (5, 4, 5, 4, 5, 4, 5, 4),
)


def sox_tone(path: Path, hz: int, seconds: float = 3.0) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["sox", "-n", "-r", "44100", "-c", "1", str(path), "synth", str(seconds), "sine", str(hz)], check=True
    )


def host(qtbot: QtBot, window: MainWindow) -> tuple[QDialog, BlindRatingView]:
    """The view in a dialog over the window, wired as a page is (store, profile, player; F1 asks
    the view for its help as the window's F1 asks the page shown)."""
    dialog = QDialog(window)
    dialog.setObjectName("blindRatingHost")
    view = BlindRatingView(window.ctx, dialog)
    QVBoxLayout(dialog).addWidget(view)
    QShortcut(QKeySequence("F1"), dialog, lambda: context_help(view))
    assert window.store is not None and window.profile is not None and window.playback is not None
    view.set_store(window.store)
    view.set_profile(window.profile)
    view.set_playback(window.playback)
    dialog.resize(1280, 720)
    dialog.show()
    activate(qtbot, dialog)
    return dialog, view


def test_a_supervisor_rates_a_small_batch_blind_by_keys_then_sees_whose_it_was(
    qtbot: QtBot, data_paths: DataPaths, store: PracticeStore
) -> None:
    world = build_world(store, raters=("Rae Rater",), clips=1, recording="recordings/assessment/take-{n}.wav")
    for n in range(1, 5):
        sox_tone(data_paths.home / f"recordings/assessment/take-{n}.wav", 200 + 60 * n)
    sox_tone(data_paths.home / "clips/assessment-1.ogg", 440)
    store.close()
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.resize(1280, 720)
    choose_profile(qtbot, window, "Rae Rater")
    dialog, view = host(qtbot, window)
    qtbot.waitUntil(lambda: view.set_list.count() == 1, timeout=10000)
    assert view.set_list.item(0).text() == "FIS assessment set: 4 assessments waiting, 4 takes"
    assert dialog.minimumSizeHint().width() <= 1280 and dialog.minimumSizeHint().height() <= 720

    def blind() -> None:
        texts = "\n".join(visible_texts(dialog))
        assert not [h for h in HIDDEN if h in texts], texts
        assert not view.reveal_table.isVisible() and view.reveal_table.table.rowCount() == 0

    blind()
    dialog.grab().save("/tmp/arating-choose.png")
    press(dialog, Qt.Key.Key_Return)  # rate this set
    qtbot.waitUntil(lambda: view.state == "rating", timeout=10000)
    assert view.batch is not None and [t.code for t in view.batch.takes] == ["T01", "T02", "T03", "T04"]
    assert view.take_title.text() == "Take T01" and view.progress.text() == "0 of 4 rated"
    assert "Client words number 1." in view.statement.text()
    blind()
    hint = view.minimumSizeHint()  # fits a page of the 1280×720 window (beside its 170-px navigation)
    assert hint.width() <= 1280 - 190 and hint.height() <= 720 - 100, hint
    dialog.grab().save("/tmp/arating-before-reveal.png")
    view.resize(1090, 620)  # the room a page gets in the window
    view.grab().save("/tmp/arating-page-size.png")
    dialog.resize(1280, 720)

    playback = window.playback
    assert playback is not None
    press(dialog, Qt.Key.Key_Space)  # the reply, through the window's libvlc player
    qtbot.waitUntil(lambda: playback.owner is view and playback.position_ms() > 0, timeout=10000)
    qtbot.waitUntil(lambda: "Playing take T01" in view.status.text(), timeout=5000)
    press(dialog, Qt.Key.Key_L)  # and the client's clip
    qtbot.waitUntil(lambda: view.loaded == "client" and playback.position_ms() > 0, timeout=10000)

    rae = world.raters["Rae Rater"]
    for index, digits in enumerate(GIVEN):
        assert view.take_title.text() == f"Take T0{index + 1}"
        if index == 1:  # back to the first take: its saved scores are there, then on again
            press(dialog, Qt.Key.Key_PageUp)
            assert view.take_title.text() == "Take T01" and view.progress.text() == "1 of 4 rated"
            assert [view.form.value().scores[k] for k in FACET_KEYS] == list(GIVEN[0])
            press(dialog, Qt.Key.Key_P)  # nothing before the first
            assert view.take_title.text() == "Take T01"
            press(dialog, Qt.Key.Key_PageDown)
            assert view.take_title.text() == "Take T02" and view.form.value().scores["hope"] is None
        last = index == len(GIVEN) - 1
        for position, digit in enumerate(digits):
            if last and position == 7:
                press(dialog, Qt.Key.Key_F1)  # the facet guide, at the row being rated
                qtbot.waitUntil(
                    lambda: isinstance(QApplication.activeModalWidget(), FacetGuideDialog), timeout=5000
                )
                guide = QApplication.activeModalWidget()
                assert isinstance(guide, FacetGuideDialog) and guide.marked == "rupture_repair"
                press(guide, Qt.Key.Key_Escape)
                qtbot.waitUntil(lambda g=guide: not g.isVisible(), timeout=5000)
                activate(qtbot, dialog)
                qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
                qtbot.wait(100)
                blind()  # 31 of 32 facets saved: still blind
                assert view.progress.text() == "3 of 4 rated"
            press(dialog, Qt.Key(Qt.Key.Key_0 + digit))
        if not last:
            assert view.take_count.text() == "This take: 8 of 8 facets · N for the next take"
            press(dialog, Qt.Key.Key_N if index % 2 == 0 else Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: view.state == "revealed", timeout=10000)

    shown = "\n".join(visible_texts(dialog))
    assert "Ana Clinician" in shown and "Ben Clinician" in shown
    assert "02 Mar 2026" in shown and "15 Jun 2026" in shown
    assert "Baseline" in shown and "Follow-up" in shown
    table = view.reveal_table.table
    rows = [[table.item(r, c).text() for c in range(6)] for r in range(table.rowCount())]
    order = [t.take_id for t in view.batch.takes]
    owner = {t: key for key, a in world.assessments.items() for t in world.takes[a]}
    for row, take_id, digits in zip(rows, order, GIVEN, strict=True):
        name, occasion = owner[take_id]
        assert row[2] == name and row[4] == ("Baseline" if occasion == "baseline" else "Follow-up")
        assert row[5] == f"{sum(digits) / 8:.1f}"
    dialog.grab().save("/tmp/arating-after-reveal.png")
    check = window.store
    assert check is not None
    saved = check.assessment_ratings.mine(rae, order)
    assert [[saved[t].scores[k] for k in FACET_KEYS] for t in order] == [list(d) for d in GIVEN]
    assert {r.rater_role for r in saved.values()} == {"rater"}
    assert check.assessment_batches.open(BatchKey.of(rae, world.assessments.values())).done

    press(dialog, Qt.Key.Key_Escape)  # back to the list: nothing left waiting
    qtbot.waitUntil(
        lambda: view.choose_message.text() == "No assessments are waiting for your rating.", timeout=10000
    )
    assert view.state == "choose" and playback.owner is None


def test_a_clinician_is_told_only_supervisors_rate(
    qtbot: QtBot, data_paths: DataPaths, store: PracticeStore
) -> None:
    build_world(store, raters=(), clips=1)
    store.close()
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    choose_profile(qtbot, window, "Ana Clinician")
    dialog, view = host(qtbot, window)
    assert view.choose_message.text() == "Only a supervisor profile rates assessments."
    press(dialog, Qt.Key.Key_Return)  # nothing to start
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
    assert view.set_list.count() == 0 and view.state == "choose" and view.batch is None
