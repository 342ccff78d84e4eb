"""The FIS assessment's results: a person's sittings with totals and facets (one decimal, 95%
intervals), the baseline to follow-up change in words, and the raters' agreement. A supervisor
chooses the trainee; a clinician sees their own. Kept apart from the Progress page's practice.

Everything is read on the DB worker (`store.assessment_results`) in one call; the figures come
back as frozen records and are only laid out here. To plug in: build `ResultsView(ctx.tasks)`,
call `set_store(store)` and `set_profile(viewer)` (the window's store_ready / profile_changed),
and `watch(ctx.changes, topics)` with whatever topic the assessment's writers announce (reloads
at once on screen, else when next shown).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.progress_log import assessment_wording as w
from practice_db.assessment.results_records import PersonResults
from practice_db.records import ProfileRecord
from ui.progress.data import local_tz
from ui.progress.layout import STYLE, card
from ui.progress.tables import DataTable
from ui.shell.data_changes import RATINGS, DataChanges

if TYPE_CHECKING:
    from practice_db.store import PracticeStore
    from ui.common.tasks import TaskRunner

log = logging.getLogger(__name__)
EMPTY_OWN = "No finished assessment yet. Results appear here once raters have rated your takes."
EMPTY_ALL = "Nobody has finished an assessment yet."


class ResultsView(QWidget):
    loaded = Signal()  # the widgets show the latest request (or the empty state)

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentResults")
        self.tasks = tasks
        self.store: PracticeStore | None = None
        self.viewer: ProfileRecord | None = None
        self.people: list[PersonResults] = []
        self._generation = 0
        self._dirty = True
        self._build()

    # -- what the page calls ------------------------------------------------------------------
    def set_store(self, store: PracticeStore) -> None:
        self.store = store
        self.reload()

    def set_profile(self, profile: ProfileRecord) -> None:
        self.viewer = profile
        self.reload()

    def reload(self) -> None:
        """Load now if on screen; otherwise when next shown."""
        self._dirty = True
        if self.isVisible():
            self._load()

    def watch(self, changes: DataChanges, topics: Iterable[str] = (RATINGS,)) -> None:
        wanted = frozenset(topics)
        changes.changed.connect(lambda changed: self.reload() if wanted & changed else None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self._load()

    def shown(self) -> PersonResults | None:
        i = self.person.currentIndex()
        return self.people[i] if 0 <= i < len(self.people) else None

    # -- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.setContentsMargins(12, 8, 12, 4)
        self.person_label = QLabel("&Trainee:")
        self.person = QComboBox()
        self.person.setObjectName("resultsPerson")
        self.person.setMinimumWidth(220)
        self.person_label.setBuddy(self.person)
        self.person.currentIndexChanged.connect(self._fill)
        self.status = QLabel("")
        self.status.setObjectName("resultsStatus")
        top.addWidget(self.person_label)
        top.addWidget(self.person)
        top.addWidget(self.status, 1)
        outer.addLayout(top)

        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        content = QWidget()
        content.setObjectName("progressContent")  # the Progress page's cards and colours
        content.setStyleSheet(STYLE)
        box = QVBoxLayout(content)
        box.setContentsMargins(12, 6, 12, 12)
        box.setSpacing(10)

        frame, inner = card(w.TITLE, w.NOTE)
        self.sittings = DataTable(w.SITTING_HEADER, "resultsSittings", stretch=2, numeric=False)
        self.change = QLabel("")
        self.change.setObjectName("resultsChange")
        self.change.setWordWrap(True)
        self.change.setStyleSheet("font-size: 14px; color: #1f3b4d; padding-top: 4px;")
        self.empty = QLabel(EMPTY_OWN)
        self.empty.setObjectName("resultsEmpty")
        inner.addWidget(self.sittings)
        inner.addWidget(self.change)
        inner.addWidget(self.empty)
        box.addWidget(frame)

        self.facets_card, facets_box = card("Facets (95% interval)")
        self.facets = DataTable(("Facet",), "resultsFacets")
        facets_box.addWidget(self.facets)
        box.addWidget(self.facets_card)

        self.agreement_card, self.agreement_box = card(
            "Rater agreement",
            "ICC(A,1): how far one rater's score can be trusted; ICC(A,k): the raters' average, "
            "which the totals rest on. 1 is perfect agreement.",
        )
        self.agreement_parts: list[QWidget] = []
        box.addWidget(self.agreement_card)
        box.addStretch(1)
        self.scroller.setWidget(content)
        outer.addWidget(self.scroller, 1)
        self._show_parts(False)

    # -- loading ------------------------------------------------------------------------------
    def _load(self) -> None:
        if self.store is None or self.viewer is None:
            return
        self._dirty = False
        self._generation += 1
        generation, store, viewer = self._generation, self.store, self.viewer
        self.status.setText("Reading results…")
        if viewer.role == "supervisor":
            self.tasks.submit(
                store.assessment_results.people,
                viewer.id,
                on_done=lambda people: self._got(people, generation),
                on_error=lambda exc: self._failed(exc, generation),
            )
        else:
            self.tasks.submit(
                store.assessment_results.person,
                viewer.id,
                on_done=lambda p: self._got([p] if p is not None else [], generation),
                on_error=lambda exc: self._failed(exc, generation),
            )

    def _failed(self, exc: BaseException, generation: int) -> None:
        if generation != self._generation:
            return
        log.error("Assessment results could not be read", exc_info=exc)
        self.status.setText("The results could not be read just now. Details are in the log file.")

    def _got(self, people: list[PersonResults], generation: int) -> None:
        if generation != self._generation or self.viewer is None:
            return  # a newer request is on its way
        current = self.shown()
        keep = current.profile_id if current is not None else None  # stay on the same trainee
        self.people = people
        supervisor = self.viewer.role == "supervisor"
        self.person_label.setVisible(supervisor)
        self.person.setVisible(supervisor)
        self.person.blockSignals(True)
        self.person.clear()
        self.person.addItems([p.name for p in people])
        ids = [p.profile_id for p in people]
        self.person.setCurrentIndex(ids.index(keep) if keep in ids else 0 if people else -1)
        self.person.blockSignals(False)
        self.empty.setText(EMPTY_ALL if supervisor else EMPTY_OWN)
        self.status.setText("")
        self._fill()
        self.loaded.emit()

    # -- filling ------------------------------------------------------------------------------
    def _show_parts(self, on: bool) -> None:
        self.sittings.setVisible(on)
        self.change.setVisible(on)
        self.facets_card.setVisible(on)
        self.agreement_card.setVisible(on)
        self.empty.setVisible(not on)

    def _fill(self) -> None:
        p = self.shown()
        if p is None or not p.sittings:
            self._show_parts(False)
            if p is not None and p.withheld:
                self.empty.setText(w.withheld_text(p).strip())
            return
        tz = local_tz()
        self._show_parts(True)
        self.sittings.fill([w.sitting_row(s, tz) for s in p.sittings])
        self.change.setText(w.change_text(p) + w.withheld_text(p))
        header = ["Facet", *(w.sitting_label(s, tz) for s in p.sittings)]
        self.facets.setColumnCount(len(header))
        self.facets.setHorizontalHeaderLabels(header)
        self.facets.fill(w.facet_rows(p.sittings))
        for part in self.agreement_parts:
            part.deleteLater()
        self.agreement_parts = []
        for s in p.sittings:
            lead = QLabel(w.agreement_lead(s, tz))
            lead.setWordWrap(True)
            self.agreement_box.addWidget(lead)
            self.agreement_parts.append(lead)
            if s.agreement:
                table = DataTable(w.AGREEMENT_HEADER, "resultsAgreement")
                table.fill(w.agreement_rows(s.agreement))
                self.agreement_box.addWidget(table)
                self.agreement_parts.append(table)

    def agreement_tables(self) -> list[DataTable]:
        return [t for t in self.agreement_parts if isinstance(t, DataTable)]
