"""The end-of-session summary: every attempt with its self-rating and speech timings."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.progress_log.wording import count, time_spoken
from practice_db.practice_plan import next_level
from practice_db.records import SessionEntry
from practice_db.scoring import overall_score, partial_label
from practice_db.vocabulary import (
    DIFFICULTY_LABELS,
    FACET_KEYS,
    FACET_LABELS,
    PRESENTATION_LABELS,
    REACTION_LABELS,
)

FACET_SHORT = {
    "verbal_fluency": "Flu",
    "hope": "Hope",
    "persuasiveness": "Pers",
    "emotional_expression": "Emo",
    "warmth": "Warm",
    "empathy": "Emp",
    "alliance_bond": "Bond",
    "rupture_repair": "Rep",
}
HEADERS = (
    "Exercise",
    "Level",
    "Mean",
    *(FACET_SHORT[k] for k in FACET_KEYS),
    "Felt",
    "Reply",
    "Began after",
    "Pauses",
)
TIMING_NOTE = (
    "Timings are rough hints measured from the sound of your reply, not judgements: a pause can be "
    "exactly the right thing."
)

BEGAN_COLUMN = HEADERS.index("Began after")
NO_SPEECH = "no voice heard"
NO_SPEECH_TIP = (
    "No voice was heard in this reply, so it has no timings. If you did speak, check the microphone."
)


def seconds(ms: int | None) -> str:
    return "–" if ms is None else f"{ms / 1000:.1f} s"


def entry_cells(entry: SessionEntry) -> list[str]:
    rating, attempt = entry.self_rating, entry.attempt
    scores = [] if rating is None else [rating.scores.get(k) for k in FACET_KEYS]
    overall = "not rated" if rating is None else (partial_label(rating.scores) or "not rated")
    count, total = attempt.pause_count, attempt.pause_total_ms
    pauses = "–" if count is None else f"{count} ({seconds(total)})"
    began = NO_SPEECH if attempt.no_speech else seconds(attempt.response_latency_ms)
    return [
        entry.clip_title,
        DIFFICULTY_LABELS.get(entry.difficulty, ""),
        overall,  # the mean of all eight, or "n of 8" for a partial rating (it has no total)
        *(("–" if s is None else str(s)) for s in (scores or [None] * len(FACET_KEYS))),
        "" if rating is None or rating.reaction is None else REACTION_LABELS[rating.reaction],
        seconds(attempt.duration_ms),
        began,
        pauses,
    ]


def next_levels(entries: list[SessionEntry]) -> str:
    """Where each kind of client practised starts next time: its last check-in in this session
    decides (each presentation keeps its own level)."""
    last: dict[str, SessionEntry] = {}
    for entry in entries:  # oldest first, so the last check-in of each presentation wins
        if entry.self_rating is not None and entry.self_rating.reaction is not None:
            last[entry.presentation] = entry
    parts = []
    for presentation, entry in last.items():
        reaction = entry.self_rating.reaction if entry.self_rating else None
        level = DIFFICULTY_LABELS[next_level(entry.difficulty, reaction)].lower()
        parts.append(f"{PRESENTATION_LABELS.get(presentation, presentation)} at {level}")
    return (
        "Next time, each kind of client starts at its own level: " + "; ".join(parts) + "." if parts else ""
    )


class SessionSummary(QWidget):
    new_session = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionSummary")
        layout = QVBoxLayout(self)
        self.heading = QLabel("<h2>Session summary</h2>")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("summaryTable")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        for column, key in enumerate(FACET_KEYS, start=3):
            item = self.table.horizontalHeaderItem(column)  # made by setHorizontalHeaderLabels
            if item is not None:
                item.setToolTip(FACET_LABELS[key])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        note = QLabel(TIMING_NOTE)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        row = QHBoxLayout()
        self.again = QPushButton("Start another session")
        self.again.setObjectName("newSession")
        self.again.clicked.connect(self.new_session.emit)
        row.addWidget(self.again)
        row.addStretch(1)
        layout.addLayout(row)

    def show_entries(self, entries: list[SessionEntry]) -> None:
        self.table.setRowCount(len(entries))
        for r, entry in enumerate(entries):
            for c, text in enumerate(entry_cells(entry)):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setToolTip(text)  # a long title is elided in its column
                elif c == BEGAN_COLUMN and entry.attempt.no_speech:
                    item.setToolTip(NO_SPEECH_TIP)
                self.table.setItem(r, c, item)
        spoken = sum((e.attempt.speaking_ms or 0) for e in entries) / 60000
        ratings = [e.self_rating for e in entries if e.self_rating]
        means = [m for r in ratings if (m := overall_score(r.scores)) is not None]  # complete ones only
        mean_text = f"; your ratings averaged {sum(means) / len(means):.1f}" if means else ""
        hard = sum(1 for e in entries if e.self_rating and e.self_rating.reaction == "too_hard")
        hard_text = (
            f". {hard} felt too hard, past a useful stretch: go gentler next time, and if it stays "
            "with you, bring it to supervision"
            if hard
            else ""
        )
        levels = next_levels(entries)
        self.heading.setText(
            f"<h2>Session summary</h2><p>{count(len(entries), 'attempt')}, "
            f"about {time_spoken(spoken)} speaking{mean_text}{hard_text}.</p>"
            + (f"<p>{escape(levels)}</p>" if levels else "")
        )
