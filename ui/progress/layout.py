"""The Progress page's look: white cards on a soft grey, and the notes that explain them."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from app.progress_log.wording import CALIBRATION_EXPLAIN

STYLE = """
QWidget#progressContent { background: #f4f6f8; }
QFrame#card { background: white; border: 1px solid #dde3e8; border-radius: 6px; }
QFrame#card QLabel { border: none; }
QLabel#cardTitle { font-size: 15px; font-weight: bold; color: #1f3b4d; }
QLabel#cardNote { color: #666; }
QFrame#statTile { background: white; border: 1px solid #dde3e8; border-radius: 6px; }
QLabel#statValue { font-size: 22px; font-weight: bold; color: #1f3b4d; border: none; }
QLabel#statCaption { color: #666; border: none; }
QTableWidget { border: none; }
"""
HINT = (
    "Hints only: these are measured automatically from each recording, and background noise or a "
    "late start can throw them. They are not ratings; a thoughtful pause can be the right reply."
)
CALIBRATION_NOTE = (
    "Self-ratings often run higher than a supervisor's; the gap is worth talking about. "
    + CALIBRATION_EXPLAIN
)


def card(title: str, note: str = "") -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    box = QVBoxLayout(frame)
    box.setContentsMargins(14, 10, 14, 12)
    heading = QLabel(title)
    heading.setObjectName("cardTitle")
    box.addWidget(heading)
    if note:
        text = QLabel(note)
        text.setObjectName("cardNote")
        text.setWordWrap(True)
        box.addWidget(text)
    return frame, box
