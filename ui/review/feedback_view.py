"""What a clinician sees of a review: own ratings beside the supervisor's, and their words; the
facet-by-facet comparison table is shared with the supervisor's view (self_comparison.py)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from practice_db.records import RatingRecord, ReviewDetail
from practice_db.scoring import overall_score, partial_label
from practice_db.vocabulary import FACET_KEYS, FACET_LABELS
from ui.review.criteria_feedback import criteria_html


def score(rating: RatingRecord | None, key: str) -> int | None:
    return None if rating is None else rating.scores.get(key)


def total_label(rating: RatingRecord | None) -> str:
    """The total of all eight facets, "n of 8" for a partial rating, "–" for none."""
    return (partial_label(rating.scores) if rating else "") or "–"


def comparison_rows(
    first: RatingRecord | None, second: RatingRecord | None
) -> list[tuple[str, str, str, str]]:
    """(facet, first, second, first − second) per facet, then the totals: a total only from all
    eight facets, so a partial rating says "n of 8" and has no difference beside it."""
    rows = []
    for key in FACET_KEYS:
        a, b = score(first, key), score(second, key)
        diff = "" if a is None or b is None else (f"{a - b:+d}" if a != b else "0")
        rows.append((FACET_LABELS[key], "–" if a is None else str(a), "–" if b is None else str(b), diff))
    total_a = overall_score(first.scores) if first else None
    total_b = overall_score(second.scores) if second else None
    diff = "" if total_a is None or total_b is None else f"{total_a - total_b:+.1f}"
    rows.append(("Total (mean of all eight)", total_label(first), total_label(second), diff))
    return rows


def comparison_table(headers: list[str], name: str) -> QTableWidget:
    """A read-only facet-by-facet table, tall enough to show every row without scrolling."""
    table = QTableWidget(len(FACET_KEYS) + 1, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    rows = len(FACET_KEYS) + 1
    table.setMinimumHeight(
        table.horizontalHeader().sizeHint().height() + rows * table.verticalHeader().defaultSectionSize() + 6
    )
    return table


def fill_table(table: QTableWidget, rows: list[tuple[str, str, str, str]]) -> None:
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))


def words_html(detail: ReviewDetail) -> str:
    parts = []
    for rating in detail.supervisor_ratings():
        who = escape(detail.names.get(rating.rater_profile_id, "Your supervisor"))
        if rating.went_well:
            parts.append(f"<p><b>What went well</b> ({who})<br>{escape(rating.went_well)}</p>")
        if rating.corrective_point:
            parts.append(f"<p><b>One point to work on</b><br>{escape(rating.corrective_point)}</p>")
        if rating.extra_corrective_point:
            parts.append(f"<p><b>A second point</b><br>{escape(rating.extra_corrective_point)}</p>")
        if rating.ask_again:
            parts.append(
                f"<p style='color:#2f4d60'><b>{who} asks for another attempt at this exercise.</b></p>"
            )
    return "".join(parts) or "<p style='color:#555'>No written feedback on this attempt yet.</p>"


class FeedbackView(QWidget):
    practise_again = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedbackView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = comparison_table(["Facet", "You", "Supervisor", "You − supervisor"], "comparisonTable")
        layout.addWidget(self.table)
        self.words = QLabel()
        self.words.setObjectName("feedbackWords")
        self.words.setWordWrap(True)
        layout.addWidget(self.words)
        self.again = QPushButton("Practise this exercise again")
        self.again.setObjectName("practiseAgain")
        self.again.clicked.connect(self.practise_again.emit)
        layout.addWidget(self.again)

    def show_detail(self, detail: ReviewDetail) -> None:
        sups = detail.supervisor_ratings()
        fill_table(self.table, comparison_rows(detail.self_rating(), sups[0] if sups else None))
        self.words.setText(criteria_html(detail) + words_html(detail))
