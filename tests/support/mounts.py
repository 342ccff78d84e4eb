"""Real small filesystems for disk tests: a tmpfs filled to the brim, a read-only mount, a file
bind-mounted read-only. Root bypasses file permissions, so "can't write" must come from the mount.

Without root (a developer's machine) the tests skip with the reason; CI runs as root."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True, text=True, timeout=30)


def require_mounting() -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs (disk full / read-only are real mounts)")


@contextmanager
def tmpfs(where: Path, size: str = "2m") -> Iterator[Path]:
    """A private tmpfs of `size` at `where`, unmounted afterwards even if the test failed."""
    require_mounting()
    where.mkdir(parents=True, exist_ok=True)
    try:
        _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where))
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot mount a tmpfs here ({exc})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False, capture_output=True, timeout=30)


def fill_to_brim(folder: Path) -> None:
    """Write until the disk says no space is left, then squeeze in the last partial blocks."""
    chunk = b"\0" * 65536
    with (folder / "filler.bin").open("wb", buffering=0) as fh:
        for size in (65536, 4096, 1):
            try:
                while True:
                    fh.write(chunk[:size])
            except OSError:
                continue
    assert os.statvfs(folder).f_bavail == 0


def remount_read_only(where: Path) -> None:
    _run("mount", "-o", "remount,ro", str(where))


@contextmanager
def read_only_file(path: Path) -> Iterator[Path]:
    """`path` itself becomes read-only (a bind mount over the file); its folder stays writable."""
    require_mounting()
    try:
        _run("mount", "--bind", str(path), str(path))
        _run("mount", "-o", "remount,bind,ro", str(path))
    except (OSError, subprocess.CalledProcessError) as exc:
        subprocess.run(["umount", str(path)], check=False, capture_output=True, timeout=30)
        pytest.skip(f"cannot bind-mount a file read-only here ({exc})")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False, capture_output=True, timeout=30)
