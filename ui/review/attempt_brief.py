"""For the supervisor, beside the take: how it felt to the trainee (their check-in), and what the
exercise asks for (its criteria and example reply), so the rating has the same brief as the
practice had."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel, QWidget

from practice_db.records import ReviewDetail

CHECK_IN = {
    "too_easy": "{name}'s check-in: too easy.",
    "good_challenge": "{name}'s check-in: a good challenge.",
    "too_hard": (
        "{name}'s check-in: <b>too hard</b>. Past a useful stretch, so worth a gentle word in "
        "supervision: what made it hard, and what would help next time."
    ),
}
NO_CHECK_IN = "{name} gave no check-in for this take."
# A "too hard" check-in stands out, gently: a warm tint and a side line, not an alarm.
TOO_HARD_STYLE = "background: #fbf1de; border-left: 3px solid #d39b3a; padding: 4px 6px; color: #3d3220;"
PLAIN_STYLE = "color: #444; padding: 2px 0;"


def check_in_html(detail: ReviewDetail) -> str:
    name = escape(detail.trainee.name)
    return CHECK_IN.get(detail.check_in or "", NO_CHECK_IN).format(name=name)


def brief_html(detail: ReviewDetail) -> str:
    clip = detail.clip
    if clip.criteria:
        items = "".join(f"<li>{escape(c)}</li>" for c in clip.criteria)
        criteria = f"<b>What this exercise asks for</b><ul style='margin-top:2px'>{items}</ul>"
    else:
        criteria = "<p style='color:#555'>No criteria are written for this exercise.</p>"
    if clip.example_response:
        example = (
            "<b>An example reply</b> <span style='color:#555'>(one way to meet it, not the only one)"
            f"</span><br><i>“{escape(clip.example_response)}”</i>"
        )
    else:
        example = "<span style='color:#555'>This exercise has no example reply.</span>"
    return criteria + example


class CheckInLabel(QLabel):
    """Beside the take: the trainee's check-in; "too hard" stands out gently."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewCheckIn")
        self.setWordWrap(True)

    def show_detail(self, detail: ReviewDetail) -> None:
        self.setText(check_in_html(detail))
        self.setStyleSheet(TOO_HARD_STYLE if detail.check_in == "too_hard" else PLAIN_STYLE)


class ExerciseBrief(QLabel):
    """Above the rating form: the exercise's criteria and its example reply."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewExerciseBrief")
        self.setWordWrap(True)

    def show_detail(self, detail: ReviewDetail) -> None:
        self.setText(brief_html(detail))
