"""The practice-room command as a user runs it (real subprocesses)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app import __version__
from tests.support.fakemic_plugin import FakeMic

ROOT = Path(__file__).resolve().parents[3]


def practice_room(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_version() -> None:
    result = practice_room("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"Practice Room {__version__}"


def test_version_matches_the_package_metadata() -> None:
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert __version__ == declared


def test_doctor_reports_libvlc_fake_microphone_and_database(tmp_path: Path, fake_mic: FakeMic) -> None:
    home = tmp_path / "portable"
    result = practice_room("--home", str(home), "doctor")
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "ok libvlc: loads, version 3." in out
    assert "Fake microphone" in out or "fakemic" in out
    assert f"Data folder: {home.resolve()}" in out
    assert f"Database URL: sqlite:///{home.resolve() / 'practice.sqlite3'}" in out
    assert "Schema revision: none yet" in out
    assert "Everything essential is in place." in out


def test_unusable_data_folder_is_a_plain_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    doctor = practice_room("--home", str(blocker / "sub"), "doctor")
    assert doctor.returncode == 1
    assert "!! Saving: a file is in the way of the data folder" in doctor.stdout
    assert "Everything essential is in place" not in doctor.stdout
    export = practice_room(
        "--home",
        str(blocker / "sub"),
        "export",
        "--profile",
        "Dana",
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-31",
        "--out",
        str(tmp_path / "log.md"),
    )
    assert export.returncode == 2
    assert "cannot use the data folder" in export.stderr and "Something that is not a folder" in export.stderr
    for output in (doctor.stdout, doctor.stderr, export.stderr):
        assert "Traceback" not in output and "Errno" not in output
