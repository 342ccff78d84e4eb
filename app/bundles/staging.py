"""A private staging folder inside the data folder: files wait here until the database commits.

Being on the same filesystem as recordings/ and clips/, moving a file into place is a rename.
The folder is always removed, so a refused or failed import leaves the data folder as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType

from app.bundles.errors import BundleError
from app.paths import DataPaths

PREFIX = ".bundle-import-"


class Staging:
    def __init__(self, paths: DataPaths) -> None:
        self.paths = paths
        try:
            self.folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=paths.home))
        except OSError as exc:
            raise BundleError(
                f"Could not write into the data folder ({exc.strerror or 'write error'})."
            ) from exc

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def file(self, name: str) -> Path:
        return self.folder / name

    def free_name(self, folder: str, stem: str, suffix: str, reserved: set[str]) -> str:
        """A data-folder-relative path under `folder` that no file (or earlier choice) uses yet."""
        candidate, n = f"{folder}/{stem}{suffix}", 1
        while candidate in reserved or (self.paths.home / candidate).exists():
            n += 1
            candidate = f"{folder}/{stem}-{n}{suffix}"
        reserved.add(candidate)
        return candidate

    def place(self, moves: list[tuple[Path, str]]) -> list[str]:
        """Move staged files to their relative targets; returns the targets that failed."""
        failed = []
        for staged, relative in moves:
            target = self.paths.home / relative
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                if not target.exists():
                    os.replace(staged, target)
            except OSError:
                failed.append(relative)
        return failed
