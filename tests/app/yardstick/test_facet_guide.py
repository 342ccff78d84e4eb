"""The facet guide's text: every facet has what a rater listens for and three distinct levels;
fluency is about delivery; the three check-ins say what they mean and what follows."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app.yardstick.facet_guide import (
    SCALE_MEANING,
    check_in_help,
    check_in_summary,
    check_ins,
    facet_guide,
    guide_for,
)
from practice_db.vocabulary import FACET_KEYS, FACET_LABELS, REACTIONS


def test_eight_facets_by_three_levels_with_distinct_text() -> None:
    guide = facet_guide()
    assert [g.key for g in guide] == list(FACET_KEYS)
    assert [g.label for g in guide] == [FACET_LABELS[k] for k in FACET_KEYS]
    texts = []
    for g in guide:
        assert [score for score, _ in g.anchors()] == [1, 3, 5]
        for text in (g.listens_for, g.around_1, g.around_3, g.around_5):
            assert text.strip() and text == text.strip() and text.endswith((".", ")")), (g.key, text)
        texts += [g.listens_for, g.around_1, g.around_3, g.around_5]
        assert g.anchor(1) == g.around_1 and g.anchor(5) == g.around_5 and g.anchor(2) is None
    assert len(texts) == 32 and len(set(texts)) == 32  # no level copied from another


def test_fluency_is_how_it_is_said_not_what() -> None:
    fluency = guide_for("verbal_fluency")
    assert "delivered" in fluency.listens_for and "not what it says" in fluency.listens_for
    assert "only the delivery counts" in fluency.around_5.lower()
    with pytest.raises(KeyError):
        guide_for("charisma")


def test_check_ins_say_where_the_edge_is_and_what_to_do() -> None:
    assert [h.key for h in check_ins()] == list(REACTIONS)
    easy, good, hard = (check_in_help(k) for k in ("too_easy", "good_challenge", "too_hard"))
    assert "up a level" in easy.next_step
    assert "useful edge" in good.means and "Stay" in good.next_step
    assert "Past the useful edge" in hard.means
    for sign in ("distress", "freezing", "get away"):
        assert sign in hard.means
    for advice in ("gentler", "level down", "break", "supervision"):
        assert advice in hard.next_step
    assert "normal" not in hard.means + hard.next_step  # too hard is not "practising at the edge"
    summary = check_in_summary()
    assert all(h.label in summary for h in check_ins()) and len(summary) < 180
    assert "1 = " in SCALE_MEANING and "5 = " in SCALE_MEANING and "like it" not in SCALE_MEANING
    with pytest.raises(KeyError):
        check_in_help("meh")


def test_the_guide_loads_no_qt() -> None:
    """app has no widgets: any layer, even the command line, can read the guide."""
    code = (
        "import sys, app.yardstick.facet_guide as g; g.facet_guide(); "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'sqlalchemy'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
