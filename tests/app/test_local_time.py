"""Local days and weeks follow the computer's time zone across a clock change.

Berlin, 2026: clocks go forward on Sunday 29 March (02:00 CET -> 03:00 CEST) and back on Sunday
25 October (03:00 CEST -> 02:00 CET). Attempts at 23:30 and 00:30 around both changes are stored
as UTC instants and read back through the progress queries. Any fixed offset (+1 or +2, whichever
today's is) puts at least one of them on the wrong day or week, so these tests fail on the old
`datetime.now().astimezone().tzinfo`.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app import local_time
from app.local_time import local_zone
from app.paths import DataPaths
from practice_db.progress.records import Period
from practice_db.store import PracticeStore
from tests.support.seeding import add_attempt, add_clip

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def tz_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Set TZ for this process and its C library; put both back afterwards."""
    yield monkeypatch
    monkeypatch.undo()
    time.tzset()


def use_tz(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("TZ", value)
    time.tzset()


@pytest.mark.parametrize(
    "value", ["Europe/Berlin", ":Europe/Berlin", "/usr/share/zoneinfo/Europe/Berlin"], ids=str
)
def test_tz_variable_names_the_zone(tz_env: pytest.MonkeyPatch, value: str) -> None:
    use_tz(tz_env, value)
    assert local_zone() == BERLIN


def test_system_zone_found_by_link_copy_or_name(tz_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    berlin_file = Path("/usr/share/zoneinfo/Europe/Berlin")
    link, copy = tmp_path / "link", tmp_path / "copy"
    link.symlink_to(berlin_file)
    copy.write_bytes(berlin_file.read_bytes())
    tz_env.setattr(local_time, "LOCALTIME", link)
    assert local_time._zone_from_system() == BERLIN
    tz_env.setattr(local_time, "LOCALTIME", copy)  # a copied file has no name, but the same rules
    copied = local_time._zone_from_system()
    assert copied is not None
    assert copied.utcoffset(datetime(2026, 7, 1)) == timedelta(hours=2)
    assert copied.utcoffset(datetime(2026, 1, 1)) == timedelta(hours=1)
    assert local_time._zone_from_system() is copied  # so periods built later compare equal
    (tmp_path / "timezone").write_text("Europe/Berlin\n")
    tz_env.setattr(local_time, "TIMEZONE_FILE", tmp_path / "timezone")
    tz_env.setattr(local_time, "LOCALTIME", tmp_path / "zone-file-with-no-rules")
    (tmp_path / "zone-file-with-no-rules").write_bytes(b"not a zone file")
    assert local_time._zone_from_system() == BERLIN  # Debian's /etc/timezone


def test_a_zone_that_disagrees_with_the_clock_is_refused(tz_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    tz_env.delenv("TZ", raising=False)
    time.tzset()
    now = datetime.now().astimezone()
    other = next(
        name
        for name in ("Asia/Kolkata", "America/Caracas")
        if now.astimezone(ZoneInfo(name)).utcoffset() != now.utcoffset()
    )
    link = tmp_path / "localtime"
    link.symlink_to(Path("/usr/share/zoneinfo") / other)
    tz_env.setattr(local_time, "LOCALTIME", link)
    assert local_time._zone_from_system() == ZoneInfo(other)
    assert local_zone() == now.tzinfo  # what date.today() and the C library use wins


def test_a_tz_rule_it_cannot_name_falls_back_to_todays_offset(tz_env: pytest.MonkeyPatch) -> None:
    use_tz(tz_env, "XYZ-5")  # POSIX rule: five hours east, no daylight saving
    zone = local_zone()
    assert not isinstance(zone, ZoneInfo)
    assert zone.utcoffset(None) == timedelta(hours=5)


# Local wall time of each attempt -> (expected local day, expected week start).
MARCH = Period(date(2026, 3, 22), date(2026, 4, 5))  # weeks from Sunday 22 and Sunday 29 March
OCTOBER = Period(date(2026, 10, 18), date(2026, 11, 1))  # weeks from Sunday 18 and Sunday 25 October
AROUND_CHANGES = {
    MARCH: [
        (datetime(2026, 3, 28, 23, 30), date(2026, 3, 22)),  # Saturday, CET
        (datetime(2026, 3, 29, 0, 30), date(2026, 3, 29)),  # Sunday before the change, CET
        (datetime(2026, 3, 29, 23, 30), date(2026, 3, 29)),  # Sunday, now CEST
        (datetime(2026, 3, 30, 0, 30), date(2026, 3, 29)),  # Monday, CEST
    ],
    OCTOBER: [
        (datetime(2026, 10, 24, 23, 30), date(2026, 10, 18)),  # Saturday, CEST
        (datetime(2026, 10, 25, 0, 30), date(2026, 10, 25)),  # Sunday before the change, CEST
        (datetime(2026, 10, 25, 23, 30), date(2026, 10, 25)),  # Sunday, now CET
        (datetime(2026, 10, 26, 0, 30), date(2026, 10, 25)),  # Monday, CET
    ],
}


Measured = tuple[list[int], int, list[tuple[date, date]]]


def measured(store: PracticeStore, profile: int, period: Period) -> Measured:
    """Attempts per week, practice days, and each attempt's local day and week, as the progress
    code works them out from the stored UTC instants."""
    weeks = [w.attempts for w in store.progress.weekly_volume(profile, period)]
    days = store.progress.volume_totals(profile, period).practice_days
    local = [period.local_date(p.at) for p in store.progress.timings(profile, period)]
    return weeks, days, sorted((day, period.week_of(day)) for day in local)


def expected(attempts: list[tuple[datetime, date]]) -> Measured:
    return [1, 3], 3, [(wall.date(), week) for wall, week in attempts]


def test_attempts_around_clock_changes_land_on_their_local_day_and_week(
    tz_env: pytest.MonkeyPatch, store: PracticeStore
) -> None:
    use_tz(tz_env, "Europe/Berlin")
    zone = local_zone()
    profile = store.profiles.create("Dana", "clinician").id
    clip = add_clip(store, "Angry at the wait", "hostile", 2)
    for attempts in AROUND_CHANGES.values():
        for wall, _week in attempts:
            add_attempt(store, profile, clip, wall.replace(tzinfo=BERLIN))

    for base, attempts in AROUND_CHANGES.items():
        # Saturday's late attempt stays in the first week; three practice days: Sat, Sun, Mon.
        assert measured(store, profile, Period(base.start, base.end, zone)) == expected(attempts)

    # The old fixed offsets get at least one of these wrong, whatever today's offset is.
    for fixed in (timezone(timedelta(hours=1)), timezone(timedelta(hours=2))):
        results = [measured(store, profile, Period(p.start, p.end, fixed)) for p in AROUND_CHANGES]
        assert results != [expected(a) for a in AROUND_CHANGES.values()]


def test_progress_page_periods_use_the_zone_with_its_rules(tz_env: pytest.MonkeyPatch) -> None:
    from ui.progress.data import custom_period, local_tz

    use_tz(tz_env, "Europe/Berlin")
    period = custom_period(date(2026, 3, 22), date(2026, 4, 4), local_tz())
    assert period.tz == BERLIN
    assert period.start_utc == datetime(2026, 3, 21, 23, 0, tzinfo=UTC)  # CET midnight
    assert period.end_utc == datetime(2026, 4, 4, 22, 0, tzinfo=UTC)  # CEST midnight


def test_export_command_counts_days_in_the_zone(
    store: PracticeStore, data_paths: DataPaths, tmp_path: Path
) -> None:
    """`practice-room export` for Sunday 29 March in Berlin: the 00:30 (CET) and 23:30 (CEST)
    attempts, each shown in the offset it happened in; not Monday's 00:30."""
    profile = store.profiles.create("Dana", "clinician").id
    clip = add_clip(store, "Angry at the wait", "hostile", 2)
    for wall, _week in AROUND_CHANGES[MARCH]:
        add_attempt(store, profile, clip, wall.replace(tzinfo=BERLIN))
    store.close()
    out = tmp_path / "sunday.csv"
    result = subprocess.run(
        [sys.executable, "-m", "ui", "--home", str(data_paths.home), "export", "--profile", "Dana"]
        + ["--from", "2026-03-29", "--to", "2026-03-29", "--format", "csv", "--out", str(out)],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TZ": "Europe/Berlin", "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as fh:
        started = sorted(row["date"] for row in csv.DictReader(fh))
    assert started == ["2026-03-29T00:30:00+01:00", "2026-03-29T23:30:00+02:00"]
