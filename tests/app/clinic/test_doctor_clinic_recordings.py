"""`practice-room doctor` in clinic mode: a take recorded on another computer is not missing when
the server has it; one kept here waits to be sent; one neither here nor there is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.clinic.file_sync import after_attempt_saved
from app.paths import DataPaths
from tests.app.clinic.file_world import clip_on, computer, record
from tests.app.clinic.test_doctor_server import doctor_text
from tests.support.clinic_world import ClinicWorld


def test_doctor_counts_recordings_on_the_server_as_there(
    clinic: ClinicWorld, data_paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dana_id, dana_url = clinic.person("Dana", "clinician")
    a = computer(tmp_path / "A", dana_url)  # another computer of the clinic
    try:
        clip = clip_on(a, owner=dana_id)
        sent = record(a, dana_id, clip, seconds=1, seed=1)
        assert after_attempt_saved(a.store, a.paths.home, sent)
        lost = record(a, dana_id, clip, seconds=1, seed=2)  # never sent; that computer is gone
    finally:
        a.close()
    here = computer(data_paths.home, dana_url)  # this computer: saved, not yet sent
    try:
        record(here, dana_id, clip, seconds=1, seed=3)
    finally:
        here.close()
    lines = doctor_text(data_paths, dana_url, monkeypatch).splitlines()
    (line,) = [x for x in lines if "Recordings:" in x]
    assert line == (
        "-- Recordings: 1 of 3 on the clinic's server, 1 on this computer waiting to be sent; "
        "1 neither here nor on the server"
    )
    text = "\n".join(lines)
    assert f"Missing (1): {lost.uuid}.wav" in text
    assert sent.uuid not in text  # recorded elsewhere, on the server: nothing to report


def test_doctor_says_all_recordings_are_on_the_server(
    clinic: ClinicWorld, data_paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dana_id, dana_url = clinic.person("Dana", "clinician")
    a = computer(tmp_path / "A", dana_url)
    try:
        take = record(a, dana_id, clip_on(a, owner=dana_id), seconds=1)
        assert after_attempt_saved(a.store, a.paths.home, take)
    finally:
        a.close()
    lines = doctor_text(data_paths, dana_url, monkeypatch).splitlines()
    assert "ok Recordings: 1 of 1 on the clinic's server" in lines
