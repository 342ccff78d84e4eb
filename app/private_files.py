"""Files holding a user's recordings or words are theirs alone (0600), however they are written.

Modes are set on each file, never through the process umask: that is process-wide, so it would
also change what libraries and other threads write.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

PRIVATE_FILE = 0o600


def make_private(path: Path) -> None:
    """Set 0600 on an existing file; a missing file or a folder without permissions (FAT) is fine."""
    try:
        os.chmod(path, PRIVATE_FILE)
    except OSError:
        pass


def create_private(path: Path, *, exclusive: bool = False, append: bool = False) -> BinaryIO:
    """Open `path` for writing, created 0600. An existing file (truncated, or appended to) is made
    0600 too, since O_CREAT's mode applies only to a new file."""
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0)
    flags |= os.O_EXCL if exclusive else (os.O_APPEND if append else os.O_TRUNC)
    fd = os.open(path, flags, PRIVATE_FILE)
    try:
        make_private(path)
        return os.fdopen(fd, "ab" if append else "wb")
    except BaseException:
        os.close(fd)
        raise
