"""A zip reader that assumes the file is hostile: names, links, counts and sizes are all capped.

Header sizes are only used to refuse early; every read counts the bytes that really come out, so a
lying header cannot smuggle a bigger member past the caps.
"""

from __future__ import annotations

import hashlib
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from app.bundles.errors import BundleCancelled, BundleError
from app.file_sizes import format_size
from app.private_files import create_private

CHUNK = 1 << 20

# What Python's zip module raises on a damaged archive (besides OSError for the file itself).
DAMAGED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    ValueError,
    struct.error,
    NotImplementedError,
    UnicodeDecodeError,
    KeyError,
    IndexError,
    OverflowError,
)
DAMAGED_MESSAGE = "This bundle is damaged (perhaps it was only partly copied or downloaded)."


@dataclass(frozen=True)
class Limits:
    max_members: int = 5000
    max_member_bytes: int = 1 << 30  # one recording or clip; a long video clip fits
    max_total_bytes: int = 8 << 30
    max_ratio: int = 100  # uncompressed / compressed, for members big enough to matter
    ratio_floor_bytes: int = 1 << 20  # small members (the manifest) may compress very well


DEFAULT_LIMITS = Limits()
_DRIVE = re.compile(r"^[A-Za-z]:")


def check_name(name: str) -> None:
    """Refuse member names that could land outside the folder we extract into."""
    if not name or "\x00" in name or "\\" in name:
        raise BundleError("This bundle contains a file with an unsafe name and was not opened.")
    if name.startswith("/") or _DRIVE.match(name):
        raise BundleError(
            f"This bundle tries to write to an absolute location ({name[:80]}); it was refused."
        )
    parts = name.rstrip("/").split("/")
    if any(part in ("..", ".", "") for part in parts):
        raise BundleError(f"This bundle tries to write outside its folder ({name[:80]}); it was refused.")


def is_symlink(info: zipfile.ZipInfo) -> bool:
    # Checked whatever system the archive claims to come from: we never want a link, full stop.
    return stat.S_ISLNK(info.external_attr >> 16)


class SafeZip:
    """Open with `with SafeZip(path) as z:`; every check on the member list happens on open."""

    def __init__(
        self,
        path: Path,
        limits: Limits = DEFAULT_LIMITS,
        cancel: Callable[[], bool] | None = None,
    ) -> None:
        self.limits, self._cancel, self._read_total = limits, cancel, 0
        try:
            self._zip = zipfile.ZipFile(path)
        except OSError as exc:
            raise BundleError(f"The bundle file could not be read ({exc.strerror or 'unreadable'}).") from exc
        except zipfile.BadZipFile as exc:
            raise BundleError("This file is not a Practice Room bundle (it is not a zip archive).") from exc
        except DAMAGED as exc:
            raise BundleError(DAMAGED_MESSAGE) from exc
        try:
            self.members = self._check_members()
        except BaseException:
            self._zip.close()
            raise

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._zip.close()

    def _check_members(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        lim = self.limits
        if len(infos) > lim.max_members:
            raise BundleError(f"This bundle holds more than {lim.max_members} files; it was refused.")
        members: dict[str, zipfile.ZipInfo] = {}
        seen_folded: set[str] = set()
        declared = 0
        for info in infos:
            check_name(info.filename)
            if is_symlink(info):
                raise BundleError("This bundle contains a link to another file; it was refused.")
            folded = info.filename.casefold()
            if folded in seen_folded:  # also case-only twins, which collide on Windows and macOS
                raise BundleError(f"This bundle lists the file {info.filename[:80]} twice; it was refused.")
            seen_folded.add(folded)
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                raise BundleError(
                    "This bundle is protected with a password, which Practice Room does not use."
                )
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise BundleError("This bundle was packed in a way Practice Room does not read.")
            if info.file_size > lim.max_member_bytes:
                raise BundleError(self._too_big(info.filename, lim.max_member_bytes))
            self._check_ratio(info.filename, info.file_size, info.compress_size)
            declared += info.file_size
            if declared > lim.max_total_bytes:
                raise BundleError(self._too_big_total())
            members[info.filename] = info
        return members

    @staticmethod
    def _too_big(name: str, cap: int) -> str:
        limit = format_size(cap)
        return f"A file in this bundle ({name[:80]}) is larger than {limit}; the bundle was refused."

    def _too_big_total(self) -> str:
        return f"This bundle unpacks to more than {format_size(self.limits.max_total_bytes)}; it was refused."

    def _check_ratio(self, name: str, size: int, compressed: int) -> None:
        if size > self.limits.ratio_floor_bytes and size > self.limits.max_ratio * max(compressed, 1):
            raise BundleError(
                f"A file in this bundle ({name[:80]}) is compressed suspiciously well "
                "(a \u201czip bomb\u201d); the bundle was refused."
            )

    def read(self, name: str, max_bytes: int) -> bytes:
        """A whole (small) member in memory, counted as it is read."""
        parts: list[bytes] = []
        self._stream(name, parts.append, max_bytes)
        return b"".join(parts)

    def extract(
        self, name: str, target: Path, on_bytes: Callable[[int], None] | None = None
    ) -> tuple[int, str]:
        """Copy a member to `target` in chunks; returns (bytes, sha256 hex)."""
        digest = hashlib.sha256()
        try:
            out = create_private(target, exclusive=True)  # a recording of someone's voice
        except OSError as exc:
            raise BundleError(
                f"Could not write into the data folder ({exc.strerror or 'write error'})."
            ) from exc
        with out:

            def write(chunk: bytes) -> None:
                digest.update(chunk)
                out.write(chunk)
                if on_bytes is not None:
                    on_bytes(len(chunk))

            size = self._stream(name, write, self.limits.max_member_bytes)
        return size, digest.hexdigest()

    def _stream(self, name: str, sink: Callable[[bytes], None], max_bytes: int) -> int:
        info = self.members.get(name)
        if info is None:
            raise BundleError(f"This bundle is incomplete: {name[:80]} is missing.")
        count = 0
        try:
            with self._zip.open(info) as member:
                while chunk := member.read(CHUNK):
                    if self._cancel is not None and self._cancel():
                        raise BundleCancelled("Import cancelled; nothing was changed.")
                    count += len(chunk)
                    self._read_total += len(chunk)
                    if count > max_bytes:
                        raise BundleError(self._too_big(name, max_bytes))
                    if self._read_total > self.limits.max_total_bytes:
                        raise BundleError(self._too_big_total())
                    self._check_ratio(name, count, info.compress_size)
                    try:
                        sink(chunk)
                    except OSError as exc:
                        raise BundleError(
                            f"Could not write into the data folder ({exc.strerror or 'write error'})."
                        ) from exc
        except BundleError:
            raise
        except OSError as exc:
            raise BundleError(f"The bundle could not be read ({exc.strerror or 'read error'}).") from exc
        except DAMAGED as exc:
            raise BundleError(DAMAGED_MESSAGE) from exc
        return count
