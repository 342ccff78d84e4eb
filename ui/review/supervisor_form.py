"""A supervisor's rating of one attempt: the eight facets, what went well, ONE point to work on."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from practice_db.records import RatingInput, RatingRecord
from ui.common.criteria_form import CriteriaForm
from ui.common.rating_form import RatingForm

PRIVACY = "Please don't write anything that could identify a client."
ONE_POINT = (
    "One thing to work on next time: specific and small enough to try in the next attempt. "
    "Feedback lands best one point at a time."
)


def _text_box(name: str, placeholder: str, height: int = 54) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setPlaceholderText(placeholder)
    box.setMaximumHeight(height)
    box.setTabChangesFocus(True)  # Tab moves on: the keyboard is never trapped in a text box
    return box


class SupervisorForm(QWidget):
    changed = Signal(object)  # RatingInput; typing is gathered for a moment before it is saved

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supervisorForm")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.facets = RatingForm(with_reaction=False)
        self.facets.note.hide()  # the supervisor's words go in the fields below
        layout.addWidget(self.facets)
        self.criteria = CriteriaForm()  # the exercise's own criteria, judged by the supervisor too
        self.criteria.hide()
        layout.addWidget(self.criteria)
        layout.addWidget(QLabel("<b>What went well</b>"))
        self.went_well = _text_box("wentWell", f"Name one thing to keep doing. {PRIVACY}")
        layout.addWidget(self.went_well)
        point = QLabel(f"<b>One point to work on</b><br><span style='color:#555'>{ONE_POINT}</span>")
        point.setWordWrap(True)
        layout.addWidget(point)
        self.corrective = _text_box("correctivePoint", f"One specific point. {PRIVACY}")
        layout.addWidget(self.corrective)
        self.add_second = QPushButton("Add a second point anyway…")
        self.add_second.setObjectName("addSecondPoint")
        self.add_second.setFlat(True)
        layout.addWidget(self.add_second)
        self.extra = _text_box("extraPoint", f"A second point, only if it really can't wait. {PRIVACY}")
        self.extra.hide()
        layout.addWidget(self.extra)
        self.ask_again = QCheckBox("Ask for another attempt at this exercise")
        self.ask_again.setObjectName("askAgain")
        layout.addWidget(self.ask_again)
        self.add_second.clicked.connect(self._reveal_second)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(600)
        self._typing.timeout.connect(self._emit)
        self.facets.changed.connect(lambda _v: self._emit())
        self.criteria.changed.connect(lambda _v: self._emit())
        QWidget.setTabOrder(self.facets, self.criteria)  # Tab: facets → criteria → what went well
        QWidget.setTabOrder(self.criteria, self.went_well)
        self.ask_again.toggled.connect(lambda _v: self._emit())
        for box in (self.went_well, self.corrective, self.extra):
            box.textChanged.connect(self._typing.start)
        self._loading = False

    def _reveal_second(self) -> None:
        self.add_second.hide()
        self.extra.show()
        self.extra.setFocus()

    def value(self) -> RatingInput:
        scores = self.facets.value().scores
        return RatingInput(
            scores=scores,
            went_well=self.went_well.toPlainText().strip(),
            corrective_point=self.corrective.toPlainText().strip(),
            extra_corrective_point="" if self.extra.isHidden() else self.extra.toPlainText().strip(),
            ask_again=self.ask_again.isChecked(),
            criteria_verdicts=self.criteria.value() if self.criteria.has_criteria() else None,
        )

    def flush(self) -> None:
        """Save text typed in the last moment (called before switching attempts)."""
        if self._typing.isActive():
            self._typing.stop()
            self._emit()

    def load(self, rating: RatingRecord | None, criteria: Sequence[str] = ()) -> None:
        """This supervisor's rating of the attempt (or none yet), with the exercise's criteria."""
        self._loading = True
        self._typing.stop()
        self.facets.clear()
        self.criteria.set_criteria(criteria, rating.criteria_verdicts if rating else ())
        self.criteria.setVisible(bool(criteria))
        for key, value in rating.scores.items() if rating else ():
            if value is not None:
                self.facets.groups[key].button(value).setChecked(True)
        self.went_well.setPlainText(rating.went_well if rating else "")
        self.corrective.setPlainText(rating.corrective_point if rating else "")
        has_extra = bool(rating and rating.extra_corrective_point)
        self.extra.setPlainText(rating.extra_corrective_point if rating else "")
        self.extra.setVisible(has_extra)
        self.add_second.setVisible(not has_extra)
        self.ask_again.setChecked(bool(rating and rating.ask_again))
        self._typing.stop()
        self._loading = False

    def _emit(self) -> None:
        if not self._loading:
            self.changed.emit(self.value())
