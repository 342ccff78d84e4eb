"""The progress log's FIS assessment section in every format, read back by real readers
(markdown-it, pdftotext, csv), with the hand-worked world of tests/support/assessment_results_world.py."""

from __future__ import annotations

import csv
import subprocess
from datetime import date
from pathlib import Path

from markdown_it import MarkdownIt
from PySide6.QtWidgets import QApplication

from app.progress_log.assessment_csv import COLUMNS, companion_path
from app.progress_log.export import export_progress_log, progress_log_text
from practice_db.store import PracticeStore
from tests.support.assessment_results_world import build
from tests.support.seeding import PERIOD

TODAY = date(2026, 3, 31)
CHANGE = "Follow-up 4.3 vs baseline 3.5: +0.8 (95% interval +0.1 to +1.6)."


def _tables_after(markdown: str, heading: str) -> list[list[list[str]]]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    start = next(i for i, t in enumerate(tokens) if t.type == "inline" and t.content == heading)
    tables: list[list[list[str]]] = []
    for token in tokens[start:]:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append([])
        elif token.type == "inline" and tables and tables[-1]:
            tables[-1][-1].append(token.content)
    return tables


def test_markdown_section_with_sittings_change_facets_and_agreement(
    store: PracticeStore, tmp_path: Path
) -> None:
    world = build(store)
    md = export_progress_log(store, world.sam, PERIOD, "md", tmp_path / "log.md", TODAY).read_text()
    assert "## FIS assessment" in md and "Kept apart from practice" in md
    assert md.index("## Exercise criteria") < md.index("## FIS assessment")  # its own section
    sittings, facets, baseline_agreement, follow_agreement = _tables_after(md, "FIS assessment")[:4]
    assert sittings[1] == [
        "Baseline",
        "1 Mar 2026",
        "Sam's set",
        "3 of 3",
        "2",
        "3.5 (1.3 to 5.0)",
        "5.0 from 3",
    ]
    assert sittings[2][0] == "Follow-up" and sittings[2][5].startswith("4.3 (")
    assert CHANGE in md and "above 0" in md
    assert facets[0] == ["Facet", "Baseline, 1 Mar 2026", "Follow-up, 20 Mar 2026"]
    hope = next(r for r in facets if r[0].startswith("Hope"))
    assert hope[1].startswith("4.0 (")
    assert baseline_agreement[1][0] == "Total" and baseline_agreement[1][1].startswith("0.38 (")
    assert baseline_agreement[1][2].startswith("0.55 (")
    assert len(follow_agreement) == 10  # header, total, eight facets
    hope_icc = next(r for r in baseline_agreement if r[0].startswith("Hope"))
    assert hope_icc[1] == "0.60 (below -1 to 0.99)" and hope_icc[2].startswith("0.75 (below -1 to ")
    assert "under 15 takes" in md


def test_markdown_says_so_without_a_sitting(store: PracticeStore, tmp_path: Path) -> None:
    world = build(store)
    other = store.profiles.create("Noor", "clinician")
    md = export_progress_log(store, other.id, PERIOD, "md", tmp_path / "log.md", TODAY).read_text()
    assert "## FIS assessment" in md and "No finished assessment yet." in md
    assert "Sam" not in md.split("## FIS assessment")[1]
    assert world.sam != other.id


def test_pdf_and_text_carry_the_section(qapp: QApplication, store: PracticeStore, tmp_path: Path) -> None:
    world = build(store)
    pdf = export_progress_log(store, world.sam, PERIOD, "pdf", tmp_path / "log.pdf", TODAY)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "FIS assessment" in text and "ICC(A,k)" in text
    assert "+0.8 (95% interval +0.1 to +1.6)" in " ".join(text.split())
    plain = progress_log_text(store, world.sam, PERIOD, TODAY)
    assert "FIS assessment (kept apart from practice):" in plain
    assert CHANGE in plain and "self-rating (apart, not in the total): 5.0 from 3" in plain
    assert "Baseline, 1 Mar 2026, Sam's set: total 3.5 (1.3 to 5.0); 3 of 3 takes rated" in plain


def test_csv_writes_a_second_file_and_leaves_the_practice_table_alone(
    store: PracticeStore, tmp_path: Path
) -> None:
    world = build(store)
    out = export_progress_log(store, world.sam, PERIOD, "csv", tmp_path / "log.csv", TODAY)
    with out.open(encoding="utf-8-sig") as fh:
        assert "measure" not in next(csv.reader(fh))  # the one-row-per-rating table is unchanged
    side = companion_path(out)
    assert side.name == "log-fis-assessment.csv" and side.stat().st_mode & 0o777 == 0o600
    with side.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == COLUMNS
    total = next(r for r in rows if r["occasion"] == "baseline" and r["measure"] == "total")
    assert (total["value"], total["ci_low"], total["ci_high"], total["n"]) == ("3.50", "1.35", "5.65", "3")
    assert (total["icc_a1"], total["icc_ak"], total["raters"]) == ("0.38", "0.55", "2")
    assert total["ci_high"] == "5.65"  # as computed; the tables show it cut to the 1-5 scale
    hope = next(r for r in rows if r["occasion"] == "baseline" and r["measure"] == "hope")
    assert hope["icc_ak_low"] == "-inf"  # three takes: the average-measures bound is unbounded
    own = next(r for r in rows if r["occasion"] == "baseline" and r["measure"] == "self_total")
    assert own["value"] == "5.00"
    change = next(r for r in rows if r["measure"] == "change_from_baseline")
    assert (change["value"], change["ci_low"], change["ci_high"]) == ("0.83", "0.12", "1.55")
    assert change["occasion"] == "follow_up" and change["compared_with"] != ""
    assert len(rows) == 2 * 10 + 1  # per sitting: total, 8 facets, self_total; then the change


def test_no_second_csv_without_a_sitting(store: PracticeStore, tmp_path: Path) -> None:
    other = store.profiles.create("Noor", "clinician")
    out = export_progress_log(store, other.id, PERIOD, "csv", tmp_path / "log.csv", TODAY)
    assert out.exists() and not companion_path(out).exists()
