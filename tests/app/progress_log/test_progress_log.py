"""Progress-log exports read back by real readers: markdown-it (CommonMark), pdftotext, csv."""

from __future__ import annotations

import csv
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from app.progress_log import charts
from app.progress_log.charts import facet_chart, volume_chart
from app.progress_log.collect import ProgressReport, collect_report
from app.progress_log.export import export_progress_log
from app.progress_log.markdown import escape, render
from app.progress_log.plain_text import render_text
from practice_db.progress.records import NewGoal, Period
from practice_db.records import RatingInput
from practice_db.store import PracticeStore
from tests.support.seeding import PERIOD, History, seed_progress_history

TODAY = date(2026, 3, 31)


@pytest.fixture
def history(store: PracticeStore) -> History:
    h = seed_progress_history(store)
    store.goals.add(
        NewGoal(
            h.dana,
            h.sam,
            "facet_share",
            {"facet": "empathy", "min_score": 4, "share_percent": 80},
            date(2026, 3, 2),
            date(2026, 3, 29),
            note="Name | the feeling *first*.",
        )
    )
    store.goals.add(
        NewGoal(
            h.dana,
            h.dana,
            "practice_frequency",
            {"sessions_per_week": 1},
            date(2026, 3, 2),
            date(2026, 3, 29),
        )
    )
    store.goals.add(
        NewGoal(
            h.dana,
            h.dana,
            "practice_frequency",
            {"sessions_per_week": 1},
            date(2026, 6, 1),
            date(2026, 6, 30),
        )
    )
    return h


@pytest.fixture
def report(store: PracticeStore, history: History) -> ProgressReport:
    return collect_report(store, history.dana, PERIOD, TODAY)


