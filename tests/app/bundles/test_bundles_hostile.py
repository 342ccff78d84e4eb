"""Hostile and broken bundles are refused with a plain reason, and nothing is left half-imported."""

from __future__ import annotations

import struct
import warnings
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.bundles.errors import BundleError
from app.bundles.import_feedback import import_feedback_bundle
from app.bundles.import_review import import_review_bundle
from app.bundles.safe_zip import Limits, SafeZip
from tests.support.bundle_sources import Sources, build_sources
from tests.support.bundle_world import World, listing, members, repack, row_counts
from tests.support.hostile_zips import (
    escaping_member,
    symlink_member,
    text_not_zip,
    with_manifest,
    zip_bomb_member,
)

Maker = Callable[[dict[str, bytes], Path], Path]


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Iterator[Sources]:
    """Built once: every refusal test asserts that nothing changes, so they can share it."""
    made = build_sources(tmp_path_factory.mktemp("worlds"), template_db)
    yield made
    made.trainee.close()
    made.fresh.close()


@pytest.fixture
def own_sources(tmp_path: Path, template_db: Path) -> Iterator[Sources]:
    made = build_sources(tmp_path / "worlds", template_db)
    yield made
    made.trainee.close()
    made.fresh.close()


def _recording(items: dict[str, bytes]) -> str:
    return next(n for n in items if n.startswith("recordings/"))


def traversal(items: dict[str, bytes], out: Path) -> Path:
    return escaping_member(items, out, "../x")


def absolute(items: dict[str, bytes], out: Path) -> Path:
    return escaping_member(items, out, "/etc/x")


def symlink(items: dict[str, bytes], out: Path) -> Path:
    return symlink_member(items, out, "recordings/link.wav")


def zip_bomb(items: dict[str, bytes], out: Path) -> Path:
    return zip_bomb_member(items, out, "recordings/extra.wav")


def too_many(items: dict[str, bytes], out: Path) -> Path:
    return repack(out, items | {f"notes/{i}.txt": b"" for i in range(5001)})


def duplicate(items: dict[str, bytes], out: Path) -> Path:
    repack(out, items)
    with warnings.catch_warnings(), zipfile.ZipFile(out, "a") as zf:
        warnings.simplefilter("ignore")
        zf.writestr("manifest.json", items["manifest.json"])
    return out


def wrong_schema(items: dict[str, bytes], out: Path) -> Path:
    return repack(out, with_manifest(items, lambda m: m["attempts"][0].update(status="maybe")))


def future_major(items: dict[str, bytes], out: Path) -> Path:
    return repack(out, with_manifest(items, lambda m: m.update(format_version="2.0")))


def unknown_major(items: dict[str, bytes], out: Path) -> Path:
    return repack(out, with_manifest(items, lambda m: m.update(format_version="0.9")))


def corrupt_recording(items: dict[str, bytes], out: Path) -> Path:
    return repack(out, items | {_recording(items): b"RIFF\x00\x01garbage, not audio" * 50})


def missing_member(items: dict[str, bytes], out: Path) -> Path:
    return repack(out, {k: v for k, v in items.items() if k != _recording(items)})


def no_manifest(items: dict[str, bytes], out: Path) -> Path:
    return repack(out, {k: v for k, v in items.items() if k != "manifest.json"})


def not_a_zip(items: dict[str, bytes], out: Path) -> Path:
    return text_not_zip(out, "Just some text pretending to be a bundle.\n")


def swapped_clip_media(items: dict[str, bytes], out: Path) -> Path:
    media = [n for n in items if n.startswith("clips/") and n.endswith(".wav")]
    return repack(out, items | {media[0]: items[_recording(items)]})  # a real WAV, but not that clip


def recording_used_twice(items: dict[str, bytes], out: Path) -> Path:
    def change(m: dict) -> None:  # type: ignore[type-arg]
        m["attempts"][1]["recording"] = m["attempts"][0]["recording"]

    return repack(out, with_manifest(items, change))


def not_json(items: dict[str, bytes], out: Path) -> Path:
    return repack(out, items | {"manifest.json": b"{not json"})


CASES: list[tuple[str, Maker, str]] = [
    ("traversal", traversal, "outside its folder"),
    ("absolute", absolute, "absolute location"),
    ("symlink", symlink, "link to another file"),
    ("zip bomb", zip_bomb, "compressed suspiciously well"),
    ("too many members", too_many, "more than 5000 files"),
    ("duplicate member", duplicate, "lists the file manifest.json twice"),
    ("wrong schema", wrong_schema, r"list of contents is not valid.*attempts \u2192 0 \u2192 status"),
    ("future major version", future_major, "newer version of Practice Room"),
    ("unknown major version", unknown_major, "does not know"),
    ("corrupt recording", corrupt_recording, "cannot be played"),
    ("missing member", missing_member, "incomplete: recordings/"),
    ("no manifest", no_manifest, "incomplete: manifest.json is missing"),
    ("not a zip", not_a_zip, "not a zip archive"),
    ("swapped clip media", swapped_clip_media, "media file of the exercise .* is damaged"),
    ("recording used twice", recording_used_twice, "same file is listed twice"),
    ("manifest not json", not_json, "damaged"),
]


