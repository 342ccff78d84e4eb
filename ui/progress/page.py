"""Progress page: how one trainee's practice and ratings moved over a period, their goals, the log.

Everything is read on the DB worker in one call (ui/progress/data.py) and filled in one pass;
`loaded` is emitted once every widget shows the latest request. A page that is not on screen
only notes that it is out of date and loads when it is shown, so start-up never pays for it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from app.progress_log.export import Format
from app.progress_log.wording import (
    CALIBRATION_HEADER,
    FACET_HEADER,
    breakdown_rows,
    calibration_lead,
    calibration_rows,
    facet_rows,
    struggle_text,
)
from practice_db.records import ProfileRecord
from ui.progress.chart_widgets import FacetCharts, TimingCharts, VolumeChart
from ui.progress.criteria_card import criteria_card
from ui.progress.data import ProgressData, load_progress, local_tz
from ui.progress.export import ExportFlow
from ui.progress.filters import ProgressFilters
from ui.progress.goals import GoalsPanel
from ui.progress.layout import CALIBRATION_NOTE, HINT, STYLE, card
from ui.progress.tables import DataTable, SummaryStrip
from ui.shell.context import UiContext
from ui.shell.data_changes import ATTEMPTS, RATINGS, REVIEWS, StaleWatch

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)


class ProgressPage(QWidget):
    loaded = Signal()  # every widget now shows the latest request (or the empty state)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("progressPage")
        self.store: PracticeStore | None = None
        self.viewer: ProfileRecord | None = None
        self.data: ProgressData | None = None
        self.today: Callable[[], date] = date.today
        self.load_seconds: float | None = None  # request to filled widgets, for the benchmark
        self._generation = 0
        self._dirty = False
        self._started = 0.0
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>Progress</h2>"))
        self.subtitle = QLabel()
        self.subtitle.setObjectName("progressSubtitle")
        self.subtitle.setStyleSheet("color: #555; padding-left: 8px;")
        self.subtitle.setWordWrap(True)  # long names and messages wrap rather than widen the window
        top.addWidget(self.subtitle)
        self.status = QLabel()
        self.status.setObjectName("progressStatus")
        self.status.setStyleSheet("color: #2f6db5; padding-left: 12px;")
        self.status.setWordWrap(True)
        top.addWidget(self.status)
        top.addStretch(1)
        self._say("Choose a profile to see progress.")
        self.export_buttons: dict[str, QPushButton] = {}
        self.export_flow = ExportFlow(self)
        self.export_flow.finished.connect(self._say)
        for fmt, text in (
            ("md", "Markdown…"),
            ("pdf", "PDF…"),
            ("csv", "CSV…"),
            ("copy", "Copy as text"),
        ):
            button = QPushButton(text)
            button.setObjectName(f"export_{fmt}")
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, f=fmt: self._export(f))
            self.export_buttons[fmt] = button
        top.addWidget(QLabel("Save the log as"))
        for fmt in ("md", "pdf", "csv", "copy"):
            top.addWidget(self.export_buttons[fmt])
        layout.addLayout(top)
        self.filters = ProgressFilters(self.today())
        self.filters.changed.connect(self.reload)
        layout.addWidget(self.filters)

        self.content = QWidget()
        self.content.setObjectName("progressContent")
        self.content.setStyleSheet(STYLE)
        body = QVBoxLayout(self.content)
        body.setSpacing(12)
        self.empty_state, empty_box = card("Nothing to show for this period yet")
        self.empty_text = QLabel()
        self.empty_text.setObjectName("emptyText")
        self.empty_text.setWordWrap(True)
        empty_box.addWidget(self.empty_text)
        body.addWidget(self.empty_state)
        self.summary = SummaryStrip()
        body.addWidget(self.summary)
        self.facet_card, box = card("Facet scores", "")
        self.facet_table = DataTable(FACET_HEADER, "facetTable")
        self.facet_charts = FacetCharts()
        self.facet_charts.setObjectName("facetCharts")
        box.addWidget(self.facet_table)
        box.addWidget(self.facet_charts)
        self.facet_hint = QLabel()
        self.facet_hint.setObjectName("cardNote")
        box.insertWidget(1, self.facet_hint)
        self.volume_card, box = card("Practice volume")
        self.volume_chart = VolumeChart()
        self.volume_chart.setObjectName("volumeChart")
        box.addWidget(self.volume_chart)
        self.timing_card, box = card("Speech timings", HINT)
        self.timing_charts = TimingCharts()
        self.timing_charts.setObjectName("timingCharts")
        box.addWidget(self.timing_charts)
        self.struggle_card, box = card("Where it is hard")
        self.struggle = QLabel()
        self.struggle.setObjectName("struggleSummary")
        self.struggle.setWordWrap(True)
        box.addWidget(self.struggle)
        tables = QHBoxLayout()
        head = ("Attempts", "Self", "Supervisor", "Too hard")
        self.by_presentation = DataTable(("Presentation", *head), "byPresentation")
        self.by_difficulty = DataTable(("Difficulty", *head), "byDifficulty")
        tables.addWidget(self.by_presentation, 3)
        tables.addWidget(self.by_difficulty, 2)
        tables.setAlignment(self.by_difficulty, Qt.AlignmentFlag.AlignTop)
        tables.setAlignment(self.by_presentation, Qt.AlignmentFlag.AlignTop)
        box.addLayout(tables)
        self.calibration_card, box = card("Self compared with supervisor", CALIBRATION_NOTE)
        self.calibration_lead = QLabel()
        self.calibration_lead.setObjectName("calibrationLead")
        self.calibration_lead.setWordWrap(True)
        box.addWidget(self.calibration_lead)
        self.calibration = DataTable(CALIBRATION_HEADER, "calibrationTable")
        box.addWidget(self.calibration)
        self.criteria_card, self.criteria = criteria_card()
        self.goals_card, box = card("Goals", "Measured as of today, over each goal's own dates.")
        self.goals = GoalsPanel(ctx.tasks)
        box.addWidget(self.goals)
        self.data_cards = (
            self.summary,
            self.facet_card,
            self.volume_card,
            self.timing_card,
            self.struggle_card,
            self.calibration_card,
            self.criteria_card,
        )
        for w in self.data_cards[1:]:
            body.addWidget(w)
        body.addWidget(self.goals_card)
        body.addStretch(1)
        self.scroller = QScrollArea()
        self.scroller.setObjectName("progressScroll")
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setWidget(self.content)
        layout.addWidget(self.scroller, 1)
        self.content.setVisible(False)
        self.stale_watch = StaleWatch(self, ctx.changes, (ATTEMPTS, RATINGS, REVIEWS), self.reload)

    # -- what MainWindow calls ---------------------------------------------------------------
    def set_store(self, store: PracticeStore) -> None:
        self.store = store
        self._people()

    def set_profile(self, profile: ProfileRecord) -> None:
        self.viewer = profile
        self._people()

    def _people(self) -> None:
        if self.store is not None and self.viewer is not None:
            self.ctx.tasks.submit(self.store.profiles.list, on_done=self._got_people)

    def _got_people(self, profiles: list[ProfileRecord]) -> None:
        if self.viewer is None:
            return
        self.filters.set_people(self.viewer, profiles)
        self.reload()

    # -- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        """Load now if on screen; otherwise when next shown."""
        self._dirty = True
        if self.isVisible():
            self._load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self._load()

    def _load(self) -> None:
        owner = self.filters.owner()
        period = self.filters.period(self.today(), local_tz())
        if self.store is None or owner is None or period is None:
            return
        self._dirty = False
        self._generation += 1
        generation = self._generation
        self._started = time.perf_counter()
        self._say(f"Loading {owner.name}'s progress…")
        for button in self.export_buttons.values():
            button.setEnabled(False)
        self.ctx.tasks.submit(
            load_progress,
            self.store,
            owner.id,
            period,
            self.today(),
            on_done=lambda data: self._show(data, generation),
            on_error=lambda exc: self._failed(exc, generation),
        )

    def _failed(self, exc: BaseException, generation: int) -> None:
        if generation != self._generation:
            return
        log.error("Progress could not be loaded", exc_info=exc)
        self._say("Your progress could not be read just now. Details are in the log file.")

    def _show(self, data: ProgressData, generation: int) -> None:
        owner = self.filters.owner()
        if generation != self._generation or owner is None or self.viewer is None:
            return  # a newer request is on its way
        self.data = data
        p = data.period
        last = p.end - timedelta(days=1)
        span = f"{p.start.day} {p.start:%b %Y} to {last.day} {last:%b %Y}"
        own = owner.id == self.viewer.id
        self.subtitle.setText(f"{escape(owner.name)} · {span}")
        self._say("")
        self.empty_state.setVisible(data.empty)
        for w in self.data_cards:
            w.setVisible(not data.empty)
        if data.empty:
            who = "you" if own else owner.name
            self.empty_text.setText(
                f"No practice was recorded for {who} from {span}. Try a longer period, or rehearse a "
                "few clips and rate them: scores, practice volume and the comparison with the supervisor "
                "will appear here."
            )
        else:
            self._fill(data, own, owner.name)
        store = self.store
        assert store is not None
        names = self.filters.names()
        self.goals.set_context(store, self.viewer, owner, names, self.today(), p)
        self.goals.set_statuses(data.goals)
        self.content.setVisible(True)
        for chart in (self.facet_charts, self.volume_chart, self.timing_charts):
            chart.draw_now()  # while the DB worker is idle: drawing holds the GIL for ~10 ms
        for button in self.export_buttons.values():
            button.setEnabled(True)
        self.load_seconds = time.perf_counter() - self._started
        self.loaded.emit()

    def _fill(self, data: ProgressData, own: bool, name: str) -> None:
        self.summary.set_totals(data.totals)
        weeks = data.period.days // 7
        self.facet_hint.setText(
            "Average of every rating in the period (1 to 5); change is against the "
            f"{weeks} weeks before. Real gains show in tenths of a point."
        )
        self.facet_table.fill(facet_rows(data.averages))
        self.facet_charts.set_data(data.series, data.week_starts)
        self.volume_chart.set_data(data.weeks)
        self.timing_charts.set_data(data.timings, data.week_starts)
        self.struggle.setText(struggle_text(data.by_presentation, data.by_difficulty))
        rows, shaded = breakdown_rows(data.by_presentation, "presentation")
        self.by_presentation.fill(rows, shaded)
        rows, shaded = breakdown_rows(data.by_difficulty, "difficulty")
        self.by_difficulty.fill(rows, shaded)
        self.calibration_lead.setText(calibration_lead(data.calibration, own, name))
        self.calibration.fill(calibration_rows(data.calibration))
        self.criteria.fill(data.criteria)

    # -- export -------------------------------------------------------------------------------
    def _export(self, fmt: str) -> None:
        owner = self.filters.owner()
        if self.store is None or owner is None or self.data is None:
            return
        if fmt == "copy":
            self.export_flow.copy_text(self.store, owner, self.data.period, self.today())
        else:
            export_fmt: Format = "md" if fmt == "md" else "pdf" if fmt == "pdf" else "csv"
            self.export_flow.save(export_fmt, self.store, owner, self.data.period, self.today())

    def _say(self, message: str) -> None:
        self.status.setText(message)
        self.status.setVisible(bool(message))
