"""Every control of every step of the loop is on screen in a 1280×680 window: nothing needs the
scroll bar, and no page makes the window grow."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QPlainTextEdit, QProgressBar, QWidget
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from tests.support.fakemic import PulseMic
from tests.support.keys import create_first_profile, press
from tests.support.starter import STARTER_CLIPS
from tests.ui.shell.test_app_shell import open_window
from ui.rehearse.page import RehearsePage

WIDTH, HEIGHT = 1280, 680


def controls_off_screen(page: RehearsePage) -> list[str]:
    viewport = page.view_scroller.viewport()
    visible = QRect(QPoint(0, 0), viewport.size())
    off = []
    kinds = (QAbstractButton, QPlainTextEdit, QProgressBar, QLabel)
    for widget in page.view.findChildren(QWidget):
        if not isinstance(widget, kinds) or not widget.isVisible() or widget.width() == 0:
            continue
        if isinstance(widget, QLabel) and not widget.text():
            continue
        rect = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
        if not visible.contains(rect):
            off.append(f"{widget.objectName() or type(widget).__name__} {rect.getRect()}")
    return off


def test_each_step_fits_a_1280_by_680_window(
    qtbot: QtBot, data_paths: DataPaths, realtime_mic: PulseMic
) -> None:
    window = open_window(qtbot, data_paths)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.ctx.settings.update(input_device_name=realtime_mic.device, response_window_s=15)
    window.resize(WIDTH, HEIGHT)
    qtbot.waitUntil(lambda: window.pages["library"].model.rowCount() == STARTER_CLIPS, timeout=15000)
    create_first_profile(qtbot, window, "Dana")
    press(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page: RehearsePage = window.pages["rehearse"]
    sizes = set()

    def check(step: str) -> None:
        qtbot.wait(50)  # let the layout settle
        shot = window.grab()
        assert shot.width() == WIDTH
        if target := os.environ.get("PRACTICE_ROOM_SCREENSHOTS"):  # for a look: docs/rehearse-*.png
            shot.save(str(Path(target) / f"rehearse-{step.split(',')[0]}.png"))
        sizes.add((window.width(), window.height()))
        viewport = page.view_scroller.viewport().size().toTuple()
        assert controls_off_screen(page) == [], (step, viewport)

    press(window, Qt.Key.Key_Return)  # start the suggested session
    qtbot.waitUntil(lambda: page.state == "playing", timeout=15000)
    check("playing")
    qtbot.waitUntil(lambda: page.state == "recording", timeout=30000)
    check("recording")
    qtbot.wait(500)
    press(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.state == "rating", timeout=10000)
    for _ in range(8):
        press(window, Qt.Key.Key_3)
    press(window, Qt.Key.Key_3)  # too hard: the care note and the level advice appear
    qtbot.waitUntil(page.care_note.isVisible, timeout=5000)
    check("rating, with guidance, care note and advice")
    press(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.state == "discarded", timeout=5000)
    check("discarded, with the undo bar")
    assert sizes == {(WIDTH, HEIGHT)}  # no step resized the window
    assert window.minimumSizeHint().width() <= 1024 and window.minimumSizeHint().height() <= 640
