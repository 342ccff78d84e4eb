"""Start-up builds only what the first screen needs (benchmarks/RESULTS.md, figure 1): the window
comes up without storage or audio libraries, pages are built when first shown and then catch up
with the store, profile and player, and PySide6's source scan skips other libraries."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from tests.ui.shell.test_app_shell import open_window
from ui.shell.pyside_imports import OWN_PACKAGES, scan_own_modules_only

REPO = Path(__file__).resolve().parents[3]

# Runs in a fresh interpreter: the test process has long since imported everything.
BUILD_WINDOW_ONLY = """
import sys
from pathlib import Path
from ui.shell.startup import start_qt
start_qt()
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.shell.startup import build_main_window
from app.paths import DataPaths
from app.settings import SettingsFile
paths = DataPaths(Path(sys.argv[1])).ensure()
window = build_main_window(paths, SettingsFile(paths.settings_file))
window.show()
app.processEvents()
heavy = ("sqlalchemy", "numpy", "sounddevice", "soundfile", "vlc", "alembic", "jsonschema")
print("heavy:" + ",".join(sorted(m for m in heavy if m in sys.modules)))
print("built:" + ",".join(k for k in window.pages if window.pages.is_built(k)))
"""


def test_window_shows_without_storage_or_audio_libraries(tmp_path: Path) -> None:
    env = {"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-c", BUILD_WINDOW_ONLY, str(tmp_path / "home")],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    lines = dict(line.split(":", 1) for line in run.stdout.splitlines() if ":" in line)
    assert lines["heavy"] == ""  # SQLAlchemy, numpy, PortAudio and libvlc load after the window is up
    assert lines["built"] == "library"


def test_page_built_on_first_show_gets_store_and_profile(qtbot: QtBot, data_paths: DataPaths) -> None:
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.profile_dialog is not None, timeout=10000)
    assert window.store is not None
    window.set_profile(window.store.profiles.create("Robin", "clinician"))
    assert [k for k in window.pages if window.pages.is_built(k)] == ["library"]
    placeholder = window.stack.widget(2)
    assert placeholder.objectName() == "reviewPlaceholder"

    window.show_page("review")
    review = window.pages["review"]
    assert window.pages.is_built("review") and window.stack.currentWidget() is review
    assert window.stack.indexOf(review) == 2 and window.stack.count() == 6
    assert review.store is window.store  # type: ignore[attr-defined]
    assert review.profile == window.profile  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: placeholder not in window.stack.children(), timeout=5000)
    assert window.current_page_key() == "review"

    # Asked for by key (as "Practise this exercise" does): built, but the current page stays.
    rehearse = window.pages["rehearse"]
    assert window.stack.indexOf(rehearse) == 1 and window.current_page_key() == "review"
    assert set(window.pages) == {"library", "rehearse", "review", "progress", "assessment", "programme"}
    assert "progress" in window.pages and "settings" not in window.pages  # asking builds nothing
    assert not window.pages.is_built("progress")


def test_pyside_source_scan_skips_other_libraries() -> None:
    import shibokensupport.feature as feature  # type: ignore[import-not-found]

    scan_own_modules_only()  # the app calls it at start-up; a second call changes nothing
    assert scan_own_modules_only() is False
    library = types.ModuleType("sqlalchemy.fake_for_test")
    library.__file__ = __file__  # its source would mention PySide6: the scan must not read it
    assert feature._mod_uses_pyside(library) is False
    import ui.shell.main_window

    assert "ui" in OWN_PACKAGES and feature._mod_uses_pyside(ui.shell.main_window) is True
    import linecache

    linecache.clearcache()
    assert feature._mod_uses_pyside(ui.shell.main_window) is True
    assert not any(name.endswith("main_window.py") for name in linecache.cache)  # read, not kept
    import app.paths

    assert feature._mod_uses_pyside(app.paths) is False  # ours, but no PySide6 in it


def test_pyside_scan_limit_is_a_no_op_when_pyside_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    # A PySide6 without the scan (a future release, or one that renamed it): nothing is changed.
    without_scan = types.ModuleType("shibokensupport.feature")
    monkeypatch.setitem(sys.modules, "shibokensupport.feature", without_scan)
    assert scan_own_modules_only() is False
    assert not hasattr(without_scan, "_mod_uses_pyside")
    monkeypatch.delitem(sys.modules, "shibokensupport.feature")
    assert scan_own_modules_only() is False  # no support module at all
    # A scan that is not a function is left alone too.
    odd = types.ModuleType("shibokensupport.feature")
    odd._mod_uses_pyside = "not callable"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "shibokensupport.feature", odd)
    assert scan_own_modules_only() is False
    assert odd._mod_uses_pyside == "not callable"  # type: ignore[attr-defined]


def test_start_up_work_waits_for_the_first_paint(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLabel

    from ui.shell import first_idle

    shown = QLabel("Opening…")
    qtbot.addWidget(shown)
    calls: list[bool] = []
    first_idle.run_after_first_paint(shown, lambda: calls.append(shown.isVisible()))
    assert calls == []  # not before the window is up
    shown.show()
    qtbot.waitUntil(lambda: calls == [True], timeout=5000)
    qtbot.wait(first_idle.FALLBACK_MS + 100)
    assert calls == [True]  # once only: the fallback timer does nothing after it ran

    never_shown = QLabel("hidden")
    qtbot.addWidget(never_shown)
    late: list[int] = []
    first_idle.run_after_first_paint(never_shown, lambda: late.append(1))
    qtbot.waitUntil(lambda: late == [1], timeout=first_idle.FALLBACK_MS + 2000)  # a window never painted
