"""The progress log's criteria section in every format, read back by real readers (markdown-it,
pdftotext, csv), with the counts of tests/support/criteria_seed.py."""

from __future__ import annotations

import csv
import subprocess
from datetime import date
from pathlib import Path

from markdown_it import MarkdownIt
from PySide6.QtWidgets import QApplication

from app.progress_log.export import export_progress_log, progress_log_text
from practice_db.records import RatingInput
from practice_db.store import PracticeStore
from tests.support.criteria_seed import KEPT, seed_criteria
from tests.support.seeding import PERIOD, add_attempt, add_clip, at

TODAY = date(2026, 3, 31)


def _cells(markdown: str) -> list[list[str]]:
    """The rows of the table under the "Exercise criteria" heading."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    start = next(i for i, t in enumerate(tokens) if t.type == "inline" and t.content == "Exercise criteria")
    rows: list[list[str]] = []
    for token in tokens[start:]:
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows:
            rows[-1].append(token.content)
        elif token.type == "table_close":
            break
    return rows


def test_markdown_section_with_the_counts(store: PracticeStore, tmp_path: Path) -> None:
    world = seed_criteria(store)
    md = export_progress_log(store, world.dana, PERIOD, "md", tmp_path / "log.md", TODAY).read_text()
    assert "## Exercise criteria" in md
    rows = _cells(md)
    assert rows[0] == [
        "Exercise",
        "Criterion",
        "Self: met · partly · not met",
        "Supervisor: met · partly · not met",
    ]
    assert ["Kept waiting", KEPT[0], "2 · 0 · 0", "2 · 1 · 0"] in rows
    assert ["", KEPT[1], "1 · 1 · 0", "0 · 0 · 1"] in rows  # the exercise named once, on its first row
    assert ["", "Stays with the silence (old wording)", "1 · 0 · 0", "–"] in rows


def test_pdf_and_text_carry_the_section(qapp: QApplication, store: PracticeStore, tmp_path: Path) -> None:
    world = seed_criteria(store)
    pdf = export_progress_log(store, world.dana, PERIOD, "pdf", tmp_path / "log.pdf", TODAY)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Exercise criteria" in text
    line = next(line for line in text.splitlines() if KEPT[1] in line).replace(" ", "")
    assert line.endswith("1·1·00·0·1")  # self, then supervisor (pdftotext drops the thin spaces)
    plain = progress_log_text(store, world.dana, PERIOD, TODAY)
    assert f"  {KEPT[2]}: self 0 · 0 · 1, supervisor 0 · 1 · 0" in plain


def test_csv_rows_count_each_ratings_verdicts(store: PracticeStore, tmp_path: Path) -> None:
    world = seed_criteria(store)
    out = export_progress_log(store, world.dana, PERIOD, "csv", tmp_path / "log.csv", TODAY)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    first = [r for r in rows if r["date"].startswith("2026-03-03")]
    got = {(r["rater_role"], r["criteria_met"], r["criteria_partly"], r["criteria_not_met"]) for r in first}
    assert got == {("self", "1", "1", "0"), ("supervisor", "0", "1", "1")}
    sam_rated_only = [
        r for r in rows if r["date"].startswith("2026-03-18") and r["rater_role"] == "supervisor"
    ]
    assert [(r["criteria_met"], r["criteria_not_met"]) for r in sam_rated_only] == [("", "")]
    flat_self = [r for r in rows if r["date"].startswith("2026-03-25") and r["rater_role"] == "self"]
    assert [(r["criteria_met"], r["criteria_partly"]) for r in flat_self] == [("", "")]  # rated, none judged


def test_a_period_without_verdicts_says_so(store: PracticeStore, tmp_path: Path) -> None:
    dana = store.profiles.create("Dana", "clinician").id
    attempt = add_attempt(store, dana, add_clip(store, "Plain", "hostile", 1), at(5))
    store.ratings.save(attempt.id, dana, RatingInput(scores={"empathy": 3}))
    md = export_progress_log(store, dana, PERIOD, "md", tmp_path / "log.md", TODAY).read_text()
    assert "## Exercise criteria" in md and "No criteria were judged in this period." in md
