"""The real window (offscreen) when an update of the data can't finish: plain words, and the
backup that can still be updated is offered and restored."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from app.settings import SettingsFile
from practice_db.schema_version import HEAD_REVISION
from tests.support.old_databases import half_update, legacy_backup, seed_at_0001
from ui.shell.main_window import MainWindow
from ui.shell.startup import build_main_window


def open_window(qtbot: QtBot, paths: DataPaths) -> MainWindow:
    window: MainWindow = build_main_window(paths, SettingsFile(paths.settings_file))
    qtbot.addWidget(window)
    window.show()
    window.start()
    return window


def _dialog_shown(window: MainWindow) -> bool:
    return window.recovery.box is not None and window.recovery.box.isVisible()


def test_half_updated_database_offers_the_copy_from_before_the_update(
    qtbot: QtBot, data_paths: DataPaths
) -> None:
    seed_at_0001(data_paths.database)
    legacy_backup(data_paths.database, data_paths.backups, "20261201T100000000000Z")
    half_update(data_paths.database)  # an older build killed inside migration 0002
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: _dialog_shown(window), timeout=15000)
    box = window.recovery.box
    assert box is not None
    assert "update" in box.text() and "interrupted" in box.text()
    assert "01 Dec 2026 10:00 UTC" in box.informativeText() and "nothing is deleted" in box.informativeText()
    for words in ("Traceback", "duplicate column", "SQL", "alembic"):
        assert words not in box.text() + box.informativeText()
    button = next(b for b in box.buttons() if b.objectName() == "restoreBackupButton")
    button.click()
    qtbot.waitUntil(lambda: window.store is not None, timeout=15000)
    assert window.store is not None and window.store.schema_revision() == HEAD_REVISION
    assert [p.name for p in window.store.profiles.list()] == ["Dana"]
    assert list(data_paths.home.glob("practice.sqlite3.half-updated-*")), "the half-updated file is kept"


def test_failed_update_without_backup_offers_no_restore(qtbot: QtBot, data_paths: DataPaths) -> None:
    seed_at_0001(data_paths.database)
    half_update(data_paths.database)  # and no backup from before it
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: _dialog_shown(window), timeout=15000)
    box = window.recovery.box
    assert box is not None and "no backup" in box.text()
    assert str(data_paths.database) in box.informativeText()
    assert [b.objectName() for b in box.buttons() if b.objectName() == "restoreBackupButton"] == []
    assert window.store is None