def _assert_untouched(world: World, counts: dict[str, int], files: list[tuple[str, int]]) -> None:
    assert row_counts(world.store) == counts
    assert listing(world.paths) == files


@pytest.mark.parametrize(("make", "reason"), [(m, r) for _, m, r in CASES], ids=[c[0] for c in CASES])
def test_hostile_review_bundle_is_refused(sources: Sources, tmp_path: Path, make: Maker, reason: str) -> None:
    bundle = make(members(sources.review), tmp_path / "hostile.prbundle")
    target = sources.fresh
    counts, files = row_counts(target.store), listing(target.paths)
    with pytest.raises(BundleError, match=reason):
        import_review_bundle(target.store, target.paths, bundle)
    _assert_untouched(target, counts, files)


FEEDBACK_CASES = [
    c
    for c in CASES
    if c[0]
    in {
        "traversal",
        "absolute",
        "symlink",
        "zip bomb",
        "too many members",
        "duplicate member",
        "future major version",
        "not a zip",
    }
]


@pytest.mark.parametrize(
    ("make", "reason"), [(m, r) for _, m, r in FEEDBACK_CASES], ids=[c[0] for c in FEEDBACK_CASES]
)
def test_hostile_feedback_bundle_is_refused(
    sources: Sources, tmp_path: Path, make: Maker, reason: str
) -> None:
    bundle = make(members(sources.feedback), tmp_path / "hostile.prbundle")
    target = sources.trainee
    counts, files = row_counts(target.store), listing(target.paths)
    with pytest.raises(BundleError, match=reason):
        import_feedback_bundle(target.store, target.paths, bundle)
    _assert_untouched(target, counts, files)


def test_the_untouched_sources_do_import(own_sources: Sources) -> None:
    """The attacks above are refused for what was changed, not because the sources were bad."""
    sources = own_sources
    review = import_review_bundle(sources.fresh.store, sources.fresh.paths, sources.review).outcome
    assert review.attempts_added == 2 and len(review.new_clip_media) == 1
    feedback = import_feedback_bundle(sources.trainee.store, sources.trainee.paths, sources.feedback).outcome
    assert (feedback.ratings_added, feedback.comments_added) == (2, 2)


def test_bundles_opened_with_the_wrong_importer_say_so(sources: Sources) -> None:
    with pytest.raises(BundleError, match="feedback bundle"):
        import_review_bundle(sources.fresh.store, sources.fresh.paths, sources.feedback)
    with pytest.raises(BundleError, match="recordings for review"):
        import_feedback_bundle(sources.trainee.store, sources.trainee.paths, sources.review)


def test_feedback_for_someone_not_here_is_refused_whole(sources: Sources) -> None:
    """On a computer without those attempts nothing attaches, so not even the reviewer is added."""
    target = sources.fresh
    counts, files = row_counts(target.store), listing(target.paths)
    with pytest.raises(BundleError, match="no profile on this computer"):
        import_feedback_bundle(target.store, target.paths, sources.feedback)
    _assert_untouched(target, counts, files)


def test_a_header_that_understates_a_size_is_not_trusted(tmp_path: Path) -> None:
    """Sizes in the zip headers are patched to look tiny; the bytes that really come out decide."""
    bundle = repack(
        tmp_path / "liar.prbundle", {"manifest.json": b"{}", "recordings/big.wav": bytes(3 << 20)}
    )
    raw = bytearray(bundle.read_bytes())
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := raw.find(signature, start)) >= 0:
            name_len = struct.unpack_from("<H", raw, at + (26 if signature == b"PK\x03\x04" else 28))[0]
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if raw[name_at : name_at + name_len] == b"recordings/big.wav":
                struct.pack_into("<I", raw, at + size_offset, 10)
            start = at + 4
    bundle.write_bytes(bytes(raw))
    with SafeZip(bundle, Limits(ratio_floor_bytes=1 << 30)) as z:  # the header looks harmless
        assert z.members["recordings/big.wav"].file_size == 10
        with pytest.raises(BundleError, match="damaged"):
            z.read("recordings/big.wav", max_bytes=1 << 30)
    honest = repack(tmp_path / "big.prbundle", {"recordings/big.wav": bytes(3 << 20)})
    with SafeZip(honest, Limits(ratio_floor_bytes=1 << 30)) as z:  # counted as it streams
        with pytest.raises(BundleError, match=r"larger than 1 KB"):
            z.read("recordings/big.wav", max_bytes=1000)


def test_total_size_cap_counts_every_member(tmp_path: Path) -> None:
    parts = {f"recordings/{i}.wav": bytes(range(256)) * 2400 for i in range(2)}  # ~600 KB each
    bundle = repack(tmp_path / "total.prbundle", parts)
    with pytest.raises(BundleError, match=r"unpacks to more than 1\.0 MB"):
        SafeZip(bundle, Limits(max_total_bytes=1 << 20))
    with SafeZip(bundle, Limits(max_total_bytes=2 << 20)) as z:
        z.limits = Limits(max_total_bytes=1 << 20)  # as if the headers had understated the sizes
        z.read("recordings/0.wav", max_bytes=1 << 30)
        with pytest.raises(BundleError, match=r"unpacks to more than 1\.0 MB"):
            z.read("recordings/1.wav", max_bytes=1 << 30)
