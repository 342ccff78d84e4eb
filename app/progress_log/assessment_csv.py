"""The FIS assessment as its own CSV file, written beside the practice CSV.

Why a second file: the practice CSV is one row per attempt and rater, and tools read it as
that one table; assessment figures (per sitting, with intervals and ICCs) are a different
shape, and extra columns or mixed record types would break it. So `<name>-fis-assessment.csv`
holds one row per sitting and measure (long format: easy to filter and pivot):

  measure = total | <facet key> | self_total | change_from_baseline
  value, ci_low, ci_high, n     the figure, its 95% interval and the takes it rests on
  icc_a1*, icc_ak*, raters      the raters' agreement on that measure (total and facets)
  compared_with                 for change_from_baseline: the baseline sitting's uuid

Figures keep two decimals (data, not display). Written only when the person has a sitting.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import tzinfo
from pathlib import Path

from practice_db.assessment.results_records import TOTAL, PersonResults, SittingResult
from practice_db.stats.agreement import Estimate, IccResult

SUFFIX = "-fis-assessment.csv"
COLUMNS = (
    "assessment_uuid",
    "date",
    "occasion",
    "status",
    "set_name",
    "takes",
    "rated_takes",
    "measure",
    "value",
    "ci_low",
    "ci_high",
    "n",
    "icc_a1",
    "icc_a1_low",
    "icc_a1_high",
    "icc_ak",
    "icc_ak_low",
    "icc_ak_high",
    "raters",
    "compared_with",
)


def companion_path(practice_csv: Path) -> Path:
    """Where the assessment CSV goes beside a practice CSV: 'log.csv' -> 'log-fis-assessment.csv'."""
    return practice_csv.with_name(practice_csv.stem + SUFFIX)


def _f(x: float | None) -> str:
    return "" if x is None else f"{x:.2f}"


def _estimate(e: Estimate | None) -> list[str]:
    return ["", "", "", "0"] if e is None else [_f(e.value), _f(e.low), _f(e.high), str(e.n)]


def _icc(i: IccResult | None) -> list[str]:
    return ["", "", ""] if i is None else [_f(i.value), _f(i.low), _f(i.high)]


def _text(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text  # no spreadsheet formulas


def rows(p: PersonResults, tz: tzinfo) -> Iterator[list[str]]:
    by_id = {s.assessment_id: s for s in p.sittings}
    for s in p.sittings:
        agreement = {a.facet: a for a in s.agreement}
        head = _head(s, tz)
        for measure, estimate in ((TOTAL, s.total), *((f.facet, f.estimate) for f in s.facets)):
            a = agreement.get(measure)
            raters = str(a.raters) if a else str(s.raters)
            single, average = (a.single, a.average) if a else (None, None)
            yield [*head, measure, *_estimate(estimate), *_icc(single), *_icc(average), raters, ""]
        if s.self_rated_takes:
            yield [*head, "self_total", *_estimate(s.self_total), *_icc(None), *_icc(None), "", ""]
    if p.change is not None:
        follow, base = by_id[p.change.follow_up_id], by_id[p.change.baseline_id]
        yield [
            *_head(follow, tz),
            "change_from_baseline",
            *_estimate(p.change.estimate),
            *_icc(None),
            *_icc(None),
            "",
            base.uuid,
        ]


def _head(s: SittingResult, tz: tzinfo) -> list[str]:
    when = s.started_at.astimezone(tz).isoformat(timespec="seconds")
    return [s.uuid, when, s.occasion, s.status, _text(s.set_name), str(s.takes), str(s.rated_takes)]


def write_assessment_csv(p: PersonResults, path: Path, tz: tzinfo) -> int:
    """Write the rows (UTF-8 with BOM, like the practice CSV); returns the row count."""
    count = 0
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for row in rows(p, tz):
            writer.writerow(row)
            count += 1
    return count
