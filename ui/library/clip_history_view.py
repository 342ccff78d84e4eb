"""Under an exercise in the Library: your past attempts at it, and a button to practise it now."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from practice_db.scoring import total_or_count
from practice_db.vocabulary import ATTEMPT_STATUS_LABELS, REACTION_LABELS

if TYPE_CHECKING:
    from practice_db.records import FeedbackItem

SHOWN = 5


def history_html(items: list[FeedbackItem]) -> str:
    if not items:
        return "<p style='color:#555'>You haven't tried this one yet.</p>"
    lines = []
    for item in items[:SHOWN]:
        parts = [item.started_at.astimezone().strftime("%d %b %Y")]
        if item.status in ATTEMPT_STATUS_LABELS:  # e.g. a take interrupted before any reply
            lines.append("<li>" + " · ".join([*parts, ATTEMPT_STATUS_LABELS[item.status]]) + "</li>")
            continue
        # A total only from all eight facets; a partial rating says "n of 8".
        if you := total_or_count(item.self_mean, item.self_rated):
            parts.append(f"you {you}")
        if supervisor := total_or_count(item.supervisor_mean, item.supervisor_rated):
            parts.append(f"supervisor {supervisor}")
        if item.self_reaction:
            parts.append(REACTION_LABELS[item.self_reaction].lower())
        lines.append("<li>" + " · ".join(parts) + "</li>")
    more = f"<p style='color:#555'>…and {len(items) - SHOWN} earlier.</p>" if len(items) > SHOWN else ""
    # Only replies count as attempts; takes with no reply are listed, and counted apart.
    replies = sum(1 for item in items if item.status not in ATTEMPT_STATUS_LABELS)
    count = f"{replies} attempt{'s' if replies != 1 else ''}"
    if replies != len(items):
        count += f", {len(items) - replies} with no reply recorded"
    return f"<p><b>Your attempts</b> ({count})</p><ul>{''.join(lines)}</ul>{more}"


class ClipHistoryView(QWidget):
    practise = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel()
        self.text.setObjectName("clipHistory")
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        self.button = QPushButton("Practise this exercise")
        self.button.setObjectName("practiseClip")
        self.button.setEnabled(False)
        self.button.clicked.connect(self.practise.emit)
        layout.addWidget(self.button)

    def show_history(self, items: list[FeedbackItem]) -> None:
        self.text.setText(history_html(items))
        self.button.setEnabled(True)
