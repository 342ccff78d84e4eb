"""Start the desktop app: one instance per data folder, window first, storage after first paint."""

from __future__ import annotations

import gc
import logging
import sys
from functools import partial

from app import __version__
from app.paths import DataPaths, database_url
from app.settings import SettingsFile

log = logging.getLogger(__name__)


def open_store(url: str, paths: DataPaths):  # type: ignore[no-untyped-def]
    from practice_db.store import PracticeStore

    return PracticeStore.open(url, paths.backups)


def after_store_opened(paths: DataPaths, store) -> str | None:  # type: ignore[no-untyped-def]
    """Start-up work that needs storage; runs on the worker thread, never the GUI thread."""
    from app.clip_files import remove_stale_staging
    from app.starter_library import install_starter_pack
    from app.take_recovery import recover_interrupted_takes

    note = recover_interrupted_takes(store, paths).summary()
    remove_stale_staging(paths.clips)  # copies a crash left mid-import; no import runs yet
    try:
        install_starter_pack(store, paths)
    except (OSError, ValueError, KeyError):  # a damaged install must not stop the app
        log.exception("Could not install the starter exercises")
        note = (note + " " if note else "") + "The starter exercises could not be loaded; see the log."
    return note


def clip_importer(paths: DataPaths) -> object:
    from app.clip_import import ClipImporter

    return ClipImporter(paths)


def bundle_workflow(paths: DataPaths) -> object:
    from app.bundle_port import BundleWorkflow

    return BundleWorkflow(paths)


def progress_log_exporter() -> object:
    from app.progress_log.port import ProgressLogExporter

    return ProgressLogExporter()


def build_main_window(paths: DataPaths, settings: SettingsFile):  # type: ignore[no-untyped-def]
    """Everything the window needs is passed in here; tests call this directly."""
    from app.built_on_first_use import BuiltOnFirstUse
    from ui.context import UiContext
    from ui.main_window import MainWindow
    from ui.pages import page_factories
    from ui.tasks import TaskRunner

    url = database_url(paths, settings.current.database_url)
    ctx = UiContext(
        version=__version__,
        data_folder=paths.home,
        recordings_folder=paths.recordings,
        clips_folder=paths.clips,
        backups_folder=paths.backups,
        log_file=paths.log_file,
        database_url=url,
        settings=settings,
        tasks=TaskRunner(),
        open_store=partial(open_store, url, paths),
        after_store_opened=partial(after_store_opened, paths),
        clip_import=BuiltOnFirstUse(partial(clip_importer, paths)),  # type: ignore[arg-type]
        bundles=BuiltOnFirstUse(partial(bundle_workflow, paths)),  # type: ignore[arg-type]
        progress_export=BuiltOnFirstUse(progress_log_exporter),  # type: ignore[arg-type]
    )
    return MainWindow(ctx, page_factories(ctx))


def attach_player(window, backend: str) -> None:  # type: ignore[no-untyped-def]
    """Created once storage is open: loading libvlc's plugins must not delay the window."""
    from media.playback_qt import create_playback

    try:
        window.attach_playback(create_playback(backend, parent=window))
    except (RuntimeError, ValueError) as exc:  # a forced backend that doesn't work here
        log.warning("Player backend %r unusable (%s); using automatic choice", backend, exc)
        window.attach_playback(create_playback("auto", parent=window))


def acquire_instance_lock(paths: DataPaths):  # type: ignore[no-untyped-def]
    """A QLockFile in the data folder; None if another running Practice Room holds it."""
    from PySide6.QtCore import QLockFile

    lock = QLockFile(str(paths.lock_file))
    lock.setStaleLockTime(0)  # a lock left by a crashed process is detected by PID instead
    return lock if lock.tryLock(200) else None


def start_qt() -> None:
    """Import PySide6 first and keep its import hook off other libraries (app/pyside_imports.py).
    Storage (SQLAlchemy) and the recorder (numpy, PortAudio) are imported later, on the worker
    thread, while the window is already on screen."""
    import PySide6.QtWidgets  # noqa: F401

    from app.pyside_imports import scan_own_modules_only

    scan_own_modules_only()


def run_gui(paths: DataPaths) -> int:
    # Start-up makes many long-lived objects (Qt's enum classes, dataclasses, SQLAlchemy's
    # tables); the cyclic collector walking them meanwhile only slows the start (~25 ms before
    # the window shows). It is back on once storage is open, or after 20 s whatever happens.
    gc.disable()
    try:
        return _run_gui(paths)
    finally:
        gc.enable()


def _run_gui(paths: DataPaths) -> int:
    start_qt()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.error_dialog import ExceptionDialogHook
    from ui.first_idle import run_after_first_paint

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Practice Room")
    app.setApplicationVersion(__version__)
    lock = acquire_instance_lock(paths)
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
        return 3
    ExceptionDialogHook(paths.log_file).install()
    settings = SettingsFile(paths.settings_file)
    window = build_main_window(paths, settings)
    window.show()
    run_after_first_paint(window.centralWidget(), window.start)  # storage opens once the window is up
    window.store_ready.connect(lambda _store: gc.enable())
    QTimer.singleShot(20_000, gc.enable)

    def attach_player_once(_store: object) -> None:
        # After storage, not beside it: both load big libraries and together slow each other.
        # store_ready comes again after a backup is restored; the player is kept.
        if window.playback is None:
            attach_player(window, settings.current.player_backend)

    window.store_ready.connect(attach_player_once)
    from app import bench_hook

    idle_watch = bench_hook.exit_when_idle(app, window) if bench_hook.wanted() else None
    code = app.exec()
    del idle_watch
    settings.flush()
    lock.unlock()
    return int(code)
