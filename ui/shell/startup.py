"""Start the window: one instance per data folder, window first, storage after the first paint."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from app import __version__
from app.clinic.urls import is_clinic_url
from app.paths import DataPaths, database_url
from app.settings import SettingsFile
from app.startup.data_folder import (
    DataFolderCheck,
    FolderProblem,
    ProblemKind,
    check_data_folder,
    sqlite_database_file,
)
from app.startup.storage import after_store_opened, open_store

if TYPE_CHECKING:
    from PySide6.QtCore import QLockFile
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)

# Called with the application and the window just before the event loop starts; what it returns
# is kept alive until the loop ends. For diagnostics and benchmarks (benchmarks/launch_app.py).
WindowWatch = Callable[["QApplication", "MainWindow"], object]


def build_main_window(paths: DataPaths, settings: SettingsFile) -> MainWindow:
    """Everything the window needs is passed in here; tests call this directly."""
    from ui.common.tasks import TaskRunner
    from ui.shell.context import UiContext
    from ui.shell.main_window import MainWindow
    from ui.shell.pages import page_factories

    url = database_url(paths, settings.current.configured_database_url)
    ctx = UiContext(
        version=__version__,
        paths=paths,
        database_url=url,
        settings=settings,
        tasks=TaskRunner(),
        open_store=partial(open_store, url, paths),
        after_store_opened=partial(after_store_opened, paths),
    )
    if is_clinic_url(url):  # the clinic's server: no data-folder database, no migrating
        from app.clinic.link import ClinicLink
        from app.clinic.storage import after_clinic_store_opened

        link = ClinicLink.from_url(url, paths.home)
        ctx.clinic, ctx.database_url, ctx.open_store = link, link.url, link.open_store
        ctx.after_store_opened = partial(after_clinic_store_opened, paths)
    return MainWindow(ctx, page_factories(ctx))


def attach_player(window: MainWindow, backend: str) -> None:
    """Created once storage is open: loading libvlc's plugins must not delay the window."""
    from media.playback.playback_qt import create_playback

    try:
        window.attach_playback(create_playback(backend, parent=window))
    except (RuntimeError, ValueError) as exc:  # a forced backend that doesn't work here
        log.warning("Player backend %r unusable (%s); using automatic choice", backend, exc)
        window.attach_playback(create_playback("auto", parent=window))


# Exit codes of a window start that could not go ahead.
EXIT_DATA_FOLDER = 2  # the data folder can't be written (as the command line's code for it)
EXIT_ALREADY_OPEN = 3


class LockNotWrittenError(OSError):
    """The lock file could not be written (disk full, read-only, no permission): not a second copy."""


def acquire_instance_lock(paths: DataPaths) -> QLockFile | None:
    """A QLockFile in the data folder; None if another running Practice Room holds it. Raises
    LockNotWrittenError when the file itself could not be written, which is a disk problem."""
    from PySide6.QtCore import QLockFile

    lock = QLockFile(str(paths.lock_file))
    lock.setStaleLockTime(0)  # a lock left by a crashed process is detected by PID instead
    if lock.tryLock(200):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        return None
    raise LockNotWrittenError(f"Could not write {paths.lock_file} ({lock.error().name})")


def start_qt() -> None:
    """Import PySide6 first and keep its import hook off other libraries (ui/shell/pyside_imports.py).
    Storage (SQLAlchemy) and the recorder (numpy, PortAudio) are imported later, on the worker
    thread, while the window is already on screen."""
    import PySide6.QtWidgets  # noqa: F401  (imported for its side effect: the hook to limit)

    from ui.shell.pyside_imports import scan_own_modules_only

    scan_own_modules_only()


def refuse_to_start(problem: FolderProblem) -> int:
    """Say in a dialog why the window can't start: a desktop launch never shows stderr."""
    from PySide6.QtWidgets import QMessageBox

    log.warning("Not starting: %s", problem.kind.value)
    QMessageBox.critical(None, problem.title, problem.message)
    print(problem.message, file=sys.stderr)  # for whoever started it from a terminal
    return EXIT_DATA_FOLDER


def lock_not_written(paths: DataPaths) -> FolderProblem:
    return FolderProblem(
        ProblemKind.UNWRITABLE,
        "the lock file could not be written in the data folder",
        "Practice Room can't save in its data folder",
        "Practice Room could not write a small file it needs in the practice data folder, so it "
        "would not be able to keep your work either. Check that the disk is connected, has free "
        f"space and can be written to, then open Practice Room again.\n\nData folder: {paths.home}",
        True,
    )


def show_space_warnings(window: MainWindow, folder: DataFolderCheck) -> QMessageBox | None:
    """Little free space: told once, beside the window, without stopping the start."""
    if not folder.warnings:
        return None
    from PySide6.QtWidgets import QMessageBox

    first = folder.warnings[0]
    box = QMessageBox(QMessageBox.Icon.Warning, first.title, first.message, parent=window)
    box.setObjectName("dataFolderWarning")
    box.open()
    return box


def run_gui(paths: DataPaths, watch: WindowWatch | None = None) -> int:
    start_qt()
    from PySide6.QtWidgets import QApplication

    from ui.shell.error_dialog import ExceptionDialogHook
    from ui.shell.first_idle import run_after_first_paint

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Practice Room")
    app.setApplicationVersion(__version__)
    settings = SettingsFile(paths.settings_file)
    # Before the lock and the window: a disk that can't be written must not pass for a second copy.
    folder = check_data_folder(
        paths, sqlite_database_file(database_url(paths, settings.current.configured_database_url))
    )
    if folder.blocking is not None:
        return refuse_to_start(folder.blocking)
    try:
        lock = acquire_instance_lock(paths)
    except LockNotWrittenError:
        log.warning("Could not write the instance lock in %s", paths.home, exc_info=True)
        again = check_data_folder(paths).blocking  # the disk may have filled since the check
        return refuse_to_start(again or lock_not_written(paths))
    if lock is None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(
            None,
            "Practice Room is already open",
            "Practice Room is already running for this data folder. Switch to that window; "
            "two copies at once could overwrite each other's work.\n\n"
            f"Data folder: {paths.home}",
        )
        print(f"Practice Room is already running for {paths.home}.", file=sys.stderr)
        return EXIT_ALREADY_OPEN
    ExceptionDialogHook(paths.log_file).install()
    window = build_main_window(paths, settings)
    window.show()
    kept_note = show_space_warnings(window, folder)
    run_after_first_paint(window.body, window.start)  # storage opens once the window is up

    def attach_player_once(_store: object) -> None:
        # After storage, not beside it: both load big libraries and together slow each other.
        # store_ready comes again after a backup is restored; the player is kept.
        if window.playback is None:
            attach_player(window, settings.current.player_backend)

    window.store_ready.connect(attach_player_once)
    kept = watch(app, window) if watch is not None else None
    code = app.exec()
    del kept, kept_note
    settings.flush()
    lock.unlock()
    return int(code)
