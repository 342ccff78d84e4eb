"""The send dialog's "Include your assessments" box, driven by keys, on real windows and data folders:
a trainee with only an assessment (no practice attempts) sends it; the rater's window opens it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.settings import SettingsFile
from tests.support.assessment_bundle_world import builtin_set, sit
from tests.support.bundle_world import members, open_world
from tests.support.keys import activate, press
from tests.ui.bundles.test_bundle_ui import (
    Computer,
    close,
    fake_file_dialogs,
    message,
    prepare,
    ready_window,
    save_shot,
)


def trainee_with_an_assessment(root: Path, template_db: Path) -> Computer:
    world = open_world(root, template_db)
    dana = world.store.profiles.create("Dana Lee", "clinician")
    sit(world, dana.id, builtin_set(world), "baseline", "complete")
    world.close()
    settings = SettingsFile(world.paths.settings_file)
    settings.update(last_profile_uuid=dana.uuid)
    settings.flush()
    return Computer(world.paths, dana.uuid, [])


def test_an_assessment_alone_is_sent_by_keys_and_opened_by_the_rater_with_fake_file_dialog(
    qtbot: QtBot, tmp_path: Path, template_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trainee = trainee_with_an_assessment(tmp_path / "A", template_db)
    window_a, flow_a = ready_window(qtbot, trainee)
    bundle = tmp_path / "dana.prbundle"
    fake_file_dialogs(monkeypatch, save=bundle)
    flow_a.actions["send_review"].trigger()
    qtbot.waitUntil(lambda: flow_a.send_dialog is not None and flow_a.send_dialog.isVisible(), timeout=10000)
    dialog = flow_a.send_dialog
    assert dialog is not None
    assert dialog.table.rowCount() == 0
    box = dialog.include_assessments
    assert box.isVisible() and box.isChecked()  # default on
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10000)
    assert dialog.size_label.text().startswith("0 attempts chosen and 1 assessment · about")
    save_shot(dialog, "abundles-send-dialog.png", tmp_path)
    assert dialog.width() <= 1280 and dialog.height() <= 720

    activate(qtbot, dialog)
    press(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # its mnemonic: left out now
    qtbot.waitUntil(lambda: not box.isChecked(), timeout=5000)
    assert dialog.size_label.text() == "Tick at least one attempt to send."
    assert not dialog.save_button.isEnabled()
    press(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # and back in
    qtbot.waitUntil(lambda: box.isChecked() and dialog.save_button.isEnabled(), timeout=10000)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    text = close(message(qtbot, flow_a), flow_a)
    assert text.startswith("Saved dana.prbundle") and "It includes 1 assessment." in text
    data = json.loads(members(bundle)["manifest.json"])
    assert data["attempts"] == [] and len(data["assessments"]) == 1
    window_a.close()

    rater = prepare(tmp_path / "B", template_db, "Sam Okafor", "supervisor")
    window_b, flow_b = ready_window(qtbot, rater)
    fake_file_dialogs(monkeypatch, open_=bundle)
    with qtbot.waitSignal(window_b.bundles_imported, timeout=30000):
        flow_b.actions["open_review"].trigger()
    text = close(message(qtbot, flow_b), flow_b)
    assert text.startswith("Added 1 assessment (")
    assert text.endswith("by Dana Lee for blind rating.")
    window_b.close()
