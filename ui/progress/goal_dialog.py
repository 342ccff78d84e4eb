"""Add or change one goal: its kind, what it measures, its dates and a note.

The dialog only collects a draft; the page saves it through storage (which checks the values and
who may set them) and shows any refusal here, in the dialog, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from html import escape
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from practice_db.errors import ValidationError
from practice_db.goals.kinds import ALL_FACETS, CHALLENGE_LEVELS, MAX_NOTE, describe, normalise_params
from practice_db.progress.records import GoalKind, GoalRecord
from practice_db.vocabulary import DIFFICULTY_LABELS, FACET_LABELS, PRESENTATION_LABELS
from ui.common.conflict_note import ConflictNote
from ui.common.dialog_keys import close_on_ctrl_w

KIND_LABELS: dict[str, str] = {
    "mean_score": "Raise an average score",
    "facet_share": "Score well on a facet in most attempts",
    "practice_frequency": "Practise regularly",
    "challenge_level": "Reach a level with good-challenge check-ins",
}
CHALLENGE_HINT = (
    "Counts attempts at this level or above checked in as a good challenge (or too easy). "
    "A 'too hard' never counts against the goal: saying so honestly is part of practising."
)
NOTE_HINT = "Keep notes about practice only: please don't type anything that could identify a client."


@dataclass(frozen=True)
class GoalDraft:
    kind: GoalKind
    params: dict[str, object]
    starts_on: date
    ends_on: date
    note: str


def _combo(items: Mapping[Any, str], name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for key, label in items.items():
        combo.addItem(label, key)
    return combo


def _spin(lo: int, hi: int, value: int, name: str, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(lo, hi)
    spin.setValue(value)
    spin.setSuffix(suffix)
    return spin


def _label(text: str) -> QLabel:
    """Labels of one width, so the dialog's separate forms line up as one."""
    label = QLabel(text)
    label.setFixedWidth(150)
    return label


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


def draft_text(draft: GoalDraft) -> str:
    """A goal as this person filled it in, in one sentence (and their note)."""
    try:
        params = normalise_params(draft.kind, draft.params)
        text = describe(draft.kind, params, draft.starts_on, draft.ends_on)
    except ValidationError as exc:
        text = str(exc)
    note = draft.note.strip()
    return f"{text}; note: “{note}”" if note else text


