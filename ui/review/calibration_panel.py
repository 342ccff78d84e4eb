"""On the Review page: how a trainee's self-ratings compare with their supervisor's, per facet."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.progress_log.wording import (
    CALIBRATION_EXPLAIN,
    agreement_cell,
    calibration_lead,
    difference_cell,
    short_facet,
    within_cell,
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
    """A lead sentence on the total (difference, interval, n, agreement or why not), then a small
    table per facet: the difference with its interval, the share within one point, and an ICC
    column only once there are MIN_ICC_PAIRS pairs."""
    rated = [c for c in items if c.n]
    if not rated:
        return (
            "<p style='color:#555'>No attempt has been rated by both "
            f"{'you and a supervisor' if own else name + ' and a supervisor'} on all eight facets "
            "yet (a partial rating counts in no comparison).</p>"
        )
    lead = f"<p>{escape(calibration_lead(items, own, name))}</p>"
    if max(c.n for c in rated) < MIN_BIAS_PAIRS:
        return lead
    with_icc = any(c.n >= MIN_ICC_PAIRS for c in rated)
    head = ["", "Self minus supervisor (95% interval)", "Within one point"]
    head += ["Agreement (ICC, 95% interval)"] if with_icc else []
    cells = "".join(f"<th align='left' style='color:#555'>{escape(h)}</th>" for h in head)
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{escape(v)}</td>"
            for v in [short_facet(c.facet), difference_cell(c), within_cell(c)]
            + ([agreement_cell(c)] if with_icc else [])
        )
        + "</tr>"
        for c in rated
    )
    return f"{lead}<table cellspacing='0' cellpadding='2'><tr>{cells}</tr>{rows}</table>"


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
