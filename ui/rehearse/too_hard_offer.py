"""What "too hard" offers beside the rating (a break, stopping for today, a gentler exercise) and
the break itself (layout only; ui/rehearse/safety_flow.py acts on the choices)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

# "Too hard" is past the useful stretch, not part of it: say so, and offer a way out first.
TOO_HARD_HEADING = "That one went past a useful stretch."
TOO_HARD_TEXT = (
    "Too hard is more than a good challenge, so there is no need to push on. Your take and your "
    "ratings are saved whatever you choose."
)
SUPERVISION = "If it stays with you after practice, it is worth bringing to supervision."
GENTLER = "Go on, gentler (G)"
GENTLEST = "Go on at this level (G)"  # already a beginner exercise: nothing gentler to step to
BREAK_STYLE = "QFrame#breakFrame { background: #eef5f0; border-radius: 8px; }"
OFFER_STYLE = "QFrame#tooHardNote { background: #eef5f0; border-radius: 6px; }"
BREAK_TEXT = (
    "<h2>Taking a break</h2>"
    "<p>The session is paused. Your take and your ratings are saved, so nothing is lost.</p>"
    "<p>Step away from the screen for a while: stand up, stretch, breathe out slowly, get a "
    "drink. Come back when you are ready, or stop for today.</p>"
    "<p style='color:#555'>If the exercise stays with you, note it down for your next supervision.</p>"
)


def _button(name: str, text: str, on_click: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the letters work wherever the focus is
    button.clicked.connect(on_click)
    return button


class TooHardOffer(QFrame):
    break_requested = Signal()
    stop_requested = Signal()
    gentler_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tooHardNote")
        self.setStyleSheet(OFFER_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        self.text = QLabel(f"<b>{TOO_HARD_HEADING}</b> {TOO_HARD_TEXT}")
        self.text.setObjectName("tooHardText")
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        row.setSpacing(4)
        self.break_button = _button("takeBreak", "Take a break (B)", self.break_requested.emit)
        self.stop_button = _button("stopForToday", "Stop for today (F)", self.stop_requested.emit)
        self.gentler_button = _button("goGentler", GENTLER, self.gentler_requested.emit)
        for button in (self.break_button, self.stop_button, self.gentler_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.supervision = QLabel(SUPERVISION)
        self.supervision.setWordWrap(True)
        self.supervision.setStyleSheet("color: #555;")
        layout.addWidget(self.supervision)
        self.hide()

    def offer(self, difficulty: int) -> None:
        self.gentler_button.setText(GENTLER if difficulty > 1 else GENTLEST)
        self.show()

    def text_shown(self) -> str:
        return " ".join(w.text() for w in (self.text, self.supervision))


class BreakPanel(QWidget):
    back_requested = Signal()
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("breakPanel")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        frame = QFrame()
        frame.setObjectName("breakFrame")
        frame.setStyleSheet(BREAK_STYLE)
        frame.setMaximumWidth(680)
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(24, 18, 24, 18)
        text = QLabel(BREAK_TEXT)
        text.setObjectName("breakText")
        text.setWordWrap(True)
        inner.addWidget(text)
        row = QHBoxLayout()
        self.back_button = _button("backFromBreak", "I'm ready to go on (Enter)", self.back_requested.emit)
        self.stop_button = _button("stopAfterBreak", "Stop for today (F)", self.stop_requested.emit)
        for button in (self.back_button, self.stop_button):
            button.setMinimumHeight(32)
            row.addWidget(button)
        row.addStretch(1)
        inner.addLayout(row)
        line = QHBoxLayout()  # centred, and wrapped text gets the height it needs
        line.addStretch(1)
        line.addWidget(frame, 4)
        line.addStretch(1)
        outer.addLayout(line)
        outer.addStretch(2)
