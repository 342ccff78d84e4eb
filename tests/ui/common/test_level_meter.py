"""The level meter's scale and label."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui.common.level_meter import LevelMeter, level_percent


def test_decibel_scale_shows_speech_well_and_silence_as_empty() -> None:
    assert level_percent(0.0) == 0 and level_percent(0.0005) == 0  # below -60 dBFS: empty
    assert level_percent(1.0) == 100 and level_percent(2.0) == 100
    assert level_percent(0.1) == 67  # -20 dBFS, ordinary speech: two thirds, not a tenth
    assert level_percent(0.01) < level_percent(0.1) < level_percent(0.5)


def test_label_names_the_microphone_and_its_state(qtbot: QtBot) -> None:
    meter = LevelMeter("levelMeter")
    qtbot.addWidget(meter)
    assert meter.bar.objectName() == "levelMeter" and meter.label.buddy() is meter.bar
    meter.set_state("ready")
    assert meter.state_text() == "Microphone: ready"
    meter.set_level(0.1)
    assert meter.bar.value() == 67
