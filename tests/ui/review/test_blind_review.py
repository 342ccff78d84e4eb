"""Blind review on the real window (offscreen, real SQLite, libvlc): the supervisor, with keys sent
to the window only, reviews a trainee's self-rated attempt. Until the supervisor's own rating of it
has all eight facets, nothing on screen shows the self-rating or the calibration panel (every
visible label, table cell and list row is read); the check-in, the criteria and the example reply
are there from the start. Once the eighth facet is saved, the comparison and the panel appear."""

from __future__ import annotations

import numpy as np
import soundfile
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.records import NewClip, RatingInput, TakeFacts
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS
from tests.support.keys import choose_profile, press
from tests.ui.shell.test_app_shell import open_window
from ui.review.attempt_brief import TOO_HARD_STYLE
from ui.review.page import ReviewPage

CRITERIA = ("Names the frustration out loud", "Does not defend the delay")
EXAMPLE = "You've been sitting out there for twenty minutes, and you're fed up."
SELF = (5, 4, 5, 4, 5, 4, 5, 4)  # total 4.5
NOTE = "felt rushed at the end"
MINE = (3, 3, 3, 3, 3, 3, 2, 3)  # the supervisor's, by keys: total 23 / 8 = 2.9


def seed(store: PracticeStore, data_paths: DataPaths) -> None:
    """Sam's earlier attempt, rated by both (so the calibration panel has something to say), and
    the new one, self-rated and checked in as "too hard", waiting for Dr Lee."""
    sam = store.profiles.create("Sam", "clinician")
    lee = store.profiles.create("Dr Lee", "supervisor")
    clip = store.clips.add(
        NewClip(
            "Kept waiting",
            "hostile",
            1,
            "clips/kept.ogg",
            "hash-kept",
            "Twenty minutes. Twenty. Do you know what my time is worth?",
            facets=("empathy",),
            criteria=CRITERIA,
            example_response=EXAMPLE,
        )
    )
    tone = (0.3 * np.sin(np.arange(16000 * 6) * 2 * np.pi * 220 / 16000)).astype(np.float32)
    for n in range(2):
        path = f"recordings/take{n}.wav"
        soundfile.write(str(data_paths.home / path), tone, 16000)
        attempt = store.attempts.begin(sam.id, clip.id, None, path)
        store.attempts.finish(attempt.id, TakeFacts(path, 6000))
        if n == 0:
            store.ratings.save(attempt.id, sam.id, RatingInput(scores=dict.fromkeys(FACET_KEYS, 5)))
            store.ratings.save(attempt.id, lee.id, RatingInput(scores=dict.fromkeys(FACET_KEYS, 2)))
        else:
            scores = dict(zip(FACET_KEYS, SELF, strict=True))
            store.ratings.save(attempt.id, sam.id, RatingInput(scores=scores, reaction="too_hard", note=NOTE))


def columns(model: QAbstractItemModel) -> int:
    # A list model keeps columnCount private in PySide: it has one column.
    return 1 if isinstance(model, QAbstractListModel) else model.columnCount()


def visible_texts(root: QWidget) -> list[str]:
    """What a person could read: every visible label, and every cell and header of every visible
    table or list (a hidden column is not read)."""
    texts = [w.text() for w in root.findChildren(QLabel) if w.isVisible()]
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if not view.isVisible() or model is None or isinstance(view, QHeaderView):
            continue  # a header view shows its table's headers, read with the table
        table = isinstance(view, QTableView)
        for column in range(columns(model)):
            if table and view.isColumnHidden(column):
                continue
            if table and not view.horizontalHeader().isHidden():
                texts.append(str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
            for row in range(model.rowCount()):
                texts.append(str(model.data(model.index(row, column)) or ""))
    return texts


def test_supervisor_sees_no_self_rating_until_their_own_is_saved(
    qtbot: QtBot, data_paths: DataPaths, store: PracticeStore
) -> None:
    seed(store, data_paths)
    store.close()
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.resize(1280, 720)
    choose_profile(qtbot, window, "Dr Lee")
    press(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # the Review page
    page: ReviewPage = window.pages["review"]
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1 and page.detail is not None, timeout=10000)
    qtbot.waitUntil(lambda: page.waveform.waveform is not None, timeout=10000)
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
    assert window.width() <= 1280 and window.height() <= 720
    assert page.detail_scroll.horizontalScrollBar().maximum() == 0  # the detail fits its width

    def blind() -> None:
        texts = visible_texts(window)
        assert not [t for t in texts if "4.5" in t or NOTE in t or "(self)" in t]
        # No facet score in any table or list: the supervisor's own are radio buttons, not text.
        assert not [t for t in texts if t.strip() in {"1", "2", "3", "4", "5"}]
        assert not [t for t in texts if "compared with" in t or "higher" in t or "lower" in t]
        assert not page.calibration.isVisible() and page.calibration.body.text() == ""
        assert not page.comparison.table.isVisible() and page.comparison.table.item(0, 1) is None
        assert "Hidden until your own rating" in page.comparison.note.text()
        # Not only hidden widgets: the page was never given the self scores.
        assert page.detail is not None and page.detail.self_hidden and page.detail.self_rating() is None

    blind()
    # From the start: the check-in beside the take (too hard stands out), criteria, example reply.
    assert page.check_in.isVisible() and "too hard" in page.check_in.text()
    assert page.check_in.styleSheet() == TOO_HARD_STYLE
    brief = page.brief.text()
    assert page.brief.isVisible() and all(c in brief for c in CRITERIA) and "fed up" in brief

    for digit in MINE[:7]:
        press(window, Qt.Key(Qt.Key.Key_0.value + digit))
    qtbot.waitUntil(lambda: len(_lee_scores(window)) == 7, timeout=10000)
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
    qtbot.wait(200)  # any reload announced by the saves has landed
    blind()  # seven of eight saved: still blind

    press(window, Qt.Key(Qt.Key.Key_0.value + MINE[7]))  # the eighth: saved at once
    qtbot.waitUntil(lambda: page.comparison.table.isVisible(), timeout=10000)
    assert page.detail is not None and not page.detail.self_hidden
    table = page.comparison.table
    rows = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
    assert [r[1:] for r in rows[:8]] == [
        [str(s), str(m), "0" if s == m else f"{s - m:+d}"] for s, m in zip(SELF, MINE, strict=True)
    ]
    assert rows[8][1:] == ["4.5", "2.9", "+1.6"]
    header = table.horizontalHeaderItem(1)
    assert header is not None and header.text() == "Sam (self)"
    qtbot.waitUntil(lambda: "too few to say" in page.calibration.body.text(), timeout=10000)
    assert page.calibration.isVisible()
    assert any("4.5" in t for t in visible_texts(window))
    assert _lee_scores(window) == list(MINE)


def _lee_scores(window: object) -> list[int]:
    store = getattr(window, "store", None)
    assert store is not None
    lee = next(p for p in store.profiles.list() if p.name == "Dr Lee")
    page = getattr(window, "pages", {})["review"]
    assert page.detail is not None
    rating = next(
        (r for r in store.ratings.for_attempt(page.detail.attempt.id) if r.rater_profile_id == lee.id), None
    )
    return [] if rating is None else [v for k in FACET_KEYS if (v := rating.scores[k]) is not None]