def _tables(markdown: str) -> list[list[list[str]]]:
    """Every table as rows of cell texts, as a CommonMark (+ GFM tables) parser sees them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    tables: list[list[list[str]]] = []
    row: list[str] | None = None
    for tok in tokens:
        if tok.type == "table_open":
            tables.append([])
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "inline" and row is not None:
            row.append(tok.content)
        elif tok.type == "tr_close" and row is not None:
            tables[-1].append(row)
            row = None
    return tables


def _table_with(markdown: str, first_header: str) -> dict[str, list[str]]:
    table = next(t for t in _tables(markdown) if t[0][0] == first_header)
    return {r[0]: r[1:] for r in table[1:]}


def test_markdown_has_privacy_line_and_the_facet_table_with_seeded_numbers(report: ProgressReport) -> None:
    text = render(report)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0] == "Practice log: Dana"
    assert (
        "Facet scores" in headings
        and "Goals" in headings
        and "Calibration: self compared with supervisor" in headings
    )
    quote = text.split("\n> ", 1)[1].split("\n")[0]
    assert "no recordings" in quote and "client-identifying" in quote
    facets = _table_with(text, "Facet")
    # Self 4.0 (+0.5 on February's 3.5); supervisor 3.4 (+0.9 on 2.5); 6 and 5 ratings. One decimal.
    assert facets["Empathy"] == ["4.0", "+0.5", "3.4", "+0.9", "6 / 5"]
    assert facets["Warmth / acceptance / understanding"] == ["3.8", "+0.8", "3.4", "+0.9", "6 / 5"]
    weeks = _table_with(text, "Week of")
    assert weeks["2 Mar 2026"] == ["2", "1", "1.2"] and weeks["9 Mar 2026"] == ["2", "2", "2.5"]
    assert "6 attempts in 5 sessions on 6 days; 5 minutes spoken." in text


def test_markdown_goals_feedback_clips_and_calibration(report: ProgressReport) -> None:
    text = render(report)
    goals = next(t for t in _tables(text) if t[0][0] == "Goal")
    assert len(goals) == 3  # header + the two March goals; the June goal is outside the period
    by_goal = {row[0]: row[1:4] for row in goals[1:]}
    # Measured as of the period's last day (29 March), so neither goal has ended yet.
    assert by_goal[
        "Empathy rated 4 or higher by your supervisor in 80% of attempts, from 2 Mar 2026 to 29 Mar 2026"
    ] == [
        "Behind",
        "60%",
        "80%",
    ]
    assert by_goal["Practise 1 session a week, from 2 Mar 2026 to 29 Mar 2026"] == [
        "Met so far",
        "1.2 a week",
        "1 a week",
    ]
    assert r"Name \| the feeling \*first\*." in text  # user text cannot break the table or add markup
    assert "- 3 Mar 2026, *Angry at the wait* (Sam): Name the anger before explaining." in text
    assert "- 3 Mar 2026, *Angry at the wait* at 0:12 (Sam): Good pace here." in text
    assert "Lee's point" not in text
    clips = _table_with(text, "Clip")
    assert clips["Angry at the wait"] == ["Hostile / angry", "Intermediate", "3", "1", "18 Mar 2026"]
    calibration = next(t for t in _tables(text) if t[0][:2] == ["Facet", "Pairs"])
    assert calibration[1][0] == "Total" and len(calibration) == 10  # the total leads, then 8 facets
    empathy = next(r for r in calibration if r[0] == "Empathy")
    # Differences 1 0 0 1 2: +0.8, 95% interval -0.2 to 1.8 (t with 4 df); 4 of 5 within a point.
    assert empathy[1:] == ["5", "+0.8 (-0.2 to 1.8)", "80%", "too few pairs (needs 15)", "–"]
    assert (
        "You rate your overall score 0.6 higher than your supervisor does (95% interval -0.1 to 1.3, n = 5)."
        " The two were within one point on 4 of 5 pairs (80%). Too few pairs to judge agreement"
        " (5 of the 15 needed)."
    ) in text
    section = text.split("## Calibration", 1)[1]
    assert "0.7" not in section and "ICC 1.00" not in section and "from 15 pairs" in section


def test_markdown_for_an_empty_period_says_so(store: PracticeStore, history: History) -> None:
    empty = collect_report(store, history.dana, Period(date(2025, 1, 6), date(2025, 1, 20)), TODAY)
    text = render(empty)
    assert "0 attempts in 0 sessions on 0 days; 0 seconds spoken." in text
    assert "No supervisor feedback in this period." in text and "No clips practised in this period." in text
    assert _table_with(text, "Facet")["Empathy"] == ["–", "–", "–", "–", "0 / 0"]


def test_csv_round_trips_one_row_per_attempt_and_rater(
    store: PracticeStore, history: History, tmp_path: Path
) -> None:
    partial = {"empathy": 2, "warmth": 3}  # the supervisor rated attempt 4 on two facets only
    store.ratings.save(history.attempts[3].id, history.sam, RatingInput(scores=partial))
    out = export_progress_log(store, history.dana, PERIOD, "csv", tmp_path / "log.csv", TODAY)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 12  # six self-ratings + five supervisor ratings + the partial one
    (two,) = [r for r in rows if r["facets_rated"] == "2"]
    assert (two["rater_role"], two["empathy"], two["hope"], two["total"]) == ("supervisor", "2", "", "")
    rows.remove(two)
    first = rows[0]
    assert first["attempt_uuid"] == history.attempts[0].uuid and first["rater_role"] == "self"
    assert first["empathy"] == "5" and first["warmth"] == "4" and first["reaction"] == "good_challenge"
    assert (first["total"], first["facets_rated"]) == ("4.12", "8")  # 33/8, two decimals as data
    assert first["clip_title"] == "Angry at the wait" and first["presentation"] == "hostile"
    assert first["date"].startswith("2026-03-03T10:00:00") and first["speaking_ms"] == "45000"
    assert rows[1]["rater_role"] == "supervisor" and rows[1]["empathy"] == "4" and rows[1]["reaction"] == ""
    young = [r for r in rows if r["clip_title"] == "You are too young"]
    assert len(young) == 1 and young[0]["speaking_ms"] == "" and young[0]["duration_ms"] == "90000"
    assert {r["attempt_uuid"] for r in rows} == {a.uuid for a in history.attempts}


def test_pdf_text_contains_the_figures(
    qapp: QApplication, store: PracticeStore, history: History, tmp_path: Path
) -> None:
    # qapp: a QApplication made first, so later widget tests in this process don't meet the bare
    # QGuiApplication the exporter would otherwise create (Qt aborts on widgets without one).
    calls: list[tuple[int, int, str]] = []
    out = export_progress_log(
        store, history.dana, PERIOD, "pdf", tmp_path / "log.pdf", TODAY, lambda *a: calls.append(a)
    )
    assert out.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Practice log: Dana" in text and "no recordings" in text
    empathy = next(line for line in text.splitlines() if line.strip().startswith("Empathy") and "4.0" in line)
    assert empathy.split()[1:5] == ["4.0", "+0.5", "3.4", "+0.9"]
    assert "Name the anger before explaining." in text and "Good pace here." in text
    assert "You rate your overall score 0.6 higher than your supervisor does" in " ".join(text.split())
    flat = " ".join(text.split())
    assert "trained raters" not in flat and "too few pairs (needs" in flat  # the cell wraps
    assert "Behind" in text and "Met so far" in text
    assert len(calls) > 5 and calls[-1][0] == calls[-1][1]  # progress reached its end


def test_pdf_facet_charts_share_one_fixed_scale(
    qapp: QApplication, report: ProgressReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[list[tuple[float, float, float]]] = []
    real = charts.paint_facet_grid

    def watched(*args: Any, **kwargs: Any) -> list[tuple[float, float, float]]:
        drawn.append(real(*args, **kwargs))
        return drawn[-1]

    monkeypatch.setattr(charts, "paint_facet_grid", watched)
    image = facet_chart(report.series, [w.week_start for w in report.weeks])
    assert isinstance(image, QImage) and not image.isNull() and image.width() >= 640
    assert len({image.pixel(x, image.height() // 3) for x in range(0, image.width(), 7)}) > 3  # not blank
    assert not volume_chart(report.weeks).isNull()
    # Empathy's weekly means run 3.5-4.5 and other facets' elsewhere; every panel spans 1-5 anyway.
    assert drawn == [[charts.FACET_SCALE] * 8] and charts.FACET_SCALE[:2] == (1.0, 5.0)


def test_plain_text_for_the_clipboard(report: ProgressReport) -> None:
    text = render_text(report)
    assert text.startswith("Practice log: Dana\n") and "no recordings" in text
    assert "Empathy" in text and "4.0" in text and "#" not in text and "|" not in text
    assert (
        "You rate your empathy 0.8 higher than your supervisor does (95% interval -0.2 to 1.8, n = 5)."
        in text
    )
    assert escape("a|b *c*") == r"a\|b \*c\*"


def test_pdf_keeps_the_latest_comments_and_markdown_keeps_all(
    qapp: QApplication, store: PracticeStore, history: History, tmp_path: Path
) -> None:
    attempt = history.attempts[0]
    for n in range(35):
        store.ratings.add_comment(attempt.id, history.sam, 1000 * n, f"Remark number {n:02d}")
    pdf = export_progress_log(store, history.dana, PERIOD, "pdf", tmp_path / "log.pdf", TODAY)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "The latest 30 of" in text and "Remark number 34" in text
    assert "Remark number 00" not in text  # the oldest are left to the fuller exports
    md = export_progress_log(store, history.dana, PERIOD, "md", tmp_path / "log.md", TODAY).read_text()
    assert all(f"Remark number {n:02d}" in md for n in range(35))


def test_counts_and_speaking_time_read_as_people_say_them() -> None:
    from app.progress_log.wording import practice_volume, time_spoken

    assert practice_volume(1, 1, 1, 0.3) == "1 attempt in 1 session on 1 day; 18 seconds spoken"
    assert time_spoken(1.99) == "119 seconds" and time_spoken(2.4) == "2 minutes"
