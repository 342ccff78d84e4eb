"""How calibration figures are put into words: the difference leads, with its interval and n; an
ICC only from 15 pairs, with its interval; one decimal; nothing from one or two attempts."""

from __future__ import annotations

from datetime import date

import numpy as np

from app.progress_log import fmt
from app.progress_log.wording import (
    agreement_text,
    bias_text,
    calibration_lead,
    calibration_rows,
    change,
    mean,
    within_text,
)
from practice_db.progress.calibration_pairs import facet_calibration
from practice_db.progress.records import TOTAL, FacetCalibration


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


TWO = calibration_of([4, 3], [3, 4])  # mirrored raters
FIVE = calibration_of([5, 3, 4, 5, 4], [4, 3, 4, 4, 2])  # differences 1 0 0 1 2
OWN20 = [4, 3, 5, 4, 2, 3, 4, 5, 3, 2, 4, 3, 5, 4, 3, 2, 4, 5, 3, 4]
SUP20 = [3, 3, 4, 3, 2, 2, 4, 4, 3, 2, 3, 3, 4, 3, 3, 2, 4, 4, 2, 3]
TWENTY = calibration_of(OWN20, SUP20)


def test_two_pairs_give_no_icc_and_no_difference_sentence() -> None:
    assert bias_text(TWO, own=True, name="") == "Too few pairs to say yet (2 of the 3 needed)."
    assert agreement_text(TWO) == "Too few pairs to judge agreement (2 of the 15 needed)."
    assert calibration_rows([TWO])[0] == ["Empathy", "2", "too few pairs", "–", "too few pairs (needs 15)"]
    assert calibration_lead([TWO], own=True, name="") == (
        "2 attempts rated by both so far: too few to say how the ratings compare "
        "(3 are needed for a difference, 15 for agreement)."
    )
    assert fmt.agreement(TWO) == "too few pairs (needs 15)" and fmt.difference(TWO) == "too few pairs"
    assert fmt.bias_sentence(TWO) is None


def test_five_pairs_give_the_difference_to_one_decimal_with_interval_and_n() -> None:
    assert bias_text(FIVE, own=True, name="") == (
        "You rate your empathy 0.8 higher than your supervisor does (95% interval -0.2 to 1.8, n = 5)."
    )
    assert bias_text(FIVE, own=False, name="Dana") == (
        "Dana rates their empathy 0.8 higher than the supervisor does (95% interval -0.2 to 1.8, n = 5)."
    )
    assert within_text(FIVE) == "4 of 5 pairs (80%)"
    assert agreement_text(FIVE) == "Too few pairs to judge agreement (5 of the 15 needed)."


def test_from_fifteen_pairs_the_icc_is_shown_with_its_interval() -> None:
    a = TWENTY.agreement
    assert a.value is not None and a.low is not None and a.high is not None
    text = agreement_text(TWENTY)
    assert text == f"ICC {a.value:.2f} (95% interval {a.low:.2f} to {a.high:.2f}, n = 20)"
    assert fmt.agreement(TWENTY) == f"{a.value:.2f} ({a.low:.2f} to {a.high:.2f})"


def test_total_row_and_one_decimal() -> None:
    total = calibration_of([4.125, 3.0, 3.0], [3.0, 3.0, 3.0], TOTAL)
    assert calibration_rows([total])[0][:3] == ["Total", "3", "+0.4 (-1.2 to 2.0)"]
    assert bias_text(total, own=True, name="").startswith("You rate your overall score 0.4 higher")
    assert mean(3.86) == "3.9" and mean(4.0) == "4.0" and change(-0.04) == "0.0" and change(0.26) == "+0.3"
    matched = calibration_of([3, 4, 4], [3, 4, 4])
    assert bias_text(matched, own=True, name="") == (
        "Your empathy ratings match your supervisor's on average (95% interval 0.0 to 0.0, n = 3)."
    )
