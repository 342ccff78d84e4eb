"""Clinic mode, real window: an own clip imported on computer A reaches computer B's library
folder when B's Library lists it (fetched on the file worker, checked against its hash). Dana
signs in as her own login; the clip is hers (row-level security on)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.clinic.file_sync import after_clip_imported
from app.paths import DB_URL_ENV, DataPaths
from practice_db.records import NewClip
from tests.app.clinic.file_world import computer, signed_in
from tests.support.bundle_world import write_take
from tests.support.clinic_world import ClinicWorld
from tests.ui.shell.test_app_shell import open_window


def test_the_library_brings_an_own_clip_from_the_server(
    clinic: ClinicWorld,
    qtbot: QtBot,
    data_paths: DataPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dana_id, dana_url = clinic.person("Dana", "clinician")
    a = computer(tmp_path / "A", dana_url)
    try:
        source = a.paths.home / "mine.wav"
        write_take(source, seconds=1.5, seed=5)
        data = source.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        (a.paths.clips / f"{digest}.wav").write_bytes(data)
        clip = a.store.clips.add(
            NewClip(
                "Only on A",
                "hostile",
                1,
                f"clips/{digest}.wav",
                digest,
                facets=("empathy",),
                owner_profile_id=dana_id,
            )
        )
        assert after_clip_imported(a.store, a.paths.home, clip)
    finally:
        a.close()

    monkeypatch.setenv(DB_URL_ENV, dana_url)
    window = open_window(qtbot, data_paths)  # computer B
    signed_in(qtbot, window, "Dana")
    library = window.pages["library"]
    qtbot.waitUntil(lambda: any(c.title == "Only on A" for c in library.model.clips), timeout=30000)
    target = data_paths.home / clip.media_path
    qtbot.waitUntil(target.is_file, timeout=15000)
    assert target.read_bytes() == data
