"""The facet guide dialog and the rating form's help: the guide opens at the facet asked for,
fits 1280×720 and closes with Esc or Ctrl+W (keys sent to the dialog's window), giving the focus
back; the form says what the scale means, what the highlighted facet is and what the check-ins mean."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMainWindow, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.yardstick.facet_guide import check_in_help, guide_for
from practice_db.vocabulary import FACET_KEYS
from tests.support.keys import activate, press
from ui.common.facet_guide_dialog import CHECK_INS, FacetGuideDialog, open_facet_guide
from ui.common.rating_form import SCALE_HINT, RatingForm


def _host(qtbot: QtBot) -> tuple[QMainWindow, QLineEdit]:
    window = QMainWindow()
    body = QWidget()
    field = QLineEdit()
    QVBoxLayout(body).addWidget(field)
    window.setCentralWidget(body)
    window.resize(1280, 720)
    qtbot.addWidget(window)
    window.show()
    activate(qtbot, window)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=3000)
    return window, field


def _card_in_view(dialog: FacetGuideDialog, key: str) -> bool:
    viewport = dialog.scroller.viewport()
    card = dialog.cards[key]
    rect = QRect(card.mapTo(viewport, QPoint(0, 0)), card.size())
    return QRect(QPoint(0, 0), viewport.size()).contains(rect)


def test_guide_opens_at_the_facet_and_esc_or_ctrl_w_give_the_focus_back(qtbot: QtBot) -> None:
    window, field = _host(qtbot)
    dialog = open_facet_guide(field, "rupture_repair")  # the last facet: only in view if scrolled
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog, timeout=3000)
    assert dialog.parent() is window and dialog.marked == "rupture_repair"
    assert dialog.scroller.verticalScrollBar().value() > 0 and _card_in_view(dialog, "rupture_repair")
    assert "2px solid" in dialog.cards["rupture_repair"].styleSheet()
    assert "2px solid" not in dialog.cards["empathy"].styleSheet()
    assert dialog.width() <= 1280 and dialog.height() <= 720 - 60  # room for its frame
    dialog.grab().save("/tmp/guide-dialog-rupture.png")
    for key in FACET_KEYS:  # every facet's three levels are on the cards
        text = " ".join(label.text() for label in dialog.cards[key].findChildren(QLabel))
        guide = guide_for(key)
        assert all(part in text for part in (guide.around_1, guide.around_3, guide.around_5))
    activate(qtbot, dialog)
    press(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    activate(qtbot, window)
    qtbot.waitUntil(field.hasFocus, timeout=3000)  # back where it was

    again = open_facet_guide(field, "hope")  # one dialog per window, reused
    assert again is dialog and again.marked == "hope"
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog, timeout=3000)
    assert _card_in_view(dialog, "hope")
    activate(qtbot, dialog)
    press(dialog, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    activate(qtbot, window)
    qtbot.waitUntil(field.hasFocus, timeout=3000)

    top = open_facet_guide(field)  # from the Help menu: the top, nothing marked
    qtbot.waitUntil(top.isVisible, timeout=3000)
    assert top.marked is None and top.scroller.verticalScrollBar().value() == 0
    assert all("2px solid" not in card.styleSheet() for card in top.cards.values())
    top.mark(CHECK_INS)
    assert _card_in_view(top, CHECK_INS)
    top.reject()


def test_rating_form_explains_the_scale_the_facet_and_the_check_ins(qtbot: QtBot) -> None:
    form = RatingForm(with_reaction=True)
    qtbot.addWidget(form)
    form.resize(640, 460)
    form.show()
    assert "like it" not in SCALE_HINT and "highlighted quality" in SCALE_HINT
    assert all(f"{n} = " in SCALE_HINT for n in (1, 3, 5))
    assert "F1" in form.keys_hint.text()
    assert form.highlighted_facet() == "verbal_fluency"
    assert guide_for("verbal_fluency").listens_for in form.description.text()
    assert form.description.isVisible() and form.check_in_help.isVisible()
    for index, key in enumerate(FACET_KEYS):  # each label's tooltip: the facet and its levels
        tip = form.row_labels[index].toolTip()
        assert guide_for(key).listens_for in tip and guide_for(key).around_5 in tip
    assert guide_for("empathy").around_1 in form.groups["empathy"].button(1).toolTip()
    form.rate_current(4)
    form.rate_current(3)  # two facets rated: the third is highlighted and described
    assert form.highlighted_facet() == "persuasiveness"
    assert guide_for("persuasiveness").listens_for in form.description.text()
    form.set_current_row(len(FACET_KEYS))  # the check-in row
    assert form.highlighted_facet() is None and "level" in form.description.text()
    for key, button in form.reaction_buttons.items():
        assert check_in_help(key).next_step in button.toolTip()
    assert "go gentler" in form.check_in_help.text() and "stay" in form.check_in_help.text()
    assert form.value().scores["verbal_fluency"] == 4  # the public API is unchanged
    qtbot.wait(20)
    form.grab().save("/tmp/guide-rating-form.png")
    assert form.sizeHint().height() <= 460

    supervisor = RatingForm(with_reaction=False)  # the supervisor's form: no check-in line
    qtbot.addWidget(supervisor)
    supervisor.show()
    assert (
        not supervisor.check_in_help.isVisibleTo(supervisor)
        and "how it felt" not in supervisor.keys_hint.text()
    )
    assert supervisor.description.isVisible()
