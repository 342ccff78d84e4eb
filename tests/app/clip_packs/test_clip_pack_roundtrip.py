"""A clip pack carries exercises whole from one computer to another (real SQLite, files, libvlc)."""

from __future__ import annotations

import json
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest

from app.clip_packs import manifest as pack_manifest
from app.clip_packs.errors import ClipPackCancelled, ClipPackError
from app.clip_packs.export import export_pack, human_size
from app.clip_packs.importer import import_pack, inspect_pack
from app.clip_packs.workflow import ClipPackWorkflow
from app.clips.importer import ClipImporter
from app.startup.starter_library import install_starter_pack
from practice_db.records import ClipRecord
from practice_db.vocabulary import FACET_KEYS, PRESENTATIONS
from tests.support.bundle_world import World, listing, open_world, row_counts
from tests.support.pack_world import add_file_clip, tone, trainer_library

SAME = ("uuid", "title", "presentation", "difficulty", "statement", "media_path", "duration_ms",
        "content_hash", "facets", "criteria", "example_response", "content_note")  # fmt: skip


@pytest.fixture
def trainer(tmp_path: Path, template_db: Path) -> Iterator[World]:
    world = open_world(tmp_path / "trainer", template_db, starter=False)
    yield world
    world.close()


@pytest.fixture
def trainee(tmp_path: Path, template_db: Path) -> Iterator[World]:
    world = open_world(tmp_path / "trainee", template_db, starter=False)
    yield world
    world.close()


def fields(clip: ClipRecord) -> dict[str, object]:
    return {k: v for k, v in asdict(clip).items() if k in SAME}


def test_round_trip_into_a_fresh_data_folder_keeps_every_field(
    trainer: World, trainee: World, tmp_path: Path
) -> None:
    ids = trainer_library(trainer, tmp_path / "sources")
    pack = tmp_path / "out" / "programme.prpack"
    pack.parent.mkdir()
    done = export_pack(trainer.store, trainer.paths, ids, pack)
    assert done.exercises == 4 and done.without_file == ("Words only: ambivalent about coming",)
    assert [p.name for p in pack.parent.iterdir()] == ["programme.prpack"]  # no temporary file left
    with zipfile.ZipFile(pack) as zf:
        names = sorted(zf.namelist())
        data = json.loads(zf.read("manifest.json"))
        assert all(not stat.S_ISLNK(i.external_attr >> 16) for i in zf.infolist())
    assert names[-1] == "manifest.json" and len(names) == 4  # three clip files and the manifest
    assert data["format"] == "practice-room-clip-pack" and data["format_version"] == "1.0"

    preview = inspect_pack(trainee.store, pack)
    assert [e.already_as for e in preview.exercises] == [None] * 4
    assert [e.has_file for e in preview.exercises] == [True, True, True, False]

    summary = import_pack(trainee.store, trainee.paths, pack, ClipImporter(trainee.paths))
    assert len(summary.added) == 4 and summary.already == () and summary.changed
    theirs = {c.content_hash: c for c in trainer.store.clips.list()}
    ours = {c.content_hash: c for c in trainee.store.clips.list()}
    assert ours.keys() == theirs.keys()
    for digest, clip in ours.items():
        assert fields(clip) == fields(theirs[digest])
        assert clip.source == "clip_pack"
        if clip.media_path:
            assert (trainee.paths.home / clip.media_path).read_bytes() == (
                trainer.paths.home / clip.media_path
            ).read_bytes()
    assert not [p for p in trainee.paths.home.rglob("*") if p.name.startswith((".bundle-", ".importing-"))]


def test_importing_the_same_pack_again_changes_nothing(
    trainer: World, trainee: World, tmp_path: Path
) -> None:
    ids = trainer_library(trainer, tmp_path / "sources")
    pack = tmp_path / "programme.prpack"
    export_pack(trainer.store, trainer.paths, ids[:2], pack)
    importer = ClipImporter(trainee.paths)
    import_pack(trainee.store, trainee.paths, pack, importer)
    counts, files = row_counts(trainee.store), listing(trainee.paths)
    again = import_pack(trainee.store, trainee.paths, pack, importer)
    assert again.added == () and not again.changed
    assert [t for t, _ in again.already] == ["Partner, angry on the phone", "Long silence after a loss"]
    assert "Nothing new in programme.prpack" in again.message()
    assert row_counts(trainee.store) == counts and listing(trainee.paths) == files
    preview = inspect_pack(trainee.store, pack)
    assert [e.already_as for e in preview.exercises] == [e.title for e in preview.exercises]


def test_a_clip_already_here_under_another_title_is_reported_and_kept(
    trainer: World, trainee: World, tmp_path: Path
) -> None:
    """Starter clips travel too; the other computer has them already, under its own words."""
    install_starter_pack(trainer.store, trainer.paths)
    install_starter_pack(trainee.store, trainee.paths)
    starter = trainee.store.clips.list()[0]
    trainee.store.clips.update_guidance(
        starter.id, title="Our name for it", statement=starter.statement, facets=starter.facets,
        criteria=starter.criteria, example_response=starter.example_response,
    )  # fmt: skip
    own = trainer_library(trainer, tmp_path / "sources")[0]
    chosen = [trainer.store.clips.by_hash(starter.content_hash).id, own]  # type: ignore[union-attr]
    pack = tmp_path / "mixed.prpack"
    export_pack(trainer.store, trainer.paths, chosen, pack)
    before = trainee.store.clips.count()
    summary = import_pack(trainee.store, trainee.paths, pack, ClipImporter(trainee.paths))
    assert summary.added == ("Partner, angry on the phone",)
    assert summary.already == ((starter.title, "Our name for it"),)
    assert "Already in your library, so left as they are: «Our name for it»" in summary.message()
    assert trainee.store.clips.count() == before + 1
    assert trainee.store.clips.get(starter.id).title == "Our name for it"


