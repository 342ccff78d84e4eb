"""Clip files in the data folder: named by their content hash, copied in without half-written leftovers.

Starter clips and imported clips share these helpers so both end up as clips/<sha256>.<ext>.
A copy is first written under a hidden staging name in clips/ (same disk, so the final rename is
atomic) and hashed as it streams, which costs one read of files that may be hundreds of MB.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)
CHUNK = 1 << 20
STAGING_PREFIX = ".importing-"
STAGING_SUFFIX = ".part"


class CopyCancelledError(Exception):
    """The user cancelled while the file was being copied; the partial copy is already removed."""


def sha256_file(path: Path) -> str:
    import hashlib  # not at start-up: only imports and installs hash files

    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def clip_file_name(content_hash: str, suffix: str) -> str:
    return f"{content_hash}{suffix.lower()}"


def stage_copy(
    source: Path,
    clips_dir: Path,
    cancelled: Callable[[], bool] = lambda: False,
    copied: Callable[[int], None] | None = None,
) -> tuple[Path, str]:
    """Copy `source` to a staging file in clips_dir while hashing it; returns (staged path, sha256).

    copied(bytes so far) is called after each chunk, for a progress bar.

    On any failure (or cancel) the staging file is removed before the exception propagates.
    """
    # Keeps the real type ending: libvlc picks some demuxers (raw .mp3, .ts) by it.
    suffix = STAGING_SUFFIX + source.suffix.lower()
    fd, name = tempfile.mkstemp(prefix=STAGING_PREFIX, suffix=suffix, dir=clips_dir)
    staged = Path(name)
    import hashlib  # not at start-up: only imports and installs hash files

    digest = hashlib.sha256()
    done = 0
    try:
        with source.open("rb") as src, os.fdopen(fd, "wb") as dst:
            for chunk in iter(lambda: src.read(CHUNK), b""):
                if cancelled():
                    raise CopyCancelledError
                digest.update(chunk)
                dst.write(chunk)
                done += len(chunk)
                if copied is not None:
                    copied(done)
            dst.flush()
            os.fsync(dst.fileno())  # the library row must never point at data still in the page cache
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    return staged, digest.hexdigest()


def place_staged(staged: Path, target: Path) -> bool:
    """Move a staged copy to its hash name; True if we created `target` (False: same content was there)."""
    if target.exists():
        staged.unlink(missing_ok=True)  # identical bytes by construction: keep the one already there
        return False
    staged.replace(target)
    return True


def remove_stale_staging(clips_dir: Path) -> int:
    """Delete staging files left by a crash mid-import (only run before any import can be under way)."""
    removed = 0
    for path in clips_dir.glob(f"{STAGING_PREFIX}*{STAGING_SUFFIX}*"):
        try:
            path.unlink()
            removed += 1
        except OSError:
            log.warning("Could not remove the unfinished import copy %s", path)
    return removed