class GoalDialog(QDialog):
    submitted = Signal(object)  # GoalDraft

    def __init__(
        self, owner_name: str, today: date, goal: GoalRecord | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        close_on_ctrl_w(self)
        self.setObjectName("goalDialog")
        self.goal = goal
        self.setWindowTitle(("Change goal" if goal else "New goal") + f" for {owner_name}")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"A goal for <b>{escape(owner_name)}</b>. How far it has got is measured from the ratings "
            "and check-ins of their practice."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.kind = _combo(dict(KIND_LABELS), "goalKind")
        form = QFormLayout()
        form.addRow(_label("Kind of goal"), self.kind)
        layout.addLayout(form)

        raters = {"supervisor": "The supervisor's ratings", "self": "Own ratings"}
        facets: dict[Any, str] = dict(FACET_LABELS)
        self.mean_facet = _combo({ALL_FACETS: "Overall score (all eight facets)", **facets}, "meanFacet")
        self.min_mean = QDoubleSpinBox()
        self.min_mean.setObjectName("minMean")
        self.min_mean.setRange(1.0, 5.0)
        self.min_mean.setDecimals(1)
        self.min_mean.setSingleStep(0.1)
        self.min_mean.setValue(3.5)
        self.mean_rater = _combo(dict(raters), "meanRater")
        self.mean_attempts = _spin(1, 1000, 3, "meanAttempts", " rated attempts")
        self.share_facet = _combo(facets, "shareFacet")
        self.min_score = _spin(1, 5, 4, "minScore", " or higher")
        self.share = _spin(1, 100, 60, "sharePercent", " %")
        self.share_rater = _combo(dict(raters), "shareRater")
        self.share_attempts = _spin(1, 1000, 3, "shareAttempts", " rated attempts")
        self.sessions = _spin(1, 21, 3, "sessionsPerWeek", " a week")
        self.presentation = _combo({None: "Any presentation"} | dict(PRESENTATION_LABELS), "goalPresentation")
        self.level = _combo({k: DIFFICULTY_LABELS[k] for k in CHALLENGE_LEVELS}, "goalLevel")
        self.recent = _spin(1, 50, 3, "challengeCount", " good challenges")
        self.challenge_hint = QLabel(CHALLENGE_HINT)
        self.challenge_hint.setObjectName("challengeHint")
        self.challenge_hint.setWordWrap(True)
        self.challenge_hint.setStyleSheet("color: #555;")
        self.pages = QStackedWidget()
        for kind in KIND_LABELS:
            self.pages.addWidget(self._page(kind))
        layout.addWidget(self.pages)

        dates = QFormLayout()
        self.starts = QDateEdit(_qdate(today))
        self.ends = QDateEdit(_qdate(today + timedelta(days=27)))
        for edit, name in ((self.starts, "goalStarts"), (self.ends, "goalEnds")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
        dates.addRow(_label("From"), self.starts)
        dates.addRow(_label("Until (included)"), self.ends)
        self.note = QPlainTextEdit()
        self.note.setObjectName("goalNote")
        self.note.setPlaceholderText("Why this goal, and what to try (optional)")
        self.note.setFixedHeight(70)
        dates.addRow(_label("Note"), self.note)
        layout.addLayout(dates)
        hint = QLabel(NOTE_HINT)
        hint.setObjectName("privacyHint")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        layout.addWidget(hint)
        self.preview = QLabel()
        self.preview.setObjectName("goalPreview")
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet("background: #f3f6f9; padding: 8px; border-radius: 4px;")
        layout.addWidget(self.preview)
        self.error = QLabel()
        self.error.setObjectName("goalError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        layout.addWidget(self.error)
        self.conflict = ConflictNote()  # changed elsewhere meanwhile: theirs shown, yours kept here
        self.conflict.use_mine.connect(self._use_mine)
        self.conflict.keep_theirs.connect(self._keep_theirs)
        self._mine: GoalDraft | None = None
        layout.addWidget(self.conflict)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(500)

        self.kind.currentIndexChanged.connect(self._show_page)
        for w in self.findChildren(QComboBox):
            w.currentIndexChanged.connect(self._refresh_preview)
        for spin in self.findChildren(QSpinBox):
            spin.valueChanged.connect(self._refresh_preview)
        self.min_mean.valueChanged.connect(self._refresh_preview)
        for d in (self.starts, self.ends):
            d.dateChanged.connect(self._refresh_preview)
        if goal is not None:
            self._load(goal)
        self._show_page(self.kind.currentIndex())
        self._refresh_preview()

    def _show_page(self, index: int) -> None:
        """Only the shown page counts for the size, so a short form leaves no gap below it."""
        for i in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            page = self.pages.widget(i)
            if page is not None:
                page.setSizePolicy(policy, policy)
        self.pages.setCurrentIndex(index)
        self.pages.adjustSize()
        self.adjustSize()

    def _page(self, kind: str) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        rows: dict[str, list[tuple[str, QWidget]]] = {
            "mean_score": [
                ("Score", self.mean_facet),
                ("Average to reach", self.min_mean),
                ("Measured on", self.mean_rater),
                ("Needs at least", self.mean_attempts),
            ],
            "facet_share": [
                ("Facet", self.share_facet),
                ("Rated", self.min_score),
                ("In at least", self.share),
                ("Measured on", self.share_rater),
                ("Needs at least", self.share_attempts),
            ],
            "practice_frequency": [("Sessions", self.sessions)],
            "challenge_level": [
                ("Clients", self.presentation),
                ("Level to reach", self.level),
                ("Needs at least", self.recent),
            ],
        }
        for label, widget in rows[kind]:
            form.addRow(_label(label), widget)
        if kind == "challenge_level":
            form.addRow(self.challenge_hint)
        return page

    def kind_key(self) -> GoalKind:
        return self.kind.currentData()  # type: ignore[no-any-return]

    def params(self) -> dict[str, object]:
        kind = self.kind_key()
        if kind == "mean_score":
            return {
                "facet": self.mean_facet.currentData(),
                "min_mean": round(self.min_mean.value(), 1),
                "rater": self.mean_rater.currentData(),
                "min_attempts": self.mean_attempts.value(),
            }
        if kind == "facet_share":
            return {
                "facet": self.share_facet.currentData(),
                "min_score": self.min_score.value(),
                "share_percent": self.share.value(),
                "rater": self.share_rater.currentData(),
                "min_attempts": self.share_attempts.value(),
            }
        if kind == "practice_frequency":
            return {"sessions_per_week": self.sessions.value()}
        return {
            "presentation": self.presentation.currentData(),
            "level": self.level.currentData(),
            "recent": self.recent.value(),
        }

    def draft(self) -> GoalDraft:
        return GoalDraft(
            self.kind_key(),
            self.params(),
            _pydate(self.starts.date()),
            _pydate(self.ends.date()),
            self.note.toPlainText(),
        )

    def _load(self, goal: GoalRecord) -> None:
        self.kind.setCurrentIndex(self.kind.findData(goal.kind))
        self.kind.setEnabled(False)  # a goal keeps its kind; a different kind is a new goal
        p = goal.params

        def pick(combo: QComboBox, key: object) -> None:
            combo.setCurrentIndex(max(0, combo.findData(key)))

        def num(key: str) -> int:
            value = p.get(key)
            return int(value) if isinstance(value, int | float) else 0

        if goal.kind == "mean_score":
            pick(self.mean_facet, p.get("facet"))
            value = p.get("min_mean")
            self.min_mean.setValue(float(value) if isinstance(value, int | float) else 3.5)
            pick(self.mean_rater, p.get("rater"))
            self.mean_attempts.setValue(num("min_attempts"))
        elif goal.kind == "facet_share":
            pick(self.share_facet, p.get("facet"))
            self.min_score.setValue(num("min_score"))
            self.share.setValue(num("share_percent"))
            pick(self.share_rater, p.get("rater"))
            self.share_attempts.setValue(num("min_attempts"))
        elif goal.kind == "practice_frequency":
            self.sessions.setValue(num("sessions_per_week"))
        else:
            pick(self.presentation, p.get("presentation"))
            pick(self.level, p.get("level"))
            self.recent.setValue(num("recent"))
        self.starts.setDate(_qdate(goal.starts_on))
        self.ends.setDate(_qdate(goal.ends_on))
        self.note.setPlainText(goal.note)

    def _refresh_preview(self) -> None:
        d = self.draft()
        try:
            text = describe(d.kind, normalise_params(d.kind, d.params), d.starts_on, d.ends_on)
        except ValidationError as exc:
            text = str(exc)
        self.preview.setText(f"<b>Goal:</b> {escape(text)}")

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.buttons.setEnabled(True)

    def show_conflict(self, theirs: GoalRecord, message: str) -> None:
        """The goal was changed elsewhere: the form shows that version now and the note keeps
        this person's own, which "Use mine" puts back and saves over it."""
        self._mine = self.draft()
        self.goal = theirs
        self._load(theirs)
        self._refresh_preview()
        self.show_error("")  # (also enables the buttons again)
        self.conflict.show_conflict(message, draft_text(self._mine))

    def _keep_theirs(self) -> None:
        self._mine = None
        self.buttons.setEnabled(True)
        self.note.setFocus()

    def _use_mine(self) -> None:
        if self.goal is None or self._mine is None:
            return
        mine, self._mine = self._mine, None
        self._load(replace(self.goal, params=mine.params, note=mine.note, starts_on=mine.starts_on))
        self.ends.setDate(_qdate(mine.ends_on))
        self._refresh_preview()
        self._submit()

    def _submit(self) -> None:
        if len(self.note.toPlainText().strip()) > MAX_NOTE:
            self.show_error(f"Please keep the note under {MAX_NOTE} characters.")
            return
        self.show_error("")
        self.buttons.setEnabled(False)  # until storage answers; a second click must not add twice
        self.submitted.emit(self.draft())
