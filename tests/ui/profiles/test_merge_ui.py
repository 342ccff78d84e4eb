""" "Same person as…" from the profile chooser, by keys: "Dr Lee (2)" (split off by an older
import) joins "Dr Lee"; the chooser and the window follow, and the rating moves with it."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from app.settings import SettingsFile
from practice_db.records import NewClip, RatingInput, TakeFacts
from practice_db.store import PracticeStore
from tests.support.keys import activate, press
from tests.ui.bundles.test_bundle_ui import save_shot
from tests.ui.profiles.test_password_ui import _chooser, _rows
from tests.ui.shell.test_app_shell import open_window
from ui.profiles.merge_dialog import MergeDialog


def test_dr_lee_2_joins_dr_lee_by_keys(
    qtbot: QtBot, data_paths: DataPaths, template_db: Path, tmp_path: Path
) -> None:
    shutil.copy(template_db, data_paths.database)
    store = PracticeStore.open(f"sqlite:///{data_paths.database}", data_paths.backups)
    dana = store.profiles.create("Dana", "clinician")
    lee = store.profiles.create("Dr Lee", "supervisor")
    lee2 = store.profiles.create("Dr Lee (2)", "supervisor")
    clip = store.clips.add(NewClip("Clip", "hostile", 1, "clips/1.ogg", "hash1")).id
    attempt = store.attempts.begin(dana.id, clip, None, "recordings/x.wav")
    store.attempts.finish(attempt.id, TakeFacts("recordings/x.wav", 1000))
    store.ratings.save(attempt.id, lee2.id, RatingInput(scores={"hope": 4}))
    store.close()
    settings = SettingsFile(data_paths.settings_file)
    settings.update(last_profile_uuid=lee2.uuid, microphone_checked=True)
    settings.flush()

    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.profile is not None, timeout=20000)
    assert window.profile is not None and window.profile.name == "Dr Lee (2)"
    dialog = _chooser(qtbot, window)
    assert [r.split("  —  ")[0] for r in _rows(dialog)] == ["Dana", "Dr Lee", "Dr Lee (2)"]
    press(dialog, Qt.Key.Key_Down)
    press(dialog, Qt.Key.Key_Down)
    press(dialog, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "merge_dialog", None), MergeDialog), timeout=5000)
    merge = window.merge_dialog
    assert isinstance(merge, MergeDialog)
    qtbot.waitUntil(merge.isVisible, timeout=5000)
    assert [merge.choice.itemText(i) for i in range(merge.choice.count())] == ["Dr Lee"]  # same role only
    save_shot(merge, "merge.png", tmp_path)
    activate(qtbot, merge)
    press(merge, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.profile is not None and window.profile.name == "Dr Lee", timeout=20000)
    assert [r.split("  —  ")[0] for r in _rows(dialog)] == ["Dana", "Dr Lee"]
    assert window.profile.aliases == (lee2.uuid,)
    assert window.store is not None
    assert [r.rater_profile_id for r in window.store.ratings.for_attempt(attempt.id)] == [lee.id]
    window.close()
