"""Data folder resolution and settings that survive damage."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest

from app.paths import HOME_ENV, DataPaths, database_url, resolve_home
from app.settings import Settings, SettingsFile, load_settings, save_settings


def test_flag_beats_env_and_folders_are_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "from-env"))
    assert resolve_home().home == tmp_path / "from-env"
    paths = resolve_home(tmp_path / "from-flag").ensure()
    assert paths.home == tmp_path / "from-flag"
    assert stat.S_IMODE(paths.home.stat().st_mode) == 0o700
    assert stat.S_IMODE(paths.recordings.stat().st_mode) == 0o700
    assert database_url(paths) == f"sqlite:///{paths.database}"
    monkeypatch.setenv("PRACTICE_ROOM_DB_URL", "postgresql://u@h/db")
    assert database_url(paths) == "postgresql://u@h/db"


def test_settings_round_trip_atomically(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(path, Settings(response_window_s=120, input_device_name="USB mic"))
    assert load_settings(path) == Settings(response_window_s=120, input_device_name="USB mic")
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temp file left behind


def test_corrupt_settings_fall_back_to_defaults_with_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(b'{"response_window_s": 12\x00\xff')
    with caplog.at_level(logging.WARNING):
        assert load_settings(path) == Settings()
    assert "damaged" in caplog.text
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("settings.json.damaged-")]
    assert [p.read_bytes() for p in kept] == [b'{"response_window_s": 12\x00\xff']  # kept, not deleted


def test_wrong_types_are_ignored_per_key(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"response_window_s": "long", "show_statement": false, "future_key": 1}')
    loaded = load_settings(path)
    assert loaded.response_window_s == 90 and loaded.show_statement is False


def test_settings_file_saves_in_background(tmp_path: Path) -> None:
    live = SettingsFile(tmp_path / "s.json")
    live.update(last_profile_uuid="abc")
    live.flush()
    assert load_settings(tmp_path / "s.json").last_profile_uuid == "abc"


def test_data_paths_layout(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    assert paths.log_file.parent == paths.logs and paths.lock_file.parent == tmp_path


def test_log_rotates_at_start_up_and_keeps_three(tmp_path: Path) -> None:
    from app.logging_setup import rotate_if_large, setup_logging

    log = tmp_path / "logs" / "practice-room.log"
    log.parent.mkdir()
    for generation in range(5):
        log.write_text(f"generation {generation}\n" * 10)
        assert rotate_if_large(log, max_bytes=100) is True
    assert not log.exists()
    kept = sorted(p.name for p in log.parent.iterdir())
    assert kept == ["practice-room.log.1", "practice-room.log.2", "practice-room.log.3"]
    assert (log.parent / "practice-room.log.1").read_text().startswith("generation 4")
    assert (log.parent / "practice-room.log.3").read_text().startswith("generation 2")
    log.write_text("small\n")
    assert rotate_if_large(log, max_bytes=100) is False and log.read_text() == "small\n"

    setup_logging(log)
    setup_logging(log)  # a second setup replaces the first handler rather than doubling lines
    logging.getLogger("test").warning("only once")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert log.read_text().count("only once") == 1
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "baseFilename", "") == str(log)]:
        root.removeHandler(handler)
        handler.close()
