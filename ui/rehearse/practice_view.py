"""The widgets of one exercise on the Rehearse page (layout only; the page runs the loop)."""

from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from media.playback.video_qt import VideoView
from practice_db.records import ClipRecord, RatingInput
from practice_db.vocabulary import DIFFICULTY_LABELS, PRESENTATION_LABELS
from ui.common.conflict_note import ConflictNote
from ui.common.criteria_form import CriteriaForm
from ui.common.level_meter import LevelMeter
from ui.common.long_titles import breakable, short_title
from ui.common.rating_form import RatingForm
from ui.common.waveform_view import WaveformView
from ui.rehearse.too_hard_offer import TooHardOffer

CALM_PANEL = "padding: 8px; border-radius: 4px;"


def guidance_html(clip: ClipRecord) -> str:
    """Criteria and the example reply, shown only after the clinician's own attempt."""
    criteria = "".join(f"<li>{escape(c, quote=False)}</li>" for c in clip.criteria)
    parts = [f"<b>What a good reply does</b><ul>{criteria}</ul>"] if criteria else []
    if clip.example_response:
        parts.append(
            f"<b>One way to answer</b> <span style='color:#555'>(an example to learn from, not the "
            f"answer)</span><p style='margin-left:12px'>“{escape(clip.example_response, quote=False)}”</p>"
        )
    return "".join(parts) or "<span style='color:#555'>This exercise has no example reply.</span>"


def heading_html(clip: ClipRecord, progress: str) -> str:
    where = f"{PRESENTATION_LABELS.get(clip.presentation, '')} · {DIFFICULTY_LABELS.get(clip.difficulty, '')}"
    return (
        f"<h2 style='margin-bottom:0'>{escape(breakable(short_title(clip.title)))}</h2>"
        f"<span style='color:#555'>{escape(where)}{' · ' + escape(progress) if progress else ''}</span>"
    )


