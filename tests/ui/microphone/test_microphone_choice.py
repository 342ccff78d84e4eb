"""Choosing a microphone through the real PortAudio device list (fake ALSA microphone)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from app.settings import load_settings
from tests.support.fakemic_plugin import FakeMic
from tests.ui.shell.test_app_shell import open_window


def test_choice_is_remembered_and_a_missing_one_falls_back(
    qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic
) -> None:
    window = open_window(qtbot, data_paths)
    window.ctx.settings.update(input_device_name="USB headset that was unplugged")
    dialog = window.choose_microphone()
    qtbot.waitUntil(lambda: dialog.list.count() > 0, timeout=10000)
    assert "not connected" in dialog.message.text()  # the remembered one is gone: say so, use default
    names = [dialog.list.item(i).data(256) for i in range(dialog.list.count())]
    assert any(fake_mic.device in n for n in names)
    target = next(i for i, n in enumerate(names) if fake_mic.device in n)
    dialog.list.setCurrentRow(target)
    dialog.save_button.click()
    window.ctx.settings.flush()  # type: ignore[attr-defined]
    assert load_settings(data_paths.settings_file).input_device_name == names[target]
