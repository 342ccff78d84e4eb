"""Shared steps for the Rehearse safety tests: a window on the real stack (libvlc, a fake
microphone), a clip of our own that carries a content note, and screenshots at 1280×720."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.records import ClipRecord, NewClip
from practice_db.store import PracticeStore
from tests.support.keys import create_first_profile, press
from tests.support.starter import STARTER_CLIPS
from tests.ui.rehearse.test_loop_fits_the_screen import controls_off_screen
from tests.ui.shell.test_app_shell import open_window
from ui.rehearse.page import RehearsePage
from ui.shell.data_changes import CLIPS
from ui.shell.main_window import MainWindow

NOTE = "This client speaks about a recent death in the family and about grief."
SHOTS = Path(os.environ.get("PRACTICE_ROOM_SAFETY_SHOTS", "/tmp"))


def rehearse_window(
    qtbot: QtBot, data_paths: DataPaths, device: str, *, size: tuple[int, int] = (1280, 720)
) -> tuple[MainWindow, RehearsePage, PracticeStore]:
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.ctx.settings.update(input_device_name=device, response_window_s=30)
    window.resize(*size)
    qtbot.waitUntil(lambda: window.pages["library"].model.rowCount() == STARTER_CLIPS, timeout=15000)
    create_first_profile(qtbot, window, "Dana")
    press(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # the Rehearse page
    assert window.store is not None
    return window, window.pages["rehearse"], window.store


def idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)


def add_noted_clip(qtbot: QtBot, window: MainWindow, like: ClipRecord) -> ClipRecord:
    """Our own exercise with a content note, playing the same file as a starter clip (the store
    API, as an import would; the starter pack itself is left alone)."""
    assert window.store is not None
    clip = window.store.clips.add(
        NewClip(
            title="At the graveside",
            presentation=like.presentation,
            difficulty=like.difficulty,
            media_path=like.media_path,
            content_hash="n" * 64,
            statement=like.statement,
            duration_ms=like.duration_ms,
            source="imported",
            facets=like.facets,
            content_note=f"  {NOTE}  ",
        )
    )
    window.ctx.changes.announce(CLIPS)
    return clip


def shoot(qtbot: QtBot, window: QWidget, name: str) -> Path:
    """The whole window as it is on screen, to look at (and for the report)."""
    qtbot.wait(50)  # let the layout settle, as a person would see it
    path = SHOTS / f"ys-safety-{name}.png"
    assert window.grab().save(str(path))
    return path


def assert_fits(page: RehearsePage) -> None:
    assert controls_off_screen(page) == []