class PracticeView(QWidget):
    rating_changed = Signal(object)  # RatingInput: facets, check-in, note and criteria, on every change

    def __init__(self, show_statement: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("exerciseTitle")
        self.title.setWordWrap(True)
        top.addWidget(self.title, 1)
        self.show_statement = QCheckBox("Show what the client says")
        self.show_statement.setObjectName("showStatement")
        self.show_statement.setChecked(show_statement)
        self.show_statement.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        top.addWidget(self.show_statement, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.video = VideoView()
        self.video.setMinimumHeight(110)  # small enough that the whole exercise fits a 1280×680 window
        layout.addWidget(self.video, 2)
        # Listening back: the reply's waveform, where playback is and how long it lasts; a click
        # or ←/→ seeks. It takes the video's place once the take is recorded.
        self.waveform = WaveformView()
        self.waveform.setObjectName("replyWaveform")
        self.waveform.setMinimumHeight(70)
        self.waveform.setToolTip("Your reply: click to jump there, Space to play or pause, ←/→ 5 s")
        self.waveform.hide()
        layout.addWidget(self.waveform)
        self.status = QLabel()
        self.status.setObjectName("rehearseStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("font-size: 15px;")
        layout.addWidget(self.status)
        # Labelled ("Microphone: ready / recording") so it can't pass for a progress bar.
        self.meter = LevelMeter("levelMeter")
        self.level = self.meter.bar
        layout.addWidget(self.meter)
        self.undo_bar = QWidget()
        undo_row = QHBoxLayout(self.undo_bar)
        undo_row.setContentsMargins(0, 0, 0, 0)
        self.undo_label = QLabel("Take discarded. It stays out of your history and ratings.")
        self.undo_button = QPushButton("Undo (Ctrl+Z)")
        self.undo_button.setObjectName("undoDiscard")
        undo_row.addWidget(self.undo_label, 1)
        undo_row.addWidget(self.undo_button)
        self.undo_bar.setStyleSheet(f"background: #f6efe0; {CALM_PANEL}")
        self.undo_bar.hide()
        layout.addWidget(self.undo_bar)
        self.conflict = ConflictNote()  # the self-rating saved elsewhere meanwhile (issue 21)
        layout.addWidget(self.conflict)
        body = QHBoxLayout()
        self.form = RatingForm(with_reaction=True)
        self.form.setEnabled(False)
        self._add_criteria()
        body.addWidget(self.form, 3)
        side = QVBoxLayout()
        self.guidance = QLabel()
        self.guidance.setObjectName("exampleReply")
        self.guidance.setWordWrap(True)
        self.guidance.setTextFormat(Qt.TextFormat.RichText)
        self.guidance.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.guidance.setStyleSheet(f"background: #f3f5f7; {CALM_PANEL}")
        self.guidance.hide()
        side.addWidget(self.guidance)
        self.care_note = TooHardOffer()  # "too hard": a break, stop for today, or gentler
        side.addWidget(self.care_note)
        self.advice = QLabel()
        self.advice.setObjectName("levelAdvice")
        self.advice.setWordWrap(True)
        side.addWidget(self.advice)
        side.addStretch(1)
        body.addLayout(side, 2)
        layout.addLayout(body)
        row = QHBoxLayout()
        self.stop_button = QPushButton("Stop recording (Space)")
        self.listen_button = QPushButton("Listen back (Space)")
        self.again_button = QPushButton("Again (A)")
        self.next_button = QPushButton("Next (N)")
        self.finish_button = QPushButton("Finish (F)")
        for name, b in (
            ("stopRecording", self.stop_button),
            ("listenBack", self.listen_button),
            ("again", self.again_button),
            ("next", self.next_button),
            ("finish", self.finish_button),
        ):
            b.setObjectName(name)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space belongs to the loop, not a focused button
            b.setEnabled(False)
            row.addWidget(b)
        self.listen_button.setToolTip("Space plays or pauses your reply; ← and → skip 5 seconds")
        layout.addLayout(row)

    def _add_criteria(self) -> None:
        """The criteria, judged met / partly / not met, sit inside the rating form just above the
        note (so they are off with the form), and Tab goes facets → criteria → note."""
        self.criteria = CriteriaForm()
        self.criteria.hide()  # shown only in the rating step: the criteria come after the attempt
        layout = self.form.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(layout.indexOf(self.form.note), self.criteria)
        self.form.note.setMaximumHeight(44)  # two lines (it scrolls): the criteria need the room at 1280×680
        QWidget.setTabOrder(self.form, self.criteria)
        QWidget.setTabOrder(self.criteria, self.form.note)
        self.form.changed.connect(lambda _v: self.rating_changed.emit(self.rating_value()))
        self.criteria.changed.connect(lambda _v: self.rating_changed.emit(self.rating_value()))

    def rating_value(self) -> RatingInput:
        verdicts = self.criteria.value() if self.criteria.has_criteria() else None
        return replace(self.form.value(), criteria_verdicts=verdicts)

    def show_clip(self, clip: ClipRecord, progress: str) -> None:
        self.title.setText(heading_html(clip, progress))
        self.title.setToolTip(clip.title if short_title(clip.title) != clip.title else "")
        self.show_reply(False)
        self.guidance.setText(guidance_html(clip))
        self.guidance.hide()
        self.care_note.hide()
        self.advice.clear()
        self.undo_bar.hide()
        self.conflict.hide()
        self.form.clear()
        self.criteria.set_criteria(clip.criteria)

    def show_reply(self, shown: bool) -> None:
        """After the take: the waveform of the reply instead of the clip's picture."""
        self.video.setVisible(not shown)
        self.waveform.setVisible(shown)
        if shown:
            self.waveform.set_position(0)
            self.waveform.show_message("Drawing your reply…")

    def show_step(
        self,
        state: str,
        *,
        in_session: bool,
        reading: bool,
        has_clip: bool,
        has_reply: bool,
        microphone_ready: bool,
    ) -> None:
        """Enable what this step of the loop offers (`reading`: a statement-only exercise)."""
        after = state in ("rating", "discarded", "idle") and in_session
        self.stop_button.setEnabled(state == "recording" or reading)
        self.stop_button.setText("Start my reply (Space)" if reading else "Stop recording (Space)")
        self.listen_button.setEnabled(state in ("rating", "discarded") and has_reply)
        self.again_button.setEnabled(after and has_clip)
        self.next_button.setEnabled(after)
        rating_kept = not in_session and state in ("rating", "discarded")  # a take kept from last time
        self.finish_button.setEnabled((in_session or rating_kept) and state not in ("playing", "recording"))
        self.form.setEnabled(state == "rating")
        self.criteria.setVisible(state == "rating" and self.criteria.has_criteria())
        self.meter.setVisible(state in ("playing", "recording"))  # its room goes to the rating later
        if state == "recording":
            self.meter.set_state("recording")
        elif state == "playing":
            self.meter.set_state("ready" if microphone_ready else "getting ready…")
        if state != "discarded":
            self.undo_bar.hide()
