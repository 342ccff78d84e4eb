"""Hostile and broken clip packs are refused with a plain reason, and nothing is left behind."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from app.bundles.errors import BundleError
from app.clip_packs.errors import ClipPackError
from app.clip_packs.export import export_pack
from app.clip_packs.importer import import_pack, inspect_pack
from app.clips.importer import ClipImporter
from tests.support.bundle_world import World, listing, members, open_world, repack, row_counts
from tests.support.hostile_zips import (
    cut_short,
    escaping_member,
    symlink_member,
    text_not_zip,
    with_manifest,
    zip_bomb_member,
)
from tests.support.pack_world import tone, trainer_library

Maker = Callable[[dict[str, bytes], Path], Path]


@pytest.fixture(scope="module")
def pack_items(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> dict[str, bytes]:
    """A good pack's members, built once; each attack changes a copy."""
    root = tmp_path_factory.mktemp("trainer")
    world = open_world(root / "home", template_db, starter=False)
    try:
        ids = trainer_library(world, root / "sources")
        pack = export_pack(world.store, world.paths, ids, root / "good.prpack").path
        return members(pack)
    finally:
        world.close()


@pytest.fixture
def target(tmp_path: Path, template_db: Path) -> Iterator[World]:
    world = open_world(tmp_path / "other-computer", template_db, starter=False)
    yield world
    world.close()


def _wav(items: dict[str, bytes]) -> str:
    return next(n for n in items if n.endswith(".wav"))


def traversal(items: dict[str, bytes], out: Path) -> Path:
    return escaping_member(items, out, "clips/../../escape.wav")


def absolute(items: dict[str, bytes], out: Path) -> Path:
    return escaping_member(items, out, "/tmp/escape.wav")


def symlink(items: dict[str, bytes], out: Path) -> Path:
    return symlink_member(items, out, "clips/link.wav")


def zip_bomb(items: dict[str, bytes], out: Path) -> Path:
    return zip_bomb_member(items, out, "clips/extra.wav")


def bad_schema(items: dict[str, bytes], out: Path) -> Path:
    return repack(out, with_manifest(items, lambda m: m["exercises"][1].update(level=7)))


def wrong_hash(items: dict[str, bytes], out: Path) -> Path:
    other = tone(out.with_suffix(".wav"), 880).read_bytes()  # a real clip, but not the one named
    return repack(out, items | {_wav(items): other})


def missing_file(items: dict[str, bytes], out: Path) -> Path:
    return repack(out, {k: v for k, v in items.items() if k != _wav(items)})


def truncated(items: dict[str, bytes], out: Path) -> Path:
    return cut_short(items, out)


def not_a_zip(items: dict[str, bytes], out: Path) -> Path:
    return text_not_zip(out, "A list of clips we like\n")


def a_bundle_instead(items: dict[str, bytes], out: Path) -> Path:
    return repack(out, with_manifest(items, lambda m: m.update(format="practice-room-bundle")))


def future_major(items: dict[str, bytes], out: Path) -> Path:
    return repack(out, with_manifest(items, lambda m: m.update(format_version="2.0")))


def listed_twice(items: dict[str, bytes], out: Path) -> Path:
    return repack(out, with_manifest(items, lambda m: m["exercises"].append(dict(m["exercises"][0]))))


def misnamed(items: dict[str, bytes], out: Path) -> Path:
    def change(m: dict) -> None:  # type: ignore[type-arg]
        m["exercises"][0]["content_hash"] = "b" * 64

    return repack(out, with_manifest(items, change))


def not_a_clip(items: dict[str, bytes], out: Path) -> Path:
    """Named by its own fingerprint, so it passes the hash check; the clip checks refuse it."""
    junk = bytes(range(256)) * 64
    digest = hashlib.sha256(junk).hexdigest()

    def change(m: dict) -> None:  # type: ignore[type-arg]
        m["exercises"][1].update(content_hash=digest, media=f"clips/{digest}.wav")

    old = json.loads(items["manifest.json"])["exercises"][1]["media"]
    rest = {k: v for k, v in items.items() if k != old}
    return repack(out, with_manifest(rest, change) | {f"clips/{digest}.wav": junk})


