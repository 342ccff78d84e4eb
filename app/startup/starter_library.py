"""Put the starter exercises that ship with the app into the user's library (idempotent).

Clip files are copied into the data folder under their content hash, so starter clips and
imported clips are stored the same way and survive an app update that changes the pack.

A newer pack reaches an existing library through the stable exercise ids (`starter:<id>`): new
ids are added, and a clip already there gets the pack's texts, content note and, when the file
changed (a new voice), the new file. The clip row keeps its id, so attempts, takes and ratings
stay with the exercise; the replaced file is removed once nothing points at it.
"""

from __future__ import annotations

import json
import logging
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.clips.files import clip_file_name, place_staged, sha256_file, stage_copy
from app.paths import DataPaths
from practice_db.errors import DuplicateError
from practice_db.records import ClipRecord, NewClip

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)
EXTERNAL_PREFIX = "starter:"


def pack_folder() -> Path:
    return Path(str(files("media.starter") / "pack"))


def load_manifest(folder: Path | None = None) -> list[dict[str, Any]]:
    manifest = json.loads(((folder or pack_folder()) / "manifest.json").read_text(encoding="utf-8"))
    clips: list[dict[str, Any]] = manifest["clips"]
    return clips


def content_note(entry: dict[str, Any]) -> str | None:
    """The entry's content note, or None (absent, null or blank all mean: nothing to note)."""
    note = entry.get("content_note")
    return note.strip() if isinstance(note, str) and note.strip() else None


def install_starter_pack(store: PracticeStore, paths: DataPaths, folder: Path | None = None) -> int:
    """Add missing starter clips, refresh the ones already there; returns how many were added."""
    folder = folder or pack_folder()
    added = 0
    for entry in load_manifest(folder):
        external_id = EXTERNAL_PREFIX + entry["id"]
        existing = store.clips.by_external_id(external_id)
        if existing is not None:
            refresh_clip(store, paths, folder, existing, entry)
            continue
        source = folder / entry["file"]
        digest = sha256_file(source)
        if digest != entry["sha256"]:
            log.error("Starter clip %s does not match its manifest; skipped", source)
            continue
        if store.clips.by_hash(digest) is not None:
            continue  # the user already imported this very file
        target = paths.clips / clip_file_name(digest, source.suffix)
        if not target.exists():
            staged, _ = stage_copy(source, paths.clips)
            place_staged(staged, target)
        store.clips.add(
            NewClip(
                title=entry["title"],
                presentation=entry["presentation"],
                difficulty=int(entry["difficulty"]),
                media_path=str(target.relative_to(paths.home)),
                content_hash=digest,
                statement=entry["statement"],
                duration_ms=round(float(entry["duration_s"]) * 1000),
                source="starter",
                facets=tuple(entry["facets"]),
                criteria=tuple(entry["criteria"]),
                example_response=entry["example_response"],
                external_id=external_id,
                content_note=content_note(entry),
            )
        )
        added += 1
    return added


def refresh_clip(
    store: PracticeStore, paths: DataPaths, folder: Path, existing: ClipRecord, entry: dict[str, Any]
) -> None:
    """Bring one installed starter clip up to the pack: texts first, then the file if it changed."""
    store.clips.update_guidance(  # writes only when something differs
        existing.id,
        title=entry["title"],
        statement=entry["statement"],
        facets=entry["facets"],
        criteria=entry["criteria"],
        example_response=entry["example_response"],
        content_note=content_note(entry),
    )
    if existing.content_hash != entry["sha256"]:
        replace_file(store, paths, folder / entry["file"], existing, entry)
    else:
        restore_missing_file(paths, folder / entry["file"], existing)


def restore_missing_file(paths: DataPaths, source: Path, existing: ClipRecord) -> None:
    """Put a shipped clip's file back when the row is there but this computer lacks the file: a
    clinic server's rows reach computers that never installed the pack, and a file can be lost."""
    target = paths.home / existing.media_path
    if not existing.media_path or target.exists():
        return
    staged, digest = stage_copy(source, paths.clips)
    if digest != existing.content_hash:
        staged.unlink(missing_ok=True)
        log.error("Shipped clip %s does not match the stored one; not restored", source)
        return
    place_staged(staged, target)


def replace_file(
    store: PracticeStore, paths: DataPaths, source: Path, existing: ClipRecord, entry: dict[str, Any]
) -> None:
    if store.clips.by_hash(entry["sha256"]) is not None:  # the user imported this very file themselves
        log.info("Starter clip %s is already in the library as another clip; kept the old file", source)
        return
    staged, digest = stage_copy(source, paths.clips)
    if digest != entry["sha256"]:
        staged.unlink(missing_ok=True)
        log.error("Starter clip %s does not match its manifest; the old file is kept", source)
        return
    target = paths.clips / clip_file_name(digest, source.suffix)
    place_staged(staged, target)
    try:
        old_path = store.clips.replace_media(
            existing.id,
            media_path=str(target.relative_to(paths.home)),
            content_hash=digest,
            duration_ms=round(float(entry["duration_s"]) * 1000),
        )
    except DuplicateError:  # imported by the user meanwhile: keep both as they are
        log.warning("Starter clip %s is already in the library as another clip; kept the old file", source)
        return
    old = paths.home / old_path
    # only a hash-named file of ours (a clip from a bundle may have had no file at all)
    ours = bool(old_path) and old.parent == paths.clips and old.name.startswith(existing.content_hash)
    if ours and old != target and store.clips.by_hash(existing.content_hash) is None:
        try:
            old.unlink(missing_ok=True)
        except OSError:  # e.g. still open elsewhere: a stray file costs a few KB, nothing more
            log.warning("Could not remove the replaced starter file %s", old)
