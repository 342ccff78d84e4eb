"""The widgets of taking the assessment: the introduction, the clip and reply, and the end screen
(with the optional self-rating). No logic here: ui/assessment/taking.py drives them."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from media.playback.video_qt import VideoView
from practice_db.assessment.records import OCCASION_LABELS
from ui.assessment.taking_workers import IntroFacts, SetChoice
from ui.common.conflict_note import ConflictNote
from ui.common.level_meter import LevelMeter
from ui.common.rating_form import RatingForm

CALM = "background: #eef3f6; padding: 14px; border-radius: 6px;"
HEADING = "font-size: 20px; font-weight: 600;"


def minutes(seconds: float) -> int:
    return max(1, math.ceil(seconds / 60))


def intro_text(choice: SetChoice, window_s: int) -> str:
    """What will happen, in our words: plain, calm, and honest about the time it can take."""
    n = len(choice.clips)
    clips_min = minutes(choice.clip_seconds)
    most = minutes(choice.clip_seconds + n * window_s)
    return (
        f"<p>You will hear <b>{n} short clips</b> of clients, one after another. After each clip, "
        f"answer aloud as you would in the room: your reply is recorded from the moment the client "
        f"stops, for up to {window_s} seconds. Press <b>Space</b> when you have finished a reply.</p>"
        f"<p>Each clip plays <b>once</b> and you give <b>one reply</b>. There is nothing to rate and no "
        f"feedback while you go: this is a measurement, not practice, so just answer as you naturally "
        f"would.</p>"
        f"<p>The clips last about {clips_min} min together; with your replies, allow up to {most} min.</p>"
        f"<p>Between clips you can press <b>P</b> to pause, and P again to go on. <b>Esc</b> stops the "
        f"assessment at any moment: the replies recorded so far are kept, and it is marked "
        f"incomplete.</p>"
        f"<p>Afterwards you may rate your own replies if you wish. A supervisor rates them later "
        f"without knowing whose they are.</p>"
    )


class IntroPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentIntro")
        layout = QVBoxLayout(self)
        heading = QLabel("The assessment")
        heading.setStyleSheet(HEADING)
        layout.addWidget(heading)
        self.text = QLabel()
        self.text.setObjectName("assessmentIntroText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setStyleSheet(f"font-size: 15px; {CALM}")
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.set_choice = QComboBox()
        self.set_choice.setObjectName("assessmentSetChoice")
        self.set_choice.setMinimumWidth(320)
        form.addRow("Clip set:", self.set_choice)
        self.occasion = QComboBox()
        self.occasion.setObjectName("assessmentOccasion")
        for key, label in OCCASION_LABELS.items():
            self.occasion.addItem(label, key)
        form.addRow("This sitting is your:", self.occasion)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.begin_button = QPushButton("Begin (Enter)")
        self.begin_button.setObjectName("beginAssessment")
        self.begin_button.setDefault(True)
        self.begin_button.setEnabled(False)  # until the sets are loaded
        row.addWidget(self.begin_button)
        self.begin_row = row  # the page adds a supervisor's "Build a clip set…" here
        row.addStretch(1)
        layout.addLayout(row)
        self.message = QLabel()
        self.message.setObjectName("assessmentIntroMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.facts: IntroFacts | None = None
        self.window_s = 90
        self.set_choice.currentIndexChanged.connect(self._show_choice)

    def show_facts(self, facts: IntroFacts, window_s: int) -> None:
        self.facts, self.window_s = facts, window_s
        self.set_choice.blockSignals(True)
        self.set_choice.clear()
        for choice in facts.choices:
            self.set_choice.addItem(f"{choice.set.name} ({len(choice.clips)} clips)", choice.set.id)
        self.set_choice.blockSignals(False)
        self.set_choice.setEnabled(len(facts.choices) > 1)
        self.occasion.setCurrentIndex(max(0, self.occasion.findData(facts.occasion)))
        self._show_choice()

    def chosen(self) -> SetChoice | None:
        if self.facts is None or not self.facts.choices:
            return None
        return self.facts.choices[max(0, self.set_choice.currentIndex())]

    def _show_choice(self) -> None:
        choice = self.chosen()
        if choice is None:
            self.text.setText(
                "<p>No assessment set is installed yet, so there is nothing to take. A set is a fixed "
                "list of clips kept apart from practice.</p>"
            )
            self.begin_button.setEnabled(False)
            return
        self.text.setText(intro_text(choice, self.window_s))
        self.begin_button.setEnabled(True)


class SittingPanel(QWidget):
    """One clip at a time: where we are, the clip, what to do now, the microphone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentSitting")
        layout = QVBoxLayout(self)
        self.progress = QLabel()
        self.progress.setObjectName("assessmentProgress")
        self.progress.setStyleSheet(HEADING)
        layout.addWidget(self.progress)
        self.video = VideoView()
        self.video.setMinimumHeight(180)
        layout.addWidget(self.video, 1)
        self.status = QLabel()
        self.status.setObjectName("assessmentStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("font-size: 16px;")
        layout.addWidget(self.status)
        self.meter = LevelMeter("assessmentLevel")
        layout.addWidget(self.meter)
        self.keys_hint = QLabel("Space: finish your reply · P: pause before the next clip · Esc: stop")
        self.keys_hint.setObjectName("assessmentKeysHint")
        self.keys_hint.setStyleSheet("color: #666;")
        layout.addWidget(self.keys_hint)


class EndPanel(QWidget):
    """Thanks, what was kept, and (optionally) the clinician's own rating of each reply."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentEnd")
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("assessmentEndHeading")
        self.heading.setStyleSheet(HEADING)
        layout.addWidget(self.heading)
        self.summary = QLabel()
        self.summary.setObjectName("assessmentEndSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(f"font-size: 14px; {CALM}")
        layout.addWidget(self.summary)
        self.rating_box = QWidget()
        rating = QVBoxLayout(self.rating_box)
        rating.setContentsMargins(0, 0, 0, 0)
        self.rating_title = QLabel()
        self.rating_title.setObjectName("selfRatingTitle")
        self.rating_title.setWordWrap(True)
        self.rating_title.setStyleSheet("font-size: 15px; font-weight: 600;")
        rating.addWidget(self.rating_title)
        self.conflict = ConflictNote()  # the self-rating saved elsewhere meanwhile (issue 21)
        rating.addWidget(self.conflict)
        self.form = RatingForm(with_reaction=False)
        self.form.note.hide()  # assessment ratings are the eight facets only
        self.form.setMaximumWidth(820)  # the scores stay near their facet names
        rating.addWidget(self.form)
        row = QHBoxLayout()
        self.previous_button = QPushButton("Previous reply (B)")
        self.previous_button.setObjectName("selfRatingPrevious")
        self.next_button = QPushButton("Next reply (N)")
        self.next_button.setObjectName("selfRatingNext")
        self.again_button = QPushButton("Back to the start (Enter)")
        self.again_button.setObjectName("assessmentBackToStart")
        for button in (self.previous_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.again_button)
        rating.addLayout(row)
        layout.addWidget(self.rating_box)
        layout.addStretch(1)


class TakingView(QStackedWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("takingView")
        self.intro, self.sitting, self.end = IntroPanel(), SittingPanel(), EndPanel()
        for panel in (self.intro, self.sitting, self.end):
            self.addWidget(panel)
