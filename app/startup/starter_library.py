"""Put the starter exercises that ship with the app into the user's library (idempotent).

Clip files are copied into the data folder under their content hash, so starter clips and
imported clips are stored the same way and survive an app update that changes the pack.
"""

from __future__ import annotations

import json
import logging
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.clips.files import clip_file_name, place_staged, sha256_file, stage_copy
from app.paths import DataPaths
from practice_db.records import NewClip

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


def install_starter_pack(store: PracticeStore, paths: DataPaths, folder: Path | None = None) -> int:
    """Add missing starter clips, refresh the text of ones already there; returns how many were added."""
    folder = folder or pack_folder()
    added = 0
    for entry in load_manifest(folder):
        external_id = EXTERNAL_PREFIX + entry["id"]
        existing = store.clips.by_external_id(external_id)
        if existing is not None:
            if (existing.statement, existing.criteria) != (entry["statement"], tuple(entry["criteria"])):
                store.clips.update_guidance(
                    existing.id,
                    title=entry["title"],
                    statement=entry["statement"],
                    facets=entry["facets"],
                    criteria=entry["criteria"],
                    example_response=entry["example_response"],
                )
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
            )
        )
        added += 1
    return added
