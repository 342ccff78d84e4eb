"""What a supervisor sees of the trainee's self-rating: nothing until their own rating of the
attempt has all eight facets (blind review, decided in practice_db.feedback.sees_self_rating),
then the two side by side, facet by facet."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from practice_db.records import ReviewDetail
from ui.review.feedback_view import comparison_rows, comparison_table, fill_table

WAITING = (
    "Hidden until your own rating of this attempt has all eight facets, so your scores are your "
    "own. Then the two appear here side by side."
)


class SelfComparison(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("selfComparison")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("selfComparisonTitle")
        layout.addWidget(self.title)
        self.note = QLabel()
        self.note.setObjectName("selfComparisonNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        layout.addWidget(self.note)
        self.table = comparison_table(["Facet", "Self", "You", "Self − you"], "selfComparisonTable")
        layout.addWidget(self.table)

    def show_detail(self, detail: ReviewDetail, me: int) -> None:
        name = escape(detail.trainee.name)
        own = None if detail.self_hidden else detail.self_rating()
        self.table.clearContents()  # nothing of an earlier attempt stays behind, even unseen
        self.table.setVisible(own is not None)
        if detail.self_hidden:
            self.title.setText(f"<b>{name}'s self-rating</b>")
            self.note.setText(WAITING)
            return
        if own is None:
            self.title.setText(f"<b>{name}'s self-rating</b>")
            self.note.setText(f"{name} did not rate this attempt themselves.")
            return
        self.title.setText(f"<b>{name}'s self-rating beside yours</b>")
        self.note.setText("Self − you: above 0, they scored the facet higher than you did.")
        self.table.setHorizontalHeaderLabels(["Facet", f"{detail.trainee.name} (self)", "You", "Self − you"])
        fill_table(self.table, comparison_rows(own, detail.rating_by(me)))
