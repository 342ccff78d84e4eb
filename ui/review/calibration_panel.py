"""On the Review page: how a trainee's self-ratings compare with their supervisor's, per facet."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.progress_log.wording import (
    CALIBRATION_EXPLAIN,
    agreement_text,
    bias_text,
    count,
    short_facet,
    within_text,
)
from practice_db.progress.records import MIN_BIAS_PAIRS, MIN_ICC_PAIRS, FacetCalibration, Period
from ui.progress.data import local_tz, preset_period

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

PERIOD_KEY = "12m"
EXPLAIN = "Over the last 12 months. " + CALIBRATION_EXPLAIN


def year_period(today: date | None = None) -> Period:
    return preset_period(PERIOD_KEY, today or date.today(), local_tz())


def load_calibration(store: PracticeStore, trainee_id: int) -> list[FacetCalibration]:
    """Worker thread."""
    return store.progress.calibration(trainee_id, year_period())


def calibration_html(items: list[FacetCalibration], own: bool, name: str) -> str:
    rated = [c for c in items if c.n]
    if not rated:
        return (
            "<p style='color:#555'>No attempt has been rated by both "
            f"{'you and a supervisor' if own else name + ' and a supervisor'} on all eight facets "
            "yet (a partial rating counts in no comparison).</p>"
        )
    most = max(rated, key=lambda c: c.n)
    if most.n < MIN_BIAS_PAIRS:  # one sentence, not the same "too few" on every row
        return (
            f"<p>{escape(count(most.n, 'attempt'))} rated by both so far: too few to say how the "
            f"ratings compare ({MIN_BIAS_PAIRS} are needed for a difference, {MIN_ICC_PAIRS} for "
            "agreement).</p>"
        )
    if most.n < MIN_ICC_PAIRS:
        # Said once: with this few pairs no agreement figure means anything.
        footer = (
            f"<p style='color:#555'>{escape(most.agreement.reason)} "
            "Until then, read the differences above, not an agreement figure.</p>"
        )
    else:
        footer = ""
    # The difference leads; agreement follows only where there are enough pairs to judge it.
    rows = "".join(
        f"<tr><td>{escape(short_facet(c.facet))}</td><td>{escape(bias_text(c, own, name))}</td>"
        f"<td style='color:#555'>{escape(_second(c))}</td></tr>"
        for c in rated
    )
    return f"<table cellspacing='0' cellpadding='3'>{rows}</table>{footer}"


def _second(c: FacetCalibration) -> str:
    """Within one point, then the ICC or why there is none (said once for the whole table when
    every row has too few pairs, so the panel does not repeat one sentence nine times)."""
    if c.n < MIN_BIAS_PAIRS:
        return ""
    within = f"Within one point: {within_text(c)}."
    return within if c.n < MIN_ICC_PAIRS else f"{within} {agreement_text(c)}"


class CalibrationPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calibrationPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.title = QLabel("<b>Self compared with supervisor</b>")
        layout.addWidget(self.title)
        self.body = QLabel()
        self.body.setObjectName("calibrationText")
        self.body.setWordWrap(True)
        layout.addWidget(self.body)
        note = QLabel(EXPLAIN)
        note.setWordWrap(True)
        note.setStyleSheet("color: #777; font-size: 11px;")
        layout.addWidget(note)
        self.trainee_id: int | None = None

    def show_calibration(self, trainee_id: int, items: list[FacetCalibration], own: bool, name: str) -> None:
        self.trainee_id = trainee_id
        who = "Your ratings" if own else f"{name}'s ratings"
        self.title.setText(f"<b>{escape(who)} compared with the supervisor's</b>")
        self.body.setText(calibration_html(items, own, name))
