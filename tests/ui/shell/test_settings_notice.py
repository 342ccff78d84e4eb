"""A window started with unusable settings still opens and says once, plainly, what it reset."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from tests.ui.shell.test_app_shell import open_window

NOTICE = (
    "Some settings could not be used and are back to their usual values: "
    "time to reply, exercises per session."
)


def test_bad_settings_file_gives_one_plain_line_in_the_status_bar(
    qtbot: QtBot, data_paths: DataPaths
) -> None:
    data_paths.settings_file.write_text('{"response_window_s": null, "session_clip_count": null}')
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.store is not None, timeout=10000)
    assert window.statusBar().currentMessage() == NOTICE
    assert window.settings_notice is None  # said once: a later store_ready (a restore) stays quiet
    rehearse = window.pages["rehearse"]  # the page that broke on a null exercise count
    assert rehearse.setup.length_value.value() == 5  # type: ignore[attr-defined]


def test_damaged_settings_file_is_kept_aside_and_named(qtbot: QtBot, data_paths: DataPaths) -> None:
    data_paths.settings_file.write_bytes(b"\xff\xfe not json")
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.store is not None, timeout=10000)
    kept = [p.name for p in data_paths.home.iterdir() if p.name.startswith("settings.json.damaged-")]
    assert len(kept) == 1
    assert window.statusBar().currentMessage() == (
        "Your settings file could not be read, so the usual settings are in use; "
        f"the old file was kept as {kept[0]}."
    )


def test_good_settings_say_ready(qtbot: QtBot, data_paths: DataPaths) -> None:
    data_paths.settings_file.write_text('{"response_window_s": 60, "session_clip_count": 12}')
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.store is not None, timeout=10000)
    assert window.statusBar().currentMessage() == "Ready."
    assert window.pages["rehearse"].setup.length_value.value() == 12  # type: ignore[attr-defined]
