"""A trainee's own clip travels with its content note, so the supervisor is warned before it plays
too; a bundle without the field (an older Practice Room) imports with no note."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.bundles.export import export_review_bundle
from app.bundles.import_review import import_review_bundle
from tests.support.bundle_world import World, members, open_world, own_clip, record_attempt, repack

NOTE = "The client talks about a parent's recent death."


@pytest.fixture
def worlds(tmp_path: Path, template_db: Path) -> Iterator[tuple[World, World]]:
    trainee, supervisor = open_world(tmp_path / "A", template_db), open_world(tmp_path / "B", template_db)
    yield trainee, supervisor
    trainee.close()
    supervisor.close()


def _review_bundle(a: World, tmp_path: Path) -> tuple[Path, str]:
    dana = a.store.profiles.create("Dana", "clinician").id
    clip_id = own_clip(a, "At the graveside", content_note=NOTE)
    attempt_id = record_attempt(a, dana, clip_id)
    bundle = export_review_bundle(a.store, a.paths, dana, [attempt_id], tmp_path / "r.prbundle").path
    return bundle, a.store.clips.get(clip_id).uuid


def test_the_content_note_travels_with_an_own_clip(worlds: tuple[World, World], tmp_path: Path) -> None:
    a, b = worlds
    bundle, clip_uuid = _review_bundle(a, tmp_path)
    manifest = json.loads(members(bundle)["manifest.json"])
    assert [c["content_note"] for c in manifest["clips"] if c["uuid"] == clip_uuid] == [NOTE]
    import_review_bundle(b.store, b.paths, bundle)
    (arrived,) = [c for c in b.store.clips.list() if c.title == "At the graveside"]
    assert arrived.content_note == NOTE


def test_a_bundle_without_notes_imports_with_none(worlds: tuple[World, World], tmp_path: Path) -> None:
    a, b = worlds
    bundle, _ = _review_bundle(a, tmp_path)
    items = members(bundle)
    manifest = json.loads(items["manifest.json"])
    for clip in manifest["clips"]:
        del clip["content_note"]
    items["manifest.json"] = json.dumps(manifest).encode()
    import_review_bundle(b.store, b.paths, repack(tmp_path / "old.prbundle", items))
    (arrived,) = [c for c in b.store.clips.list() if c.title == "At the graveside"]
    assert arrived.content_note is None
