"""The `practice-room` entry point: the command line from app, with Qt loaded only for the window."""

from __future__ import annotations

import sys

from app.cli.main import main as cli_main
from app.paths import DataPaths


def run_window(paths: DataPaths) -> int:
    from ui.shell.startup import run_gui  # PySide6 is imported only here

    return run_gui(paths)


def main(argv: list[str] | None = None) -> int:
    return cli_main(argv, run_window=run_window)


if __name__ == "__main__":
    sys.exit(main())
