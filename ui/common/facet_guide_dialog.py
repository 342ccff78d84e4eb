"""The facet guide: all eight facets with what a 1, a 3 and a 5 sound like, and the three check-ins.

Opened from any rating form (F1 or ?, at the highlighted facet) and from Help → Facet guide….
One dialog per window, reused: it opens scrolled to the facet asked for, with that card marked.
Esc, Ctrl+W or Close shut it, and the focus goes back where it was."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.yardstick.facet_guide import BETWEEN, SCALE_MEANING, FacetGuide, check_ins, facet_guide
from ui.common.dialog_keys import close_on_ctrl_w

CHECK_INS = "check_ins"  # the key of the last card, for opening the guide at the check-ins
INTRO = (
    f"{SCALE_MEANING}. {BETWEEN} Self and supervisor rate against these same descriptions, so "
    "that a 4 means the same to both. They were written for this app as a shared yardstick, not "
    "as published norms."
)
CARD = "QFrame#{name} {{ background: {bg}; border: {border}; border-radius: 6px; }}"
PLAIN = ("#f7f8fa", "1px solid #d9dee3")
MARKED = ("#e3eef6", "2px solid #4f7a94")
LEVEL_STYLE = "color: #333; padding: 4px 6px; background: rgba(255,255,255,0.6); border-radius: 4px;"


def _html(text: str) -> str:
    return escape(text, quote=False)  # apostrophes stay readable in rich text


def _label(html: str, style: str = "") -> QLabel:
    label = QLabel(html)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    if style:
        label.setStyleSheet(style)
    return label


def _facet_card(guide: FacetGuide) -> QFrame:
    card = QFrame()
    card.setObjectName(f"guide_{guide.key}")
    grid = QGridLayout(card)
    grid.setContentsMargins(10, 8, 10, 8)
    grid.setVerticalSpacing(4)
    title = f"<b style='font-size:14px'>{_html(guide.label)}</b>"
    listens = f"<span style='color:#444'>{_html(guide.listens_for)}</span>"
    grid.addWidget(_label(f"{title}&nbsp;&nbsp;{listens}"), 0, 0, 1, 3)
    for column, (score, text) in enumerate(guide.anchors()):
        grid.addWidget(_label(f"<b>Around {score}</b><br>{_html(text)}", LEVEL_STYLE), 1, column)
        grid.setColumnStretch(column, 1)
    return card


def _check_in_card() -> QFrame:
    card = QFrame()
    card.setObjectName(f"guide_{CHECK_INS}")
    column = QVBoxLayout(card)
    column.setContentsMargins(10, 8, 10, 8)
    column.addWidget(
        _label(
            "<b style='font-size:14px'>How did it feel?</b>&nbsp;&nbsp;<span style='color:#444'>"
            "The check-in after each round sets the level of what comes next. It is a safety "
            "check, not a grade: answer honestly.</span>"
        )
    )
    for help_ in check_ins():
        text = f"<b>{_html(help_.label)}</b>: {_html(help_.means)} {_html(help_.next_step)}"
        column.addWidget(_label(text, LEVEL_STYLE))
    return card


class FacetGuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("facetGuideDialog")
        self.setWindowTitle("Facet guide: what a 1, a 3 and a 5 sound like")
        self.resize(940, 600)  # fits a 1280×720 screen with room for the window's frame
        layout = QVBoxLayout(self)
        intro = _label(f"<span style='color:#444'>{_html(INTRO)}</span>")
        intro.setObjectName("facetGuideIntro")
        layout.addWidget(intro)
        self.cards: dict[str, QFrame] = {}
        content = QWidget()
        column = QVBoxLayout(content)
        column.setSpacing(8)
        for guide in facet_guide():
            self.cards[guide.key] = _facet_card(guide)
            column.addWidget(self.cards[guide.key])
        self.cards[CHECK_INS] = _check_in_card()
        column.addWidget(self.cards[CHECK_INS])
        column.addStretch(1)
        self.content_layout = column
        self.scroller = QScrollArea()
        self.scroller.setObjectName("facetGuideScroll")
        self.scroller.setWidgetResizable(True)
        self.scroller.setWidget(content)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrows and Page Up/Down scroll it
        layout.addWidget(self.scroller, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scroll area keeps the keys
        layout.addWidget(buttons)
        close_on_ctrl_w(self)
        self.marked: str | None = None
        self.mark(None)

    def mark(self, key: str | None) -> None:
        """Mark one card (a facet key, CHECK_INS or None) and scroll to it once shown."""
        self.marked = key if key in self.cards else None
        for name, card in self.cards.items():
            bg, border = MARKED if name == self.marked else PLAIN
            card.setStyleSheet(CARD.format(name=card.objectName(), bg=bg, border=border))
        if self.isVisible():
            self._scroll_to_mark()

    def _scroll_to_mark(self) -> None:
        self.content_layout.activate()  # card positions are known before the first paint
        card = self.cards.get(self.marked or "")
        self.scroller.verticalScrollBar().setValue(max(0, card.y() - 4) if card is not None else 0)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._scroll_to_mark()
        self.scroller.setFocus()


def open_facet_guide(parent: QWidget, facet_key: str | None = None) -> FacetGuideDialog:
    """Show the guide over parent's window, at facet_key (one of FACET_KEYS, CHECK_INS, or None
    for the top). Window-modal; closing it gives the focus back to where it was."""
    window = parent.window()
    dialog = window.findChild(FacetGuideDialog, "facetGuideDialog")
    if dialog is None:
        dialog = FacetGuideDialog(window)
    dialog.mark(facet_key)
    if not dialog.isVisible():
        dialog.open()
    return dialog
