"""Every file the app writes that holds a user's voice or words is 0600, every folder 0700: a real
data folder used end to end (log, database, takes incl. one cut off by SIGKILL, ratings, settings,
progress log, a review bundle exported and imported on a second computer)."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
import textwrap
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from app.bundles.export import export_review_bundle
from app.bundles.import_review import import_review_bundle
from app.logging_setup import setup_logging
from app.paths import DataPaths
from app.progress_log.export import export_progress_log
from app.settings import SettingsFile
from app.startup.starter_library import install_starter_pack
from app.startup.take_recovery import recover_interrupted_takes
from media.recording.wav_writer import WavWriter
from practice_db.progress.records import Period
from practice_db.records import RatingInput, TakeFacts
from practice_db.store import PracticeStore

REPO = Path(__file__).resolve().parents[2]


def _modes(home: Path, prefix: str = "") -> tuple[dict[str, str], dict[str, str]]:
    """(files, folders) under home: relative name -> octal mode."""
    found: tuple[dict[str, str], dict[str, str]] = ({}, {})
    for p in sorted(home.rglob("*")):
        found[p.is_dir()][prefix + str(p.relative_to(home))] = oct(stat.S_IMODE(p.stat().st_mode))
    return found


def _open(paths: DataPaths) -> PracticeStore:
    return PracticeStore.open(f"sqlite:///{paths.database}", paths.backups)


def _recorded(paths: DataPaths, store: PracticeStore, me: int, clip: int) -> None:
    attempt = store.attempts.begin(me, clip, None, "pending")
    relative = f"recordings/{attempt.uuid}.wav"
    writer = WavWriter(paths.home / relative, 48000)
    writer.write((np.sin(np.arange(24000) / 9) * 0.3).astype(np.float32).reshape(-1, 1))
    writer.finish()
    store.attempts.finish(attempt.id, TakeFacts(relative, 500))
    store.ratings.save(attempt.id, me, RatingInput(scores={"empathy": 4}, note="I rushed the end"))


def _killed_mid_take(paths: DataPaths, store: PracticeStore, me: int, clip: int, *, old: bool) -> None:
    """A take cut off by SIGKILL: by our writer, or (old) by plain libsndfile with no header update."""
    name = str(uuid.uuid4())
    store.attempts.begin(me, clip, None, f"recordings/{name}.wav", uuid=name)
    final = paths.recordings / f"{name}.wav"
    writes = (
        f"f = soundfile.SoundFile({str(final) + '.partial'!r}, 'w', 48000, 1, format='WAV'); f.write(block)"
        if old
        else f"w = WavWriter(Path({str(final)!r}), 48000); w.write(block); w._file.flush()"
    )
    code = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        import numpy as np, soundfile
        from media.recording.wav_writer import WavWriter
        block = (np.sin(np.arange(48000) / 8) * 9000).astype(np.int16).reshape(-1, 1)
        {writes}
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    child = subprocess.run([sys.executable, "-c", code], cwd=REPO, check=False)
    assert child.returncode == -9 and Path(str(final) + ".partial").is_file()


def test_a_data_folder_used_end_to_end_is_private(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "home").ensure()
    setup_logging(paths.log_file)
    logging.getLogger("practice-room-test").warning("A line naming an exercise")
    store = _open(paths)
    install_starter_pack(store, paths)
    me = store.profiles.create("Dana", "clinician").id
    clips = [c.id for c in store.clips.list(sort="title")[:3]]
    _recorded(paths, store, me, clips[0])
    _killed_mid_take(paths, store, me, clips[1], old=False)
    _killed_mid_take(paths, store, me, clips[2], old=True)
    report = recover_interrupted_takes(store, paths)
    assert len(report.recovered) == 2
    store.ratings.add_comment(store.attempts.for_profile(me)[0].id, me, 100, "Breathe first")
    settings = SettingsFile(paths.settings_file)
    settings.update(last_profile_uuid="someone")
    settings.flush()
    today = datetime.now(UTC).date()
    period = Period(today - timedelta(days=7), today + timedelta(days=1))
    (tmp_path / "out").mkdir()  # exports go where the user chooses, outside the data folder
    log_md = export_progress_log(store, me, period, "md", tmp_path / "out" / "log.md", today)
    bundle = tmp_path / "out" / "dana.prbundle"
    ids = [a.id for a in store.transfer.unreviewed_since(me, datetime(2000, 1, 1, tzinfo=UTC))]
    export_review_bundle(store, paths, me, ids, bundle, include_clip_media=True)

    supervisor = DataPaths(tmp_path / "supervisor").ensure()
    other = _open(supervisor)
    assert import_review_bundle(other, supervisor, bundle).outcome.attempts_added == 3
    files, folders = _modes(paths.home)  # while open: -wal and -shm are there too
    other_files, other_folders = _modes(supervisor.home, "B/")
    store.close()
    other.close()
    files.update(other_files)
    folders.update(other_folders)

    assert _modes(tmp_path / "out")[0] == {"dana.prbundle": "0o600", "log.md": "0o600"}
    assert log_md.name == "log.md"
    expected = {
        "practice.sqlite3",
        "practice.sqlite3-wal",
        "practice.sqlite3-shm",
        "settings.json",
        "logs/practice-room.log",
        "B/practice.sqlite3",
    }
    assert expected <= set(files), sorted(files)
    assert sum(1 for k in files if k.startswith("recordings/") and k.endswith(".wav")) == 3
    assert sum(1 for k in files if k.startswith("B/recordings/")) == 3  # the supervisor's copies
    assert any(k.startswith("clips/") for k in files) and any(k.startswith("B/clips/") for k in files)
    assert {k: v for k, v in files.items() if v != "0o600"} == {}
    assert {k: v for k, v in folders.items() if v != "0o700"} == {}


def test_files_left_readable_by_an_earlier_version_are_made_private(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "home").ensure()
    store = _open(paths)
    store.profiles.create("Dana", "clinician")
    store.close()
    paths.log_file.write_text("old\n")
    rotated = paths.log_file.with_name(paths.log_file.name + ".1")
    rotated.write_text("older\n")
    for path in (paths.database, paths.log_file, rotated):
        os.chmod(path, 0o644)
    setup_logging(paths.log_file)
    store = _open(paths)
    assert [p.name for p in store.profiles.list()] == ["Dana"]
    side = [Path(f"{paths.database}{s}") for s in ("-wal", "-shm")]
    assert all(p.exists() for p in side)
    for path in [paths.database, *side, paths.log_file, rotated]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    store.close()
