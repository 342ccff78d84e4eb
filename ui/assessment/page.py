"""The Assessment page: taking the FIS assessment, and two slots for the other parts of it.

Tabs: "Take the assessment" (ui/assessment/taking.py), "Rate assessments" (a supervisor's blind
rating, ui/assessment/rating_view.py) and "Results" (ui/assessment/results_view.py). The last two
start as empty slots; `put_in_slot` fills one with its view, which then gets the store, profile
and player the page is given (whichever of set_store, set_profile, set_playback it has).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from media.playback.playback_qt import QtPlaybackController
from practice_db.records import ProfileRecord
from ui.assessment.rating_view import BlindRatingView
from ui.assessment.results_view import ResultsView
from ui.assessment.set_builder import SetBuilderButton
from ui.assessment.taking import TakingPanel
from ui.shell.context import UiContext
from ui.shell.data_changes import ASSESSMENTS, RATINGS

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

RATE_SLOT, RESULTS_SLOT = "rate", "results"
SLOT_TITLES = {RATE_SLOT: "Rate assessments", RESULTS_SLOT: "Results"}


def _empty_slot(name: str) -> QWidget:
    slot = QWidget()
    slot.setObjectName(f"{name}Slot")
    layout = QVBoxLayout(slot)
    note = QLabel(f"{SLOT_TITLES[name]}: not available yet.")
    note.setStyleSheet("color: #666;")
    layout.addWidget(note)
    layout.addStretch(1)
    return slot


class AssessmentPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("assessmentPage")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("assessmentTabs")
        self.taking = TakingPanel(ctx)
        self.tabs.addTab(self.taking, "Take the assessment")
        self.builder = SetBuilderButton(ctx)  # supervisors only (Alt+B)
        self.taking.intro.begin_row.insertWidget(1, self.builder)
        self.slots: dict[str, QWidget] = {}
        for name, title in SLOT_TITLES.items():
            self.slots[name] = _empty_slot(name)
            self.tabs.addTab(self.slots[name], title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._store: PracticeStore | None = None
        self._profile: ProfileRecord | None = None
        self._playback: QtPlaybackController | None = None
        self.rating = BlindRatingView(ctx)
        self.put_in_slot(RATE_SLOT, self.rating)
        self.results = ResultsView(ctx.tasks)
        self.results.watch(ctx.changes, (ASSESSMENTS, RATINGS))
        self.put_in_slot(RESULTS_SLOT, self.results)

    def put_in_slot(self, name: str, view: QWidget) -> None:
        """Replace the empty "Rate assessments" or "Results" tab with its view."""
        index = self.tabs.indexOf(self.slots[name])
        old = self.slots[name]
        self.tabs.removeTab(index)
        old.deleteLater()
        self.tabs.insertTab(index, view, SLOT_TITLES[name])
        self.slots[name] = view
        self._bring_up_to_date(view)

    def parts(self) -> list[QWidget]:
        return [self.taking, self.builder, *self.slots.values()]

    def _bring_up_to_date(self, part: QWidget) -> None:
        if self._store is not None and hasattr(part, "set_store"):
            part.set_store(self._store)
        if self._profile is not None and hasattr(part, "set_profile"):
            part.set_profile(self._profile)
        if self._playback is not None and hasattr(part, "set_playback"):
            part.set_playback(self._playback)

    # -- what the window tells every page --------------------------------------
    def set_store(self, store: PracticeStore) -> None:
        self._store = store
        for part in self.parts():
            if hasattr(part, "set_store"):
                part.set_store(store)

    def set_profile(self, profile: ProfileRecord) -> None:
        self._profile = profile
        for part in self.parts():
            if hasattr(part, "set_profile"):
                part.set_profile(profile)

    def set_playback(self, playback: QtPlaybackController) -> None:
        self._playback = playback
        for part in self.parts():
            if hasattr(part, "set_playback"):
                part.set_playback(playback)

    def holds_playback(self) -> bool:
        return any(getattr(part, "holds_playback", lambda: False)() for part in self.parts())

    def prepare_to_close(self) -> bool:
        return all(getattr(part, "prepare_to_close", lambda: True)() for part in self.parts())
