"""Where a file dialog starts: the folder used last time, if it is still there, or the home folder.

Never the program's own folder (the working directory), which is where Qt starts when given no
folder. Qt-free, so the rule is tested on its own.
"""

from __future__ import annotations

from pathlib import Path


def start_folder(remembered: str | None) -> Path:
    if remembered:
        folder = Path(remembered)
        try:
            if folder.is_absolute() and folder.is_dir():
                return folder
        except OSError:  # an unplugged drive or a folder we may no longer read
            pass
    return Path.home()


def folder_to_remember(chosen: Path) -> str:
    """The folder a chosen file sits in (a chosen folder is remembered as itself)."""
    return str(chosen if chosen.is_dir() else chosen.parent)