def not_json(items: dict[str, bytes], out: Path) -> Path:
    return repack(out, items | {"manifest.json": b'{"format": '})


CASES: list[tuple[str, Maker, str]] = [
    ("path traversal", traversal, "This clip pack tries to write outside its folder"),
    ("absolute path", absolute, "absolute location"),
    ("symlink", symlink, "link to another file"),
    ("zip bomb", zip_bomb, "compressed suspiciously well"),
    ("bad schema", bad_schema, r"clip pack.s list of contents is not valid.*exercises \u2192 1 \u2192 level"),
    ("wrong hash", wrong_hash, "is damaged"),
    ("missing file", missing_file, r"This clip pack is incomplete: clips/[0-9a-f]{64}\.wav is missing"),
    ("truncated zip", truncated, "not a zip archive|damaged"),
    ("not a zip", not_a_zip, "not a Practice Room clip pack \\(it is not a zip archive\\)"),
    ("a bundle, not a pack", a_bundle_instead, "This file is not a Practice Room clip pack."),
    ("future major version", future_major, "newer version of Practice Room"),
    ("exercise listed twice", listed_twice, "listed twice"),
    ("file not named by its hash", misnamed, "not named by its fingerprint"),
    ("not a playable clip", not_a_clip, "cannot be used: .*Nothing was imported"),
    ("manifest not json", not_json, "damaged"),
]


@pytest.mark.parametrize(("make", "reason"), [(m, r) for _, m, r in CASES], ids=[c[0] for c in CASES])
def test_hostile_pack_is_refused_and_nothing_is_left(
    pack_items: dict[str, bytes], target: World, tmp_path: Path, make: Maker, reason: str
) -> None:
    pack = make(dict(pack_items), tmp_path / "hostile.prpack")
    counts, files = row_counts(target.store), listing(target.paths)
    with pytest.raises(ClipPackError, match=reason) as refused:
        import_pack(target.store, target.paths, pack, ClipImporter(target.paths))
    assert "bundle" not in str(refused.value).lower()  # the pack's own words
    assert row_counts(target.store) == counts and listing(target.paths) == files
    assert not (tmp_path / "escape.wav").exists() and not Path("/tmp/escape.wav").exists()


def test_the_good_pack_does_import(pack_items: dict[str, bytes], target: World, tmp_path: Path) -> None:
    """The attacks are refused for what was changed, not because the pack itself was bad."""
    pack = repack(tmp_path / "good.prpack", pack_items)
    assert len(inspect_pack(target.store, pack).exercises) == 4
    summary = import_pack(target.store, target.paths, pack, ClipImporter(target.paths))
    assert len(summary.added) == 4


def test_a_preview_refuses_the_same_way(pack_items: dict[str, bytes], target: World, tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="outside its folder"):
        inspect_pack(target.store, traversal(dict(pack_items), tmp_path / "t.prpack"))


def test_a_database_failure_takes_the_placed_files_back_out(
    pack_items: dict[str, bytes], target: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files go into clips/ just before the one transaction; if it fails they are removed."""
    pack = repack(tmp_path / "good.prpack", pack_items)
    counts, files = row_counts(target.store), listing(target.paths)
    real = target.store.clips.add_shared
    placed: list[int] = []

    def failing(rows):  # type: ignore[no-untyped-def]
        placed.append(len([p for p in target.paths.clips.iterdir() if not p.name.startswith(".")]))
        real(rows[:1])  # really writes, so the rollback below is the database's own
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(target.store.clips, "add_shared", failing)
    with pytest.raises(ClipPackError, match="could not be saved into the database; nothing was changed"):
        import_pack(target.store, target.paths, pack, ClipImporter(target.paths))
    assert placed == [3]  # the three clip files were in place when the transaction ran
    monkeypatch.undo()
    target.store.clips.list()  # still readable
    assert listing(target.paths) == files
    assert {k: v for k, v in row_counts(target.store).items() if k not in ("clips", "clip_facets")} == {
        k: v for k, v in counts.items() if k not in ("clips", "clip_facets")
    }
