"""Start the desktop app: one instance per data folder, window first, storage after first paint."""

from __future__ import annotations

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


def build_main_window(paths: DataPaths, settings: SettingsFile):  # type: ignore[no-untyped-def]
    """Everything the window needs is passed in here; tests call this directly."""
    from app.bundle_port import BundleWorkflow
    from app.clip_import import ClipImporter
    from app.progress_log.port import ProgressLogExporter
    from ui.context import UiContext
    from ui.main_window import MainWindow
    from ui.pages import build_pages
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
        clip_import=ClipImporter(paths),
        bundles=BundleWorkflow(paths),
        progress_export=ProgressLogExporter(),
    )
    return MainWindow(ctx, build_pages(ctx))


def attach_player(window, backend: str) -> None:  # type: ignore[no-untyped-def]
    """Created after the first paint: loading libvlc's plugins must not delay the window."""
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


def import_before_qt() -> None:
    """Import the big Qt-free libraries before PySide6. Once PySide6 is loaded it reads the source of
    every module imported after it (looking for its `__feature__` switches) and keeps it in
    linecache; for SQLAlchemy, numpy and the audio stack that cost ~100 ms and ~20 MB of every start
    (benchmarks/RESULTS.md)."""
    import media.recorder  # noqa: F401  (numpy, sounddevice, soundfile)
    import practice_db.store  # noqa: F401  (SQLAlchemy)


def run_gui(paths: DataPaths) -> int:
    import_before_qt()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.error_dialog import ExceptionDialogHook

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Practice Room")
    app.setApplicationVersion(__version__)
    lock = acquire_instance_lock(paths)
    if lock is None:
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
    QTimer.singleShot(0, window.start)
    QTimer.singleShot(0, lambda: attach_player(window, settings.current.player_backend))
    from app import bench_hook

    idle_watch = bench_hook.exit_when_idle(app, window) if bench_hook.wanted() else None
    code = app.exec()
    del idle_watch
    settings.flush()
    lock.unlock()
    return int(code)
