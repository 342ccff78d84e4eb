"""Starting the window on a disk that can't take the data: a full tmpfs, a read-only mount, a
read-only database file. Each gets one plain dialog and a clean exit code, never "already open"
and never a traceback. Runs the real `practice-room` entry point (ui/launcher.py) in-process."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from app.settings import SettingsFile
from app.startup.data_folder import check_data_folder
from tests.support.mounts import fill_to_brim, read_only_file, remount_read_only, tmpfs
from ui.launcher import main as practice_room
from ui.shell.startup import (
    EXIT_DATA_FOLDER,
    LockNotWrittenError,
    acquire_instance_lock,
    build_main_window,
    show_space_warnings,
)

Shown = list[tuple[str, str, str]]  # (kind, title, text)


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Shown:
    """QMessageBox's static dialogs, recorded instead of shown (a modal box would wait forever)."""
    shown: Shown = []
    for kind in ("critical", "warning", "information"):

        def record(_parent: object, title: str, text: str, *_rest: object, kind: str = kind) -> object:
            shown.append((kind, title, text))
            return QMessageBox.StandardButton.Ok

        monkeypatch.setattr(QMessageBox, kind, record)
    return shown


@pytest.fixture(autouse=True)
def own_logging() -> Iterator[None]:
    """The entry point sets up file logging; close it again so the tmpfs can be unmounted."""
    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)
        handler.close()


def home_with_data(parent: Path, template_db: Path) -> DataPaths:
    paths = DataPaths(parent / "home").ensure()
    shutil.copy(template_db, paths.database)
    return paths


def assert_plain(shown: Shown, stderr: str) -> None:
    for _kind, title, text in shown:
        assert "already" not in title.lower() and "already running" not in text
        assert "Traceback" not in text and "Errno" not in text and "Error" not in text
    assert "Traceback" not in stderr


def test_full_disk_gives_the_full_disk_dialog_not_already_open(
    tmp_path: Path, template_db: Path, dialogs: Shown, capfd: pytest.CaptureFixture[str]
) -> None:
    with tmpfs(tmp_path / "disk") as disk:
        paths = home_with_data(disk, template_db)
        fill_to_brim(disk)
        code = practice_room(["--home", str(paths.home)])
        assert not paths.lock_file.exists()
    assert code == EXIT_DATA_FOLDER
    [(kind, title, text)] = dialogs
    assert kind == "critical" and title == "The disk is full"
    assert text.startswith("The disk holding your practice data is full") and str(paths.home) in text
    assert_plain(dialogs, capfd.readouterr().err)


def test_read_only_disk_gives_a_plain_dialog_and_no_traceback(
    tmp_path: Path, template_db: Path, dialogs: Shown, capfd: pytest.CaptureFixture[str]
) -> None:
    with tmpfs(tmp_path / "disk") as disk:
        paths = home_with_data(disk, template_db)
        remount_read_only(disk)  # the log file can't be opened either: that was the traceback
        code = practice_room(["--home", str(paths.home)])
    assert code == EXIT_DATA_FOLDER
    [(kind, title, text)] = dialogs
    assert kind == "critical" and title == "Practice Room can't save on this disk"
    assert "can only be read, not written (read-only)" in text
    assert_plain(dialogs, capfd.readouterr().err)


def test_read_only_database_file_is_said_at_start_not_at_the_first_save(
    tmp_path: Path, template_db: Path, dialogs: Shown, capfd: pytest.CaptureFixture[str]
) -> None:
    paths = home_with_data(tmp_path, template_db)
    with read_only_file(paths.database):
        code = practice_room(["--home", str(paths.home)])
    assert code == EXIT_DATA_FOLDER
    [(kind, title, text)] = dialogs
    assert kind == "critical" and title == "Your practice data can't be saved"
    assert "can be read but not changed (read-only)" in text and str(paths.database) in text
    assert_plain(dialogs, capfd.readouterr().err)


