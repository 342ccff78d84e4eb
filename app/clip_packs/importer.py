"""Open a clip pack on another computer: the bundles' safety, then the normal clip checks.

Order: the hostile-zip reader (app/bundles/safe_zip.py) checks names, links, counts and sizes ->
the manifest is parsed and validated (schema, version, consistency) -> every clip file is
extracted into a staging folder (app/bundles/staging.py) and must match its fingerprint -> each
clip not yet in the library passes the normal clip checks (ClipImporter.stage: a copy in clips/
that libvlc must play) -> the new files are renamed to clips/<sha256>.<ext> -> ONE transaction
adds the rows; if it fails, the files placed here are removed again. A refusal at any step leaves
the database and the data folder as they were. Clips are identified by their content hash, so
opening the same pack again adds nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from app.bundles.checks import check_clip_media
from app.bundles.errors import BundleError
from app.bundles.safe_zip import DEFAULT_LIMITS, Limits, SafeZip
from app.bundles.staging import Staging
from app.clip_packs import manifest
from app.clip_packs.errors import ClipPackCancelled, ClipPackError, as_pack_error
from app.clip_packs.file_format import MANIFEST_NAME, MAX_MANIFEST_BYTES, SOURCE
from app.clips.files import clip_file_name, place_staged
from app.clips.records import StagedClip
from app.paths import DataPaths
from practice_db.errors import StorageError
from practice_db.records import ClipRecord, NewClip

if TYPE_CHECKING:
    from app.clips.importer import ClipImporter
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
CANCELLED = "Import cancelled; nothing was changed."


@dataclass(frozen=True)
class PackExercise:
    """One exercise in a pack, as the import dialog lists it before anything is changed."""

    title: str
    presentation: str
    level: int
    has_file: bool
    already_as: str | None  # the library title of the same clip on this computer, if there is one


@dataclass(frozen=True)
class PackPreview:
    path: Path
    exercises: tuple[PackExercise, ...]
    size: int  # bytes of clip files in the pack


@dataclass(frozen=True)
class PackImportSummary:
    path: Path
    added: tuple[str, ...]  # titles added to the library
    already: tuple[tuple[str, str], ...]  # (title in the pack, title in this library)

    @property
    def changed(self) -> bool:
        return bool(self.added)

    def message(self) -> str:
        n = len(self.added)
        text = (
            f"Added {n} exercise{'s' if n != 1 else ''} from {self.path.name}."
            if n
            else f"Nothing new in {self.path.name}: your library already has every exercise in it."
        )
        if self.already and n:
            listed = ", ".join(f"«{theirs}»" for _, theirs in self.already[:5])
            more = f" and {len(self.already) - 5} more" if len(self.already) > 5 else ""
            text += f" Already in your library, so left as they are: {listed}{more}."
        return text


def _read(z: SafeZip) -> dict[str, Any]:
    data = manifest.parse(z.read(MANIFEST_NAME, MAX_MANIFEST_BYTES))
    for entry in data["exercises"]:
        if entry["media"] is not None and entry["media"] not in z.members:
            raise ClipPackError(f"This clip pack is incomplete: {entry['media']} is missing.")
    return data


def inspect_pack(store: PracticeStore, pack: Path, limits: Limits = DEFAULT_LIMITS) -> PackPreview:
    """What the pack holds and which of it this library already has; reads only."""
    try:
        with SafeZip(pack, limits) as z:
            data = _read(z)
            size = sum(z.members[e["media"]].file_size for e in data["exercises"] if e["media"])
    except BundleError as exc:
        raise as_pack_error(exc) from exc
    exercises = []
    for e in data["exercises"]:
        same = store.clips.by_hash(e["content_hash"])
        exercises.append(
            PackExercise(
                e["title"], e["presentation"], e["level"], bool(e["media"]), same.title if same else None
            )
        )
    return PackPreview(pack, tuple(exercises), size)


def import_pack(
    store: PracticeStore,
    paths: DataPaths,
    pack: Path,
    importer: ClipImporter,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> PackImportSummary:
    """All or nothing; raises ClipPackError (a plain sentence) or ClipPackCancelled."""
    try:
        return _import(store, paths, pack, importer, progress, cancel, limits)
    except BundleError as exc:
        raise as_pack_error(exc) from exc


def _import(
    store: PracticeStore,
    paths: DataPaths,
    pack: Path,
    importer: ClipImporter,
    progress: Progress | None,
    cancel: Cancel | None,
    limits: Limits,
) -> PackImportSummary:
    stopped = cancel or (lambda: False)
    with SafeZip(pack, limits, cancel) as z:
        data = _read(z)
        exercises = data["exercises"]
        with_file = [e for e in exercises if e["media"]]
        total, done = sum(z.members[e["media"]].file_size for e in with_file), 0

        def tick(count: int) -> None:
            nonlocal done
            done += count
            if progress is not None:
                progress(min(done, total), total)

        staged: dict[str, StagedClip] = {}  # content hash -> checked copy waiting in clips/
        placed: list[Path] = []
        try:
            with Staging(paths) as stage:
                for i, entry in enumerate(with_file):
                    suffix = Path(entry["media"]).suffix
                    extracted = stage.file(
                        f"clip-{i}{suffix}"
                    )  # the type ending: libvlc and the checks use it
                    _, digest = z.extract(entry["media"], extracted, tick)
                    check_clip_media(entry["content_hash"], digest, entry["title"])
                    if store.clips.by_hash(digest) is None:
                        staged[digest] = _checked(importer, extracted, entry["title"], stopped)
                    extracted.unlink()
            if stopped():
                raise ClipPackCancelled(CANCELLED)
            rows: list[tuple[str, NewClip]] = []
            for entry in exercises:
                media_path = ""
                clip = staged.get(entry["content_hash"])
                if entry["media"]:
                    media_path = f"clips/{clip_file_name(entry['content_hash'], Path(entry['media']).suffix)}"
                if clip is not None:
                    target = paths.home / media_path
                    if place_staged(clip.staged_path, target):
                        placed.append(target)
                new = manifest.new_clip(entry, media_path, SOURCE)
                if clip is not None and clip.info.duration_ms is not None:
                    new = replace(new, duration_ms=clip.info.duration_ms)  # measured here, not taken on trust
                rows.append((entry["uuid"], new))
            added, present = _save(store, rows)
        except BaseException:
            for target in placed:  # only files this import created: nothing half-imported
                target.unlink(missing_ok=True)
            raise
        finally:
            for clip in staged.values():
                importer.discard(clip)
    if progress is not None:
        progress(total, total)
    by_hash = {e["content_hash"]: e["title"] for e in exercises}
    return PackImportSummary(
        pack,
        tuple(c.title for c in added),
        tuple((by_hash.get(c.content_hash, c.title), c.title) for c in present),
    )


def _checked(importer: ClipImporter, extracted: Path, title: str, stopped: Cancel) -> StagedClip:
    """The normal clip checks (app/clips/importer.py), on the file exactly as it came out of the pack."""
    result = importer.stage(extracted, stopped)
    if isinstance(result, StagedClip):
        return result
    if result.status == "cancelled":
        raise ClipPackCancelled(CANCELLED)
    raise ClipPackError(
        f"The clip of the exercise {title[:80]!r} in this clip pack cannot be used: {result.message} "
        "Nothing was imported."
    )


def _save(store: PracticeStore, rows: list[tuple[str, NewClip]]) -> tuple[list[ClipRecord], list[ClipRecord]]:
    try:
        return store.clips.add_shared(rows)
    except StorageError as exc:  # a plain sentence by contract
        raise ClipPackError(f"The clip pack was not imported: {exc}") from exc
    except SQLAlchemyError as exc:
        log.exception("clip pack import failed in the database")
        raise ClipPackError(
            "The clip pack could not be saved into the database; nothing was changed."
        ) from exc
