"""The calm card shown before a clip that carries a content note: what it touches on, and the
choice to play it, skip to another exercise or stop (layout only; the safety flow acts)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from practice_db.records import ClipRecord
from practice_db.vocabulary import DIFFICULTY_LABELS, PRESENTATION_LABELS
from ui.common.long_titles import breakable, short_title

CARD_STYLE = "QFrame#contentNoteFrame { background: #f4f1ea; border: 1px solid #ddd5c4; border-radius: 8px; }"
CHOICE = (
    "You can play it now, pass it by for another exercise, or stop here. Passing a clip by is a "
    "sound choice, not a failure: it stays in your library for another day."
)
SETTING_HINT = (
    "To leave clips like this out of your sessions, tick “Hide clips with content notes” when you set one up."
)


def note_html(clip: ClipRecord, progress: str) -> str:
    where = f"{PRESENTATION_LABELS.get(clip.presentation, '')} · {DIFFICULTY_LABELS.get(clip.difficulty, '')}"
    if progress:
        where += f" · {progress}"
    note = escape(clip.content_note or "", quote=False)
    return (
        f"<h2 style='margin-bottom:2px'>{escape(breakable(short_title(clip.title)), quote=False)}</h2>"
        f"<span style='color:#555'>{escape(where, quote=False)}</span>"
        "<p style='margin-top:16px'><b>Before it plays: a note on what this clip touches on</b></p>"
        f"<p style='font-size:16px'>{note}</p>"
    )


class ContentNoteCard(QWidget):
    play_requested = Signal()
    skip_requested = Signal()
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contentNoteCard")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        frame = QFrame()
        frame.setObjectName("contentNoteFrame")
        frame.setStyleSheet(CARD_STYLE)
        frame.setMaximumWidth(760)
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(24, 18, 24, 18)
        self.text = QLabel()
        self.text.setObjectName("contentNoteText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        inner.addWidget(self.text)
        choice = QLabel(CHOICE)
        choice.setWordWrap(True)
        inner.addWidget(choice)
        row = QHBoxLayout()
        self.play_button = QPushButton("Play it (Enter)")
        self.skip_button = QPushButton("Skip to another exercise (S)")
        self.stop_button = QPushButton("Stop (Esc)")
        for name, button, signal in (
            ("playNoted", self.play_button, self.play_requested),
            ("skipNoted", self.skip_button, self.skip_requested),
            ("stopAtNote", self.stop_button, self.stop_requested),
        ):
            button.setObjectName(name)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys belong to the page, as in the loop
            button.setMinimumHeight(32)
            button.clicked.connect(signal.emit)
            row.addWidget(button)
        row.addStretch(1)
        inner.addLayout(row)
        hint = QLabel(SETTING_HINT)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666; font-size: 11px;")
        inner.addWidget(hint)
        line = QHBoxLayout()
        line.addStretch(1)
        line.addWidget(frame, 4)
        line.addStretch(1)
        outer.addLayout(line)
        outer.addStretch(2)

    def show_clip(self, clip: ClipRecord, progress: str) -> None:
        self.text.setText(note_html(clip, progress))
        self.text.setToolTip(clip.title if short_title(clip.title) != clip.title else "")