def test_lock_that_cannot_be_written_is_not_another_instance(tmp_path: Path, qapp: QApplication) -> None:
    with tmpfs(tmp_path / "full") as disk:
        full = DataPaths(disk / "home").ensure()
        fill_to_brim(disk)
        with pytest.raises(LockNotWrittenError):
            acquire_instance_lock(full)
    with tmpfs(tmp_path / "ro") as disk:
        read_only = DataPaths(disk / "home").ensure()
        remount_read_only(disk)
        with pytest.raises(LockNotWrittenError):
            acquire_instance_lock(read_only)


def test_little_room_is_told_beside_the_window_without_stopping_it(
    qtbot: QtBot, tmp_path: Path, template_db: Path
) -> None:
    with tmpfs(tmp_path / "disk", size="50m") as disk:
        paths = home_with_data(disk, template_db)
        check = check_data_folder(paths, paths.database)
        settings = SettingsFile(paths.settings_file)
        window = build_main_window(paths, settings)
        qtbot.addWidget(window)
        window.show()
        box = show_space_warnings(window, check)
        assert box is not None and box.isVisible() and box.objectName() == "dataFolderWarning"
        assert re.match(r"Only [45]\d\.\d MB is free", box.text())  # 50 MiB less the database
        assert window.isVisible()
        box.close()
        window.close()
        settings.flush()


def test_disk_going_read_only_before_storage_opens_is_said_plainly(
    qtbot: QtBot, tmp_path: Path, template_db: Path, dialogs: Shown
) -> None:
    with tmpfs(tmp_path / "disk") as disk:
        paths = home_with_data(disk, template_db)
        settings = SettingsFile(paths.settings_file)
        window = build_main_window(paths, settings)  # past the start-up check, as in a race
        qtbot.addWidget(window)
        window.show()
        remount_read_only(disk)
        window.start()
        qtbot.waitUntil(lambda: bool(dialogs), timeout=15000)
        window.ctx.tasks.shutdown(wait=True)
        settings.flush()
    [(kind, title, text)] = dialogs
    assert kind == "critical" and title == "Practice Room can't save on this disk"
    assert "(read-only)" in text and window.store is None
    assert_plain(dialogs, "")


# Runs as the unprivileged user "nobody": root may write anywhere, so "not allowed" needs another user.
AS_NOBODY = """
import sys
from PySide6.QtWidgets import QApplication, QMessageBox
app = QApplication([])
QMessageBox.critical = lambda _parent, title, text, *rest: print("DIALOG", title, "|", text.splitlines()[0])
QMessageBox.warning = lambda _parent, title, text, *rest: print("DIALOG", title, "|", text.splitlines()[0])
from ui.launcher import main
print("EXIT", main(["--home", sys.argv[1]]))
"""


def test_folder_the_user_may_not_write_gets_a_dialog_not_just_stderr() -> None:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run the app as another user")
    parent = Path(tempfile.mkdtemp(prefix="practice-room-perm-"))  # outside root's private tmp_path
    try:
        parent.chmod(0o755)
        home = DataPaths(parent / "home").ensure()  # root's, 0700: nobody may not write here
        repo = Path(__file__).resolve().parents[3]
        run = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c", AS_NOBODY]
            + [str(home.home)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=repo,
            env={
                "QT_QPA_PLATFORM": "offscreen",
                "PYTHONPATH": str(repo),
                "PATH": "/usr/bin:/bin",
                "HOME": "/",
            },
        )
    finally:
        shutil.rmtree(parent, ignore_errors=True)
    started = "EXIT" in run.stdout or "DIALOG" in run.stdout
    if not started and ("ModuleNotFoundError" in run.stderr or "Permission denied" in run.stderr):
        pytest.skip(f"this Python can't run as another user here: {run.stderr[-200:]}")
    assert (
        "DIALOG Practice Room may not save in its data folder | Your user account is not allowed"
        in run.stdout
    )
    assert "EXIT 2" in run.stdout and "already" not in run.stdout
    assert "Traceback" not in run.stderr
