"""Start Practice Room as `practice-room --home DIR` does, with the start-up milestones watched
(benchmarks/bench_hook.py): it prints them and quits once the Library is ready."""

from __future__ import annotations

import sys
from typing import Any

from app.cli.main import main as cli_main
from app.paths import DataPaths


def watch(app: Any, window: Any) -> object:
    # Imported once Qt is up, as the app imports its own modules: it must not start PySide6 early.
    from benchmarks.bench_hook import exit_when_idle

    return exit_when_idle(app, window)


def run_watched_window(paths: DataPaths) -> int:
    from ui.shell.startup import run_gui

    return run_gui(paths, watch=watch)


if __name__ == "__main__":
    sys.exit(cli_main(sys.argv[1:], run_window=run_watched_window))
