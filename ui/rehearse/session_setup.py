"""The Rehearse page's opening panel: choose what to practise and for how long."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.settings_rules import SESSION_LENGTH_RANGE
from practice_db.records import ClipRecord
from practice_db.vocabulary import DIFFICULTY_LABELS, FACET_LABELS, PRESENTATION_LABELS
from ui.rehearse.kept_takes import KeptTakesList
from ui.rehearse.practice_session import SessionRequest

INTRO = (
    "<h2>Rehearse</h2>"
    "<p>Each exercise plays a short moment from a session. When the client stops, answer aloud as "
    "you would in the room: your reply is recorded, you listen back and rate it, then go again.</p>"
    "<p style='color:#555'>Suggested practice starts with any exercise your supervisor asked you to "
    "try again, then brings back exercises that went less well sooner and lets the ones you handled "
    "well rest; once your supervisor has rated a reply, their rating counts for this rather than "
    "yours. After each one, say how it felt: the next exercise with that kind of client steps down "
    "a level after <i>too hard</i> and up after <i>too easy</i>. Each kind of client keeps its own "
    "level.</p>"
)

HIDE_NOTED_TIP = (
    "Some clips touch on heavy themes (such as loss or thoughts of suicide) and carry a note that is "
    "shown before they play. Tick this to leave them out of the sessions you start here; the Library "
    "still lists them, marked."
)


def _combo(name: str, first: str, items: Mapping[Any, str]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem(first, None)
    for key, label in items.items():
        combo.addItem(label, key)
    return combo


class SessionSetup(QWidget):
    start_requested = Signal(object)  # SessionRequest
    hide_noted_changed = Signal(bool)  # the setting "Hide clips with content notes"

    def __init__(
        self, default_count: int = 5, hide_noted: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sessionSetup")
        layout = QVBoxLayout(self)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.mode = QButtonGroup(self)
        self.suggested = QRadioButton("Suggested for me")
        self.suggested.setObjectName("modeSuggested")
        self.chosen_set = QRadioButton("A set I choose")
        self.chosen_set.setObjectName("modeSet")
        self.suggested.setChecked(True)
        for button in (self.suggested, self.chosen_set):
            self.mode.addButton(button)
            layout.addWidget(button)

        form = QFormLayout()
        self.presentation = _combo("setPresentation", "Any presentation", PRESENTATION_LABELS)
        self.facet = _combo("setFacet", "Any facet", FACET_LABELS)
        self.level = _combo("setLevel", "Let my check-ins decide", DIFFICULTY_LABELS)
        for combo in (self.presentation, self.facet, self.level):
            combo.setMaximumWidth(380)
        form.addRow("Presentation", self.presentation)
        form.addRow("Facet", self.facet)
        form.addRow("Start at level", self.level)
        self.set_box = QWidget()
        self.set_box.setLayout(form)
        layout.addWidget(self.set_box)

        length = QHBoxLayout()
        self.length_unit = QComboBox()
        self.length_unit.setObjectName("lengthUnit")
        self.length_unit.addItem("exercises", "clips")
        self.length_unit.addItem("minutes", "minutes")
        self.length_unit.addItem("no limit", None)
        self.length_value = QSpinBox()
        self.length_value.setObjectName("lengthValue")
        self.length_value.setRange(*SESSION_LENGTH_RANGE)
        self.length_value.setValue(default_count)
        length.addWidget(QLabel("Session length:"))
        length.addWidget(self.length_value)
        length.addWidget(self.length_unit)
        length.addStretch(1)
        layout.addLayout(length)
        self.hide_noted = QCheckBox("Hide clips with content &notes (Alt+N)")
        self.hide_noted.setObjectName("hideNotedClips")
        self.hide_noted.setToolTip(HIDE_NOTED_TIP)
        self.hide_noted.setChecked(hide_noted)
        self.hide_noted.toggled.connect(self.hide_noted_changed.emit)
        layout.addWidget(self.hide_noted)

        self.start_button = QPushButton("Start practising (Enter)")
        self.start_button.setObjectName("startSession")
        self.start_button.setDefault(True)
        self.start_button.setMinimumHeight(36)
        self.start_button.clicked.connect(lambda: self.start_requested.emit(self.request()))
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.message = QLabel()
        self.message.setObjectName("setupMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.asked = QLabel()
        self.asked.setObjectName("askedAgain")
        self.asked.setWordWrap(True)
        self.asked.hide()
        layout.addWidget(self.asked)
        self.kept = KeptTakesList()
        layout.addWidget(self.kept)
        layout.addStretch(1)

        self.chosen_set.toggled.connect(self._sync)
        self.length_unit.currentIndexChanged.connect(self._sync)
        self._sync()

    def show_asked(self, clips: Sequence[ClipRecord]) -> None:
        """The exercises a supervisor asked to be tried again: suggested practice starts with them."""
        titles = ", ".join(escape(c.title) for c in clips)
        self.asked.setText(
            f"<b>Your supervisor asked for another attempt at:</b> {titles}. "
            "Suggested practice starts with "
            + ("it" if len(clips) == 1 else "them")
            + " until you have had another go."
        )
        self.asked.setVisible(bool(clips))

    def _sync(self) -> None:
        self.set_box.setEnabled(self.chosen_set.isChecked())
        self.length_value.setEnabled(self.length_unit.currentData() is not None)

    def request(self) -> SessionRequest:
        unit, value = self.length_unit.currentData(), self.length_value.value()
        as_set = self.chosen_set.isChecked()
        return SessionRequest(
            mode="set" if as_set else "suggested",
            presentation=self.presentation.currentData() if as_set else None,
            facet=self.facet.currentData() if as_set else None,
            level=self.level.currentData() if as_set else None,
            clip_count=value if unit == "clips" else None,
            minutes=value if unit == "minutes" else None,
            hide_noted=self.hide_noted.isChecked(),
        )
