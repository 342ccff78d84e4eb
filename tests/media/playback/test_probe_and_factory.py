"""libvlc detection and backend choice, with libvlc really broken in child processes: a library
path that does not load, libvlc without its plugins, and a frozen-build layout."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from media.constants import HEADLESS_VLC_ARGS, PLAYER_BACKEND_ENV
from media.playback.libvlc_probe import probe_libvlc
from media.playback.playback_qt import create_playback
from tests.media.playback.conftest import Clips

REPO = Path(__file__).resolve().parents[3]


def child(*args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.media.playback.probe_child", *args],
        cwd=REPO, env=dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {})),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def loaded_library(fragment: str) -> Path:
    """Where this process loaded a shared library from (libvlc is loaded by the session fixture)."""
    import vlc  # noqa: F401

    for line in Path("/proc/self/maps").read_text().splitlines():
        path = line.split()[-1]
        if fragment in Path(path).name:
            return Path(path)
    pytest.skip(f"{fragment} not found in /proc/self/maps (not Linux?)")


@pytest.fixture
def libvlc_without_plugins(tmp_path: Path) -> Path:
    """libvlc and libvlccore copied away from their plugins folder: they load, but find no plugins."""
    folder = tmp_path / "vlc"
    folder.mkdir()
    for fragment in ("libvlc.so", "libvlccore.so"):
        lib = loaded_library(fragment)
        soname = re.sub(r"(\.so\.\d+).*$", r"\1", lib.name)  # libvlc.so.5.6.1 -> libvlc.so.5
        shutil.copyfile(lib, folder / soname)
    return folder


def test_probe_finds_working_libvlc() -> None:
    status = probe_libvlc(HEADLESS_VLC_ARGS)
    assert status.ok and status.reason is None
    assert status.version is not None and status.version.startswith("3.")


def test_probe_survives_a_library_that_does_not_load() -> None:
    result = child("probe", env={"PYTHON_VLC_LIB_PATH": "/nonexistent/libvlc.so.5"})
    assert result["ok"] is False and result["version"] is None
    assert "could not be loaded" in result["reason"] and "apt-get install" in result["reason"]


def test_probe_reports_missing_plugins(libvlc_without_plugins: Path) -> None:
    lib = next(libvlc_without_plugins.glob("libvlc.so*"))
    env = {"PYTHON_VLC_LIB_PATH": str(lib), "LD_LIBRARY_PATH": str(libvlc_without_plugins)}
    result = child("probe", env=env)
    assert result["ok"] is False and result["version"].startswith("3.")
    assert "plugins are missing" in result["reason"]


def test_frozen_build_uses_its_bundled_plugins(libvlc_without_plugins: Path) -> None:
    # The copied libvlc cannot find plugins by itself (test above): success proves VLC_PLUGIN_PATH works.
    meipass = libvlc_without_plugins.parent
    env = {"LD_LIBRARY_PATH": str(libvlc_without_plugins)}
    system_plugins = loaded_library("libvlccore.so").parent / "vlc" / "plugins"
    if not system_plugins.is_dir():
        pytest.skip(f"no libvlc plugins at {system_plugins}")
    (libvlc_without_plugins / "plugins").symlink_to(system_plugins)
    result = child("frozen", str(meipass), env=env)
    assert result["ok"] is True, result
    assert result["env"]["VLC_PLUGIN_PATH"] == str(libvlc_without_plugins / "plugins")
    assert result["env"]["PYTHON_VLC_LIB_PATH"].startswith(str(libvlc_without_plugins))


def test_auto_falls_back_to_qt_and_plays(clips: Clips) -> None:
    result = child("factory", str(clips.wav), env={"PYTHON_VLC_LIB_PATH": "/nonexistent/libvlc.so.5"})
    assert result["backend"] == "qt" and "could not be loaded" in result["reason"]
    assert result["outcome"] == ["ended"]


def test_auto_uses_libvlc_when_it_works(clips: Clips) -> None:
    result = child("factory", str(clips.wav))
    assert result == {"backend": "libvlc", "reason": None, "outcome": ["ended"]}


def test_forced_vlc_without_libvlc_raises() -> None:
    result = child("force-vlc", env={"PYTHON_VLC_LIB_PATH": "/nonexistent/libvlc.so.5"})
    assert "could not be loaded" in result["raised"]


@pytest.mark.parametrize(("forced", "expected"), [("qt", "qt"), ("vlc", "libvlc"), ("", "libvlc")])
def test_environment_variable_forces_the_backend(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, forced: str, expected: str
) -> None:
    monkeypatch.setenv(PLAYER_BACKEND_ENV, forced)
    controller = create_playback("auto", list(HEADLESS_VLC_ARGS))
    try:
        assert controller.backend_name == expected and controller.fallback_reason is None
    finally:
        controller.close()
