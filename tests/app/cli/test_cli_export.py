"""`practice-room export` run as a user runs it: a subprocess on a seeded data folder."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.paths import DataPaths
from practice_db.store import PracticeStore
from tests.support.seeding import seed_progress_history

ROOT = Path(__file__).resolve().parents[3]
PERIOD_ARGS = ("--from", "2026-03-02", "--to", "2026-03-29")


def practice_room(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": "UTC", "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "ui", "--home", str(home), *args],  # the practice-room entry point
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.fixture
def home(store: PracticeStore, data_paths: DataPaths) -> Path:
    seed_progress_history(store)
    store.close()
    return data_paths.home


@pytest.mark.parametrize("fmt", ["md", "pdf", "csv"])
def test_export_writes_each_format(home: Path, tmp_path: Path, fmt: str) -> None:
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / f"dana.{fmt}"
    result = practice_room(
        home, "export", "--profile", "dana", *PERIOD_ARGS, "--format", fmt, "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert f"Wrote the progress log for Dana (2026-03-02 to 2026-03-29) to {out}" in result.stdout
    data = out.read_bytes()
    if fmt == "md":
        assert data.decode().startswith("# Practice log: Dana") and b"| Empathy | 4.0 | +0.5 | 3.4 |" in data
    elif fmt == "pdf":
        assert data[:5] == b"%PDF-"
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        assert "Practice log: Dana" in text and "Empathy" in text and "+0.5" in text and "4.00" not in text
    else:
        with out.open(encoding="utf-8-sig", newline="") as fh:
            assert len(list(csv.DictReader(fh))) == 11
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary files left behind


# The entry point called as `practice-room` calls it, reporting whether Qt was ever imported.
WITHOUT_QT = (
    "import sys; from ui.launcher import main; code = main(sys.argv[1:]); "
    "print('Qt loaded' if 'PySide6' in sys.modules else 'Qt never loaded'); sys.exit(code)"
)


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_export_runs_without_qt(home: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"dana.{fmt}"
    args = ["--home", str(home), "export", "--profile", "dana", *PERIOD_ARGS, "--format", fmt]
    args += ["--out", str(out)]
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_QT, *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert out.is_file() and result.stdout.strip().endswith("Qt never loaded")


def test_doctor_checks_qt_in_a_child_process_only(home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_QT, "--home", str(home), "doctor"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert "Qt never loaded" in result.stdout, result.stdout + result.stderr
    assert "PySide6 6." in result.stdout  # the child process found Qt and said which version


def test_format_follows_the_file_name_when_not_given(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "notes.txt"
    result = practice_room(home, "export", "--profile", "Dana", *PERIOD_ARGS, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text().startswith("Practice log: Dana")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--profile", "Bob", *PERIOD_ARGS),
            "There is no profile called 'Bob'. Known profiles: Dana, Lee, Sam.",
        ),
        (
            ("--profile", "Dana", "--from", "2026-02-30", "--to", "2026-03-29"),
            "--from needs a date written like",
        ),
        (
            ("--profile", "Dana", "--from", "2026-03-02", "--to", "last week"),
            "--to needs a date written like",
        ),
        (("--profile", "Dana", "--from", "2026-03-29", "--to", "2026-03-02"), "is after the end date"),
    ],
)
def test_bad_requests_get_a_plain_sentence_and_write_nothing(
    home: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "log.md"
    result = practice_room(home, "export", *args, "--out", str(out))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_unwritable_destinations_are_explained(home: Path, tmp_path: Path) -> None:
    missing = practice_room(
        home, "export", "--profile", "Dana", *PERIOD_ARGS, "--out", str(tmp_path / "no" / "x.md")
    )
    assert missing.returncode == 2 and "the folder" in missing.stderr and "does not exist" in missing.stderr
    folder = practice_room(home, "export", "--profile", "Dana", *PERIOD_ARGS, "--out", str(tmp_path))
    assert folder.returncode == 2 and "is a folder" in folder.stderr
    unknown = practice_room(
        home, "export", "--profile", "Dana", *PERIOD_ARGS, "--out", str(tmp_path / "x.docx")
    )
    assert unknown.returncode == 2 and "Please choose --format" in unknown.stderr
    # A folder we may not write to: our own read-only folder, or (as root, whom permission bits do
    # not stop) the kernel's read-only /sys, where the write itself fails and is reported.
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    target = locked / "x.md" if not os.access(locked, os.W_OK) else Path("/sys/practice-log.md")
    try:
        denied = practice_room(home, "export", "--profile", "Dana", *PERIOD_ARGS, "--out", str(target))
    finally:
        locked.chmod(0o700)
    assert denied.returncode == 2 and "permission" in denied.stderr.lower(), denied.stderr
    assert "Traceback" not in denied.stderr and not target.exists()


def test_export_is_listed_in_help(home: Path) -> None:
    result = practice_room(home, "export", "--help")
    assert (
        result.returncode == 0 and "--profile NAME" in result.stdout and "never recordings" in result.stdout
    )


def test_profile_names_match_whatever_the_case_and_accents_typed(
    store: PracticeStore, data_paths: DataPaths, tmp_path: Path
) -> None:
    store.profiles.create("Zoë Müller", "clinician")
    store.profiles.create("René", "clinician")
    store.profiles.create("Rene", "supervisor")  # another person: accents are kept in names
    store.close()
    out = tmp_path / "log.md"
    typed = practice_room(
        data_paths.home, "export", "--profile", "ZOE  muller", *PERIOD_ARGS, "--out", str(out)
    )
    assert typed.returncode == 0, typed.stderr
    assert "for Zoë Müller" in typed.stdout and out.read_text().startswith("# Practice log: Zoë Müller")
    exact = practice_room(data_paths.home, "export", "--profile", "RENÉ", *PERIOD_ARGS, "--out", str(out))
    assert exact.returncode == 0 and "for René " in exact.stdout, exact.stderr
