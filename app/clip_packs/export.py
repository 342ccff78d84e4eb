"""Write a clip pack: the chosen exercises' words and guidance in a manifest, their clip files beside it.

Written as a hidden temporary file in the destination folder, fsynced, then renamed into place
(and the folder fsynced), so a cancelled, failed or interrupted export never leaves a half-written
pack under the chosen name. Each clip file is hashed as it is copied: a file that no longer
matches its fingerprint would be refused on the other computer, so it is refused here first.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.bundles.safe_zip import CHUNK
from app.clip_packs.errors import ClipPackCancelled, ClipPackError
from app.clip_packs.file_format import MANIFEST_NAME
from app.clip_packs.manifest import check_outgoing, exercise_entry, header
from app.paths import DataPaths
from practice_db.errors import StorageError
from practice_db.records import ClipRecord
from practice_db.timeutil import utcnow

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
_SUFFIX = re.compile(r"\.[a-z0-9]{1,5}")


@dataclass(frozen=True)
class PackPlan:
    manifest: dict[str, Any]
    files: tuple[tuple[str, Path, str], ...]  # (member name, source file, expected sha256)
    without_file: tuple[str, ...]  # titles whose clip file is not on this computer (words only)

    def size(self) -> int:
        try:
            return sum(src.stat().st_size for _, src, _ in self.files)
        except OSError as exc:
            raise ClipPackError(f"A clip file could not be read ({exc.strerror or 'unreadable'}).") from exc


@dataclass(frozen=True)
class PackExportSummary:
    path: Path
    size: int
    exercises: int
    without_file: tuple[str, ...]


def human_size(size: int) -> str:
    """KB below 1 MB, so a small pack never reads as "0.0 MB"."""
    return f"{max(1, round(size / 1e3))} KB" if size < 1_000_000 else f"{size / 1e6:.1f} MB"


def chosen_clips(store: PracticeStore, clip_ids: Sequence[int]) -> list[ClipRecord]:
    if not clip_ids:
        raise ClipPackError("Choose at least one exercise to put in the clip pack.")
    try:
        clips = [store.clips.get(i) for i in dict.fromkeys(clip_ids)]
    except StorageError as exc:
        raise ClipPackError(str(exc)) from exc
    if any(c.assessment_only for c in clips):  # an FIS set's clips stay out of practice material
        raise ClipPackError("Assessment clips can't go in a clip pack: they are kept for assessments.")
    return clips


def plan_pack(clips: Sequence[ClipRecord], paths: DataPaths) -> PackPlan:
    entries, files, without = [], [], []
    for clip in clips:
        source = paths.home / clip.media_path if clip.media_path else None
        suffix = source.suffix.lower() if source is not None else ""
        member: str | None = None
        if source is not None and source.is_file() and _SUFFIX.fullmatch(suffix):
            member = f"clips/{clip.content_hash}{suffix}"
            files.append((member, source, clip.content_hash))
        else:
            without.append(clip.title)
        entries.append(exercise_entry(clip, member))
    manifest = header(entries)
    check_outgoing(manifest)
    return PackPlan(manifest, tuple(files), tuple(without))


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=utcnow().timetuple()[:6])
    info.external_attr = 0o644 << 16  # a plain file (never a link)
    return info


def write_pack(
    plan: PackPlan, destination: Path, progress: Progress | None = None, cancel: Cancel | None = None
) -> PackExportSummary:
    manifest = json.dumps(plan.manifest, ensure_ascii=False, indent=1).encode("utf-8")
    total, done = plan.size() + len(manifest), 0
    try:
        fd, name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".part", dir=destination.parent)
    except OSError as exc:
        raise ClipPackError(f"The clip pack could not be written ({exc.strerror or 'write error'}).") from exc
    part = Path(name)
    try:
        with os.fdopen(fd, "wb") as raw:
            with zipfile.ZipFile(raw, "w") as zf:
                info = _member(MANIFEST_NAME)
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, manifest)
                done += len(manifest)
                for member, source, expected in plan.files:
                    digest = hashlib.sha256()
                    big = source.stat().st_size >= 1 << 31
                    # stored as they are: audio and video hardly compress
                    with source.open("rb") as fh, zf.open(_member(member), "w", force_zip64=big) as out:
                        while chunk := fh.read(CHUNK):
                            if cancel is not None and cancel():
                                raise ClipPackCancelled("Export cancelled; no clip pack was written.")
                            digest.update(chunk)
                            out.write(chunk)
                            done += len(chunk)
                            if progress is not None:
                                progress(min(done, total), total)
                    if digest.hexdigest() != expected:
                        raise ClipPackError(
                            f"The clip file {source.name} has changed since it was added to the library, "
                            "so the pack was not written."
                        )
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(part, destination)
        _sync_folder(destination.parent)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise ClipPackError(f"The clip pack could not be written ({exc.strerror or 'write error'}).") from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    if progress is not None:
        progress(total, total)
    return PackExportSummary(
        destination, destination.stat().st_size, len(plan.manifest["exercises"]), plan.without_file
    )


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (not possible on every system: then the file is still whole)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def export_pack(
    store: PracticeStore,
    paths: DataPaths,
    clip_ids: Sequence[int],
    destination: Path,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> PackExportSummary:
    return write_pack(plan_pack(chosen_clips(store, clip_ids), paths), destination, progress, cancel)
