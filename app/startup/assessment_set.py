"""Install the FIS assessment set that ships with the app (idempotent, at every start).

Its clips go into the clips table like the starter exercises (hash-named files in the data
folder) but marked assessment-only, so practice, the Library and clip packs never offer them: a
score must not be inflated by rehearsing the very clip. A newer pack refreshes their texts and
files by the stable ids (`assessment:<id>`); takes and ratings stay with the clip rows. The
built-in set lists them in the pack's order (`store.assessment_sets.ensure_builtin`).
"""

from __future__ import annotations

import json
import logging
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.clips.files import clip_file_name, place_staged, sha256_file, stage_copy
from app.paths import DataPaths
from app.startup.starter_library import content_note, replace_file, restore_missing_file
from practice_db.assessment.records import AssessmentSetRecord
from practice_db.assessment.sets import builtin_uuid
from practice_db.records import NewClip

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)
EXTERNAL_PREFIX = "assessment:"
BUILTIN_SET_UUID = builtin_uuid("fis-13")  # one uuid on every computer, so bundles can match it


def assessment_folder() -> Path:
    return Path(str(files("media.starter") / "assessment" / "pack"))


def load_manifest(folder: Path | None = None) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads(
        ((folder or assessment_folder()) / "manifest.json").read_text(encoding="utf-8")
    )
    return manifest


def install_assessment_set(
    store: PracticeStore, paths: DataPaths, folder: Path | None = None
) -> AssessmentSetRecord | None:
    """Add or refresh the assessment clips and the built-in set; None if a clip could not be
    installed (the set is then left as it was, and the next start tries again)."""
    folder = folder or assessment_folder()
    manifest = load_manifest(folder)
    clip_ids: list[int] = []
    for entry in manifest["clips"]:
        clip_id = _install_clip(store, paths, folder, entry)
        if clip_id is None:
            return None
        clip_ids.append(clip_id)
    return store.assessment_sets.ensure_builtin(BUILTIN_SET_UUID, manifest["set_name"], clip_ids)


def _install_clip(store: PracticeStore, paths: DataPaths, folder: Path, entry: dict[str, Any]) -> int | None:
    external_id = EXTERNAL_PREFIX + entry["id"]
    existing = store.clips.by_external_id(external_id)
    if existing is not None:
        store.clips.update_guidance(  # writes only when something differs; no criteria, no example
            existing.id,
            title=entry["title"],
            statement=entry["statement"],
            facets=(),
            criteria=(),
            example_response=None,
            content_note=content_note(entry),
            presentation=entry["presentation"],
            difficulty=int(entry["difficulty"]),
        )
        store.clips.mark_assessment_only(existing.id)
        if existing.content_hash != entry["sha256"]:
            replace_file(store, paths, folder / entry["file"], existing, entry)
        else:
            restore_missing_file(paths, folder / entry["file"], existing)
        return existing.id
    source = folder / entry["file"]
    digest = sha256_file(source)
    if digest != entry["sha256"]:
        log.error("Assessment clip %s does not match its manifest; the set is not installed", source)
        return None
    same = store.clips.by_hash(digest)
    if same is not None:  # the very file is already here (imported by hand): it becomes assessment-only
        store.clips.mark_assessment_only(same.id)
        return same.id
    target = paths.clips / clip_file_name(digest, source.suffix)
    if not target.exists():
        staged, _ = stage_copy(source, paths.clips)
        place_staged(staged, target)
    added = store.clips.add(
        NewClip(
            title=entry["title"],
            presentation=entry["presentation"],
            difficulty=int(entry["difficulty"]),
            media_path=str(target.relative_to(paths.home)),
            content_hash=digest,
            statement=entry["statement"],
            duration_ms=round(float(entry["duration_s"]) * 1000),
            source="assessment",
            external_id=external_id,
            content_note=content_note(entry),
            assessment_only=True,
        )
    )
    return added.id
