"""The Review page's calibration panel: the difference leads; no ICC below 15 pairs; drawn offscreen."""

from __future__ import annotations

from datetime import date

import numpy as np
from pytestqt.qtbot import QtBot

from practice_db.progress.calibration_pairs import facet_calibration
from practice_db.progress.records import TOTAL, FacetCalibration
from practice_db.vocabulary import FACET_KEYS
from ui.review.calibration_panel import CalibrationPanel, calibration_html


def calibration_of(own: list[float], sup: list[float], facet: str = "empathy") -> FacetCalibration:
    n = len(own)
    return facet_calibration(
        facet,
        np.arange(n, dtype=float),
        np.zeros(n, dtype=np.intp),
        [date(2026, 3, 2)],
        np.array(own, dtype=float),
        np.array(sup, dtype=float),
    )


OWN20 = [4, 3, 5, 4, 2, 3, 4, 5, 3, 2, 4, 3, 5, 4, 3, 2, 4, 5, 3, 4]
SUP20 = [3, 3, 4, 3, 2, 2, 4, 4, 3, 2, 3, 3, 4, 3, 3, 2, 4, 4, 2, 3]


def test_two_pairs_say_too_few_once_and_show_no_icc() -> None:
    items = [calibration_of([4, 3], [3, 4], key) for key in (TOTAL, *FACET_KEYS)]  # mirrored raters
    html = calibration_html(items, own=False, name="Dana")
    assert html.count("too few to say") == 1 and "2 attempts rated by both so far" in html
    assert "ICC" not in html and "same scores" not in html and "0.7" not in html and "<table" not in html


def test_five_pairs_lead_with_the_difference_and_say_agreement_needs_fifteen() -> None:
    items = [calibration_of([5, 3, 4, 5, 4], [4, 3, 4, 4, 2], key) for key in (TOTAL, "empathy")]
    html = calibration_html(items, own=True, name="")
    lead = html.split("</p>", 1)[0]
    assert (
        "You rate your overall score 0.8 higher than your supervisor does (95% interval -0.2 to 1.8, n = 5)."
        in lead
    )
    assert "within one point on 4 of 5 pairs (80%)" in lead
    assert "Too few pairs to judge agreement (5 of the 15 needed)." in lead
    assert "<td>Empathy</td><td>+0.8 (-0.2 to 1.8)</td><td>80%</td></tr>" in html and "ICC" not in html


def test_twenty_pairs_show_the_icc_with_its_interval(qtbot: QtBot) -> None:
    items = [calibration_of(OWN20, SUP20, key) for key in (TOTAL, "empathy")]
    a = items[0].agreement
    assert a.value is not None and a.low is not None and a.high is not None
    panel = CalibrationPanel()
    qtbot.addWidget(panel)
    panel.resize(700, 400)
    panel.show_calibration(1, items, own=False, name="Dana")
    text = panel.body.text()
    assert f"Agreement: ICC {a.value:.2f} (95% interval {a.low:.2f} to {a.high:.2f}, n = 20)." in text
    assert f"<td>{a.value:.2f} ({a.low:.2f} to {a.high:.2f})</td>" in text
    assert "<td>Total</td>" in text and "Dana rates their overall score" in text and "Too few" not in text
    panel.show()
    qtbot.waitExposed(panel)
    assert not panel.grab().isNull()
