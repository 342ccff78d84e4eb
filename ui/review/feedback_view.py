"""What a clinician sees of a review: own ratings beside the supervisor's, and their words."""

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
from practice_db.vocabulary import FACET_KEYS, FACET_LABELS
from ui.review.criteria_feedback import criteria_html


def score(rating: RatingRecord | None, key: str) -> int | None:
    return None if rating is None else rating.scores.get(key)


def comparison_rows(detail: ReviewDetail) -> list[tuple[str, str, str, str]]:
    """(facet, you, supervisor, difference) per facet, then the mean."""
    own, sups = detail.self_rating(), detail.supervisor_ratings()
    sup = sups[0] if sups else None
    rows = []
    for key in FACET_KEYS:
        mine, theirs = score(own, key), score(sup, key)
        diff = "" if mine is None or theirs is None else (f"{mine - theirs:+d}" if mine != theirs else "0")
        rows.append(
            (
                FACET_LABELS[key],
                "–" if mine is None else str(mine),
                "–" if theirs is None else str(theirs),
                diff,
            )
        )
    # The mean compares like with like: only facets both of you rated.
    shared = [
        (a, b) for k in FACET_KEYS if (a := score(own, k)) is not None and (b := score(sup, k)) is not None
    ]
    if shared:
        m1, m2 = (sum(x) / len(shared) for x in zip(*shared, strict=True))
        rows.append(
            (f"Mean of the {len(shared)} facets you both rated", f"{m1:.1f}", f"{m2:.1f}", f"{m1 - m2:+.1f}")
        )
    else:
        rows.append(("Mean", "–", "–", ""))
    return rows


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
        self.table = QTableWidget(len(FACET_KEYS) + 1, 4)
        self.table.setObjectName("comparisonTable")
        self.table.setHorizontalHeaderLabels(["Facet", "You", "Supervisor", "You − supervisor"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        rows = len(FACET_KEYS) + 1
        self.table.setMinimumHeight(
            self.table.horizontalHeader().sizeHint().height()
            + rows * self.table.verticalHeader().defaultSectionSize()
            + 6
        )
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
        for r, row in enumerate(comparison_rows(detail)):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.words.setText(criteria_html(detail) + words_html(detail))
