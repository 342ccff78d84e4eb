"""Logging to a file inside the data folder (never to anywhere else), rotated at start-up.

The file is rotated when the app starts rather than while it runs: a session writes far less
than the limit, and `logging.handlers` (which pulls in socket and pickle) is not worth ~10 ms of
every start (benchmarks/RESULTS.md)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from app.private_files import create_private, make_private

MAX_BYTES = 1_000_000
KEEP = 3  # practice-room.log.1 ... .3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def rotate_if_large(log_file: Path, max_bytes: int = MAX_BYTES, keep: int = KEEP) -> bool:
    """log -> log.1 -> log.2 ...; the oldest is dropped. False if the file was small or absent."""
    try:
        if log_file.stat().st_size < max_bytes:
            return False
    except OSError:
        return False
    for n in range(keep - 1, 0, -1):
        older = log_file.with_name(f"{log_file.name}.{n}")
        if older.exists():
            os.replace(older, log_file.with_name(f"{log_file.name}.{n + 1}"))
    os.replace(log_file, log_file.with_name(f"{log_file.name}.1"))
    return True


def _make_log_private(log_file: Path) -> None:
    """The log names exercises and files: create it 0600 before the handler appends to it."""
    try:
        create_private(log_file, append=True).close()
    except OSError:  # the handler reports its own error when it opens the file
        return
    for n in range(1, KEEP + 1):  # logs rotated by a version that left them 0644
        make_private(log_file.with_name(f"{log_file.name}.{n}"))


class _DataFolderLog(logging.FileHandler):
    """Marks the handler this module installed, so a second setup replaces it."""

    # A disk that fills up (or goes read-only) while running: lose log lines, never raise or print
    # a traceback per line. The window tells the user about the disk itself.
    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        pass

    def flush(self) -> None:
        try:
            super().flush()
        except OSError:
            pass

    def close(self) -> None:
        try:
            super().close()
        except OSError:
            pass


def setup_logging(log_file: Path, level: int = logging.INFO) -> None:
    log_file.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _DataFolderLog)]:
        root.removeHandler(old)
        old.close()
    try:
        rotate_if_large(log_file)
    except OSError:  # a read-only old log must not stop the app; keep appending
        pass
    _make_log_private(log_file)
    handler = _DataFolderLog(log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
