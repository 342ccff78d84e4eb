"""Whose progress and which period: the chooser row at the top of the Progress page.

A supervisor can look at any trainee (and at their own practice); a clinician only ever sees
their own, so for them the trainee chooser is not shown at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta, tzinfo

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from practice_db.progress.records import Period
from practice_db.records import ProfileRecord
from ui.progress.data import CUSTOM, PRESETS, custom_period, preset_period


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


class ProgressFilters(QWidget):
    changed = Signal()  # the profile or the period changed (and is valid)

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.viewer: ProfileRecord | None = None
        self.profiles: dict[int, ProfileRecord] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.trainee_label = QLabel("Trainee")
        self.trainee = QComboBox()
        self.trainee.setObjectName("traineeChooser")
        self.trainee.setMinimumWidth(160)
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("periodChooser")
        for key, (label, _days) in PRESETS.items():
            self.period_combo.addItem(label, key)
        self.period_combo.addItem("Custom dates…", CUSTOM)
        self.period_combo.setToolTip("Periods are counted in whole weeks up to today.")
        self.first = QDateEdit(_qdate(today - timedelta(days=27)))
        self.last = QDateEdit(_qdate(today))
        for edit, name in ((self.first, "periodFrom"), (self.last, "periodTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
        self.dash = QLabel("to")
        self.error = QLabel()
        self.error.setObjectName("periodError")
        self.error.setStyleSheet("color: #b00020;")
        for w in (self.trainee_label, self.trainee):
            row.addWidget(w)
        row.addSpacing(12)
        row.addWidget(QLabel("Period"))
        for widget in (self.period_combo, self.first, self.dash, self.last, self.error):
            row.addWidget(widget)
        row.addStretch(1)
        self._show_custom(False)
        self.set_chooser_visible(False)
        self.trainee.currentIndexChanged.connect(self._emit)
        self.period_combo.currentIndexChanged.connect(self._period_changed)
        self.first.dateChanged.connect(self._emit)
        self.last.dateChanged.connect(self._emit)

    def set_chooser_visible(self, visible: bool) -> None:
        self.trainee_label.setVisible(visible)
        self.trainee.setVisible(visible)

    def set_people(self, viewer: ProfileRecord, profiles: Sequence[ProfileRecord]) -> None:
        """Fill the chooser: supervisors get every trainee, then themselves; keeps the choice."""
        self.viewer = viewer
        self.profiles = {p.id: p for p in profiles}
        self.profiles[viewer.id] = viewer
        kept = self.trainee.currentData()
        self.trainee.blockSignals(True)
        self.trainee.clear()
        if viewer.is_supervisor:
            for p in sorted(profiles, key=lambda p: p.name.casefold()):
                if not p.is_supervisor:
                    self.trainee.addItem(p.name, p.id)
            self.trainee.addItem(f"Yourself ({viewer.name})", viewer.id)
        else:
            self.trainee.addItem(viewer.name, viewer.id)
        index = self.trainee.findData(kept)
        self.trainee.setCurrentIndex(index if index >= 0 else 0)
        self.trainee.blockSignals(False)
        self.set_chooser_visible(viewer.is_supervisor)

    def names(self) -> dict[int, str]:
        return {i: p.name for i, p in self.profiles.items()}

    def choose(self, profile_id: int) -> None:
        index = self.trainee.findData(profile_id)
        if index >= 0:
            self.trainee.setCurrentIndex(index)

    def owner(self) -> ProfileRecord | None:
        """Whose progress is shown: always the viewer for a clinician."""
        if self.viewer is None:
            return None
        if not self.viewer.is_supervisor:
            return self.viewer
        return self.profiles.get(self.trainee.currentData(), self.viewer)

    def choose_period(self, key: str) -> None:
        self.period_combo.setCurrentIndex(self.period_combo.findData(key))

    def set_custom(self, first: date, last: date) -> None:
        for edit, value in ((self.first, first), (self.last, last)):
            edit.blockSignals(True)
            edit.setDate(_qdate(value))
            edit.blockSignals(False)
        self.choose_period(CUSTOM)
        self._emit()

    def period(self, today: date, tz: tzinfo) -> Period | None:
        """None (with a message shown) when custom dates are back to front."""
        key = self.period_combo.currentData()
        if key != CUSTOM:
            self.error.clear()
            return preset_period(key, today, tz)
        first, last = _pydate(self.first.date()), _pydate(self.last.date())
        if first > last:
            self.error.setText("The first day is after the last day.")
            return None
        self.error.clear()
        return custom_period(first, last, tz)

    def _show_custom(self, shown: bool) -> None:
        for w in (self.first, self.dash, self.last):
            w.setVisible(shown)

    def _period_changed(self) -> None:
        self._show_custom(self.period_combo.currentData() == CUSTOM)
        self._emit()

    def _emit(self) -> None:
        self.changed.emit()