def test_a_uuid_taken_here_by_another_clip_gives_way(trainer: World, trainee: World, tmp_path: Path) -> None:
    ids = trainer_library(trainer, tmp_path / "sources")
    pack = tmp_path / "one.prpack"
    export_pack(trainer.store, trainer.paths, [ids[3]], pack)
    original = trainer.store.clips.get(ids[3])
    clash = add_file_clip(trainee, tone(tmp_path / "other.wav", 500), title="Another clip here")
    with trainee.store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE clips SET uuid = ? WHERE id = ?", (original.uuid, clash))
    summary = import_pack(trainee.store, trainee.paths, pack, ClipImporter(trainee.paths))
    assert summary.added == (original.title,)
    added = trainee.store.clips.by_hash(original.content_hash)
    assert added is not None and added.uuid != original.uuid


def test_export_is_atomic_and_refuses_a_changed_clip_file(trainer: World, tmp_path: Path) -> None:
    ids = trainer_library(trainer, tmp_path / "sources")
    clip = trainer.store.clips.get(ids[0])
    (trainer.paths.home / clip.media_path).write_bytes(b"RIFF changed behind the library's back")
    pack = tmp_path / "out" / "changed.prpack"
    pack.parent.mkdir()
    with pytest.raises(ClipPackError, match="has changed since it was added"):
        export_pack(trainer.store, trainer.paths, ids, pack)
    assert list(pack.parent.iterdir()) == []
    with pytest.raises(ClipPackCancelled):
        export_pack(trainer.store, trainer.paths, ids[1:], pack, cancel=lambda: True)
    assert list(pack.parent.iterdir()) == []
    with pytest.raises(ClipPackError, match="Choose at least one"):
        export_pack(trainer.store, trainer.paths, [], pack)


def test_an_exercise_a_pack_cannot_carry_is_named_before_anything_is_written(
    trainer: World, tmp_path: Path
) -> None:
    ids = trainer_library(trainer, tmp_path / "sources")
    clip = trainer.store.clips.get(ids[1])
    trainer.store.clips.update_guidance(
        clip.id, title=clip.title, statement=clip.statement, facets=clip.facets, criteria=clip.criteria,
        example_response=clip.example_response, content_note="A very long note. " * 300,
    )  # fmt: skip
    pack = tmp_path / "out" / "long.prpack"
    pack.parent.mkdir()
    with pytest.raises(
        ClipPackError,
        match="'Long silence after a loss' cannot go into a clip pack as it is: its content note",
    ):
        export_pack(trainer.store, trainer.paths, ids, pack)
    assert list(pack.parent.iterdir()) == []


def test_a_cancelled_import_leaves_nothing(trainer: World, trainee: World, tmp_path: Path) -> None:
    ids = trainer_library(trainer, tmp_path / "sources")
    pack = tmp_path / "p.prpack"
    export_pack(trainer.store, trainer.paths, ids, pack)
    counts, files = row_counts(trainee.store), listing(trainee.paths)
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3  # after the first clip has been checked

    with pytest.raises(ClipPackCancelled, match="nothing was changed"):
        import_pack(trainee.store, trainee.paths, pack, ClipImporter(trainee.paths), cancel=cancel)
    assert row_counts(trainee.store) == counts and listing(trainee.paths) == files


def test_workflow_messages_and_sizes(trainer: World, trainee: World, tmp_path: Path) -> None:
    ids = trainer_library(trainer, tmp_path / "sources")
    flow = ClipPackWorkflow(trainer.paths)
    clips = [trainer.store.clips.get(i) for i in ids[:2]]
    size = flow.estimate(clips)
    assert size == sum((trainer.paths.home / c.media_path).stat().st_size for c in clips)
    name = flow.suggested_name()
    assert name.startswith("practice-room-clips-") and name.endswith(".prpack")
    pack = tmp_path / "two.prpack"
    steps: list[tuple[int, int]] = []
    result = flow.export(trainer.store, ids[:2], pack, lambda d, t: steps.append((d, t)), lambda: False)
    assert result.message.startswith("Saved two.prpack (") and "KB): 2 exercises." in result.message
    assert steps[-1][0] == steps[-1][1]
    other = ClipPackWorkflow(trainee.paths)
    opened = other.import_pack(trainee.store, pack, lambda d, t: None, lambda: False)
    assert opened.changed and opened.message == "Added 2 exercises from two.prpack."
    assert human_size(815) == "1 KB" and human_size(12_300_000) == "12.3 MB"


def test_the_schema_names_the_same_presentations_and_facets_as_the_database() -> None:
    schema = pack_manifest.bundle_manifest.validator("app.clip_packs", "pack.schema.json").schema
    exercise = schema["$defs"]["exercise"]["properties"]
    assert tuple(exercise["presentation"]["enum"]) == PRESENTATIONS
    assert tuple(exercise["facets"]["items"]["enum"]) == FACET_KEYS
