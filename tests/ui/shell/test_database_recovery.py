"""The real window (offscreen) when an update of the data can't finish: plain words, and the
backup that can still be updated is offered and restored."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, event

import practice_db.store
from app.paths import DataPaths
from app.settings import SettingsFile
from practice_db.engine import make_engine
from practice_db.integrity import list_backups
from practice_db.migrate import current_revision
from practice_db.schema_version import HEAD_REVISION
from tests.support.old_databases import half_update, legacy_backup, seed_at_0001
from ui.shell.main_window import MainWindow
from ui.shell.startup import build_main_window


def revision_of(paths: DataPaths) -> str | None:
    engine = make_engine(f"sqlite:///{paths.database}")
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


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
    assert window.store is not None and revision_of(data_paths) == HEAD_REVISION
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


def _engine_failing_in_0003(url: str) -> Engine:
    engine = make_engine(url)

    def fail(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().startswith("CREATE TABLE goals"):
            raise RuntimeError("injected failure in migration 0003")

    event.listen(engine, "after_cursor_execute", fail)
    return engine


def test_update_that_fails_now_says_data_is_unchanged_and_offers_the_copy(
    qtbot: QtBot, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_at_0001(data_paths.database)
    monkeypatch.setattr(practice_db.store, "make_engine", _engine_failing_in_0003)
    window = open_window(qtbot, data_paths)
    qtbot.waitUntil(lambda: _dialog_shown(window), timeout=15000)
    box = window.recovery.box
    assert box is not None
    assert box.text() == "The update of your practice data could not finish. Your data is as it was before."
    assert "Restore the copy made just before the update" in box.informativeText()
    assert "injected" not in box.text() + box.informativeText()
    [made] = list_backups(data_paths.backups)
    assert made.revision == "0001"

    monkeypatch.undo()  # whatever broke the update is fixed
    button = next(b for b in box.buttons() if b.objectName() == "restoreBackupButton")
    button.click()
    qtbot.waitUntil(lambda: window.store is not None, timeout=15000)
    assert window.store is not None and revision_of(data_paths) == HEAD_REVISION
    assert list(data_paths.home.glob("practice.sqlite3.not-updated-*")), "the file it replaced is kept"
