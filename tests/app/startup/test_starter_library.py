"""The starter pack that ships with the app: complete, playable files, installed once, and a
newer pack reaching an existing library without touching anyone's attempts."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import soundfile
from sqlalchemy import select

from app.paths import DataPaths
from app.startup.starter_library import install_starter_pack, load_manifest, pack_folder
from practice_db import models
from practice_db.records import ClipFilter, ClipRecord, NewClip
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS, PRESENTATIONS
from tests.support.seeding import add_attempt as seed_attempt
from tests.support.seeding import at, rate, scores

HEAVY = {"demoralized-3", "confused-3", "confronting-3"}  # suicidal thoughts, bereavement, trauma


def test_pack_covers_every_presentation_and_difficulty_with_guidance() -> None:
    clips = load_manifest()
    assert {(c["presentation"], c["difficulty"]) for c in clips} == {
        (p, d) for p in PRESENTATIONS for d in (1, 2, 3)
    }
    for c in clips:
        assert re.fullmatch(re.escape(c["presentation"]) + r"-[1-9][0-9]*", c["id"])  # stable id form
        assert 2 <= len(c["criteria"]) <= 3 and c["example_response"].strip() and c["statement"].strip()
        assert set(c["facets"]) <= set(FACET_KEYS) and c["facets"]
        info = soundfile.info(str(pack_folder() / c["file"]))  # the real decoder reads it
        assert abs(info.duration - c["duration_s"]) < 0.1


def test_pack_voices_and_content_notes() -> None:
    clips = {c["id"]: c for c in load_manifest()}
    assert len(clips) == len(load_manifest())  # ids are unique
    assert {c["voice"]["engine"] for c in clips.values()} <= {"hibari", "festival"}  # no diphone voice
    for c in clips.values():
        male = re.search(r"\bman\b", c["client"]) is not None
        assert bool(c["voice"].get("change_gender")) == male, c["id"]  # men stay men
        if male:
            assert 100 <= c["voice"]["change_gender"]["pitch_median_hz"] <= 130
        assert "content_note" in c  # null when there is nothing to note
    assert {i for i, c in clips.items() if c["content_note"]} >= HEAVY
    # the new ruptures: identity/background and a request for self-disclosure
    assert "someone like you" in clips["confronting-4"]["statement"].lower()
    assert "have you ever been depressed" in clips["boundaries-4"]["statement"].lower()
    quitting = ("i'm not coming back", "out of here for good", "find someone else")
    advanced = [c for c in clips.values() if c["difficulty"] == 3]
    assert sum(any(q in c["statement"].lower() for q in quitting) for c in advanced) <= 1


def test_install_copies_by_hash_and_is_idempotent(store: PracticeStore, data_paths: DataPaths) -> None:
    assert install_starter_pack(store, data_paths) == len(load_manifest())
    assert install_starter_pack(store, data_paths) == 0
    hostile = store.clips.list(ClipFilter(presentation="hostile"), sort="difficulty")
    assert [c.difficulty for c in hostile] == [1, 2, 3]
    first = hostile[0]
    assert (data_paths.home / first.media_path).is_file() and first.content_hash in first.media_path
    assert first.criteria and first.example_response and first.source == "starter"
    notes = content_notes(store)
    assert notes["starter:demoralized-3"] and notes["starter:confused-3"] and notes["starter:confronting-3"]
    assert notes["starter:hostile-1"] is None


OLD_REPLY = "After three tries, it makes sense you'd start to wonder if it's you. I don't think it is."


def older_pack(tmp_path: Path) -> Path:
    """The pack as an earlier release shipped it: two exercises fewer, an old example reply, no
    content notes, and demoralized-3 with another (older) voice file."""
    folder = tmp_path / "old-pack"
    shutil.copytree(pack_folder(), folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    clips: list[dict[str, Any]] = [
        c for c in manifest["clips"] if c["id"] not in ("confronting-4", "boundaries-4")
    ]
    for c in clips:
        del c["content_note"]
        if c["id"] == "demoralized-2":
            c["example_response"] = OLD_REPLY
        if c["id"] == "demoralized-3":
            old = folder / "demoralized-3-old.opus"
            old.write_bytes((folder / c["file"]).read_bytes() + b"an older voice")
            c["file"], c["duration_s"] = old.name, 9.5
            c["sha256"] = hashlib.sha256(old.read_bytes()).hexdigest()
    manifest["clips"] = clips
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def content_notes(store: PracticeStore) -> dict[str | None, str | None]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(models.Clip.external_id, models.Clip.content_note))
        return {external_id: note for external_id, note in rows}


def by_external(store: PracticeStore) -> dict[str | None, ClipRecord]:
    return {c.external_id: c for c in store.clips.list()}


def test_a_newer_pack_updates_an_existing_library_and_keeps_the_attempts(
    store: PracticeStore, data_paths: DataPaths, tmp_path: Path
) -> None:
    manifest = {c["id"]: c for c in load_manifest()}
    assert install_starter_pack(store, data_paths, older_pack(tmp_path)) == len(manifest) - 2
    before = by_external(store)
    hopeless = before["starter:demoralized-3"]
    old_file = data_paths.home / hopeless.media_path
    assert old_file.is_file() and content_notes(store)["starter:demoralized-3"] is None
    dana = store.profiles.create("Dana", "clinician")
    sam = store.profiles.create("Sam", "supervisor")
    attempt = seed_attempt(store, dana.id, hopeless.id, at(3))
    other = seed_attempt(store, dana.id, before["starter:demoralized-2"].id, at(4))
    rate(store, attempt.id, dana.id, scores(4), reaction="good_challenge")
    rate(store, attempt.id, sam.id, scores(3))

    assert install_starter_pack(store, data_paths) == 2  # the next start, with the new pack

    after = by_external(store)
    assert {"starter:confronting-4", "starter:boundaries-4"} <= after.keys()
    assert {k: v.id for k, v in before.items()} == {k: after[k].id for k in before}  # same rows
    reply = after["starter:demoralized-2"].example_response
    assert reply == manifest["demoralized-2"]["example_response"] and "I don't think it is" not in (
        reply or ""
    )
    assert after["starter:confronting-3"].statement == manifest["confronting-3"]["statement"]
    assert after["starter:confronting-2"].criteria == tuple(manifest["confronting-2"]["criteria"])
    notes = content_notes(store)
    assert notes["starter:demoralized-3"] == manifest["demoralized-3"]["content_note"]
    # the re-voiced clip: new file in place, the replaced one gone, the attempt and ratings kept
    revoiced = after["starter:demoralized-3"]
    assert revoiced.content_hash == manifest["demoralized-3"]["sha256"]
    assert (data_paths.home / revoiced.media_path).is_file() and not old_file.exists()
    assert revoiced.duration_ms == round(manifest["demoralized-3"]["duration_s"] * 1000)
    assert [a.id for a in store.attempts.for_clip(dana.id, revoiced.id)] == [attempt.id]
    assert store.attempts.get(other.id).clip_id == before["starter:demoralized-2"].id
    assert {r.rater_profile_id for r in store.ratings.for_attempt(attempt.id)} == {dana.id, sam.id}

    assert install_starter_pack(store, data_paths) == 0  # and then nothing more to do
    assert by_external(store) == after
    first = after["starter:hostile-1"]
    unchanged = store.clips.update_guidance(
        first.id,
        title=first.title,
        statement=first.statement,
        facets=first.facets,
        criteria=first.criteria,
        example_response=first.example_response,
        content_note=None,
    )
    assert unchanged is False


def test_a_starter_clip_from_a_bundle_gets_the_pack_file(store: PracticeStore, data_paths: DataPaths) -> None:
    """A copy that came another way (a bundle) and points at a file not named by its hash gets the
    pack's file; the file it pointed at is left alone, as is everything else."""
    entry = next(c for c in load_manifest() if c["id"] == "hostile-1")
    keep = data_paths.clips / "someone-elses.opus"
    keep.write_bytes(b"not ours")
    bare = store.clips.add(
        NewClip(
            "Kept waiting",
            "hostile",
            1,
            "clips/someone-elses.opus",
            "0" * 64,
            external_id=f"starter:{entry['id']}",
        )
    )
    install_starter_pack(store, data_paths)
    clip = store.clips.get(bare.id)
    assert clip.content_hash == entry["sha256"] and (data_paths.home / clip.media_path).is_file()
    assert clip.statement == entry["statement"] and clip.example_response == entry["example_response"]
    assert keep.read_bytes() == b"not ours"


def test_a_computer_without_the_files_gets_them_from_the_shipped_pack(
    store: PracticeStore, data_paths: DataPaths, tmp_path: Path
) -> None:
    """A clinic server's rows reach computers that never installed the pack: the next start puts
    each missing file back from the pack that ships with the app, and changes no row."""
    from app.startup.assessment_set import install_assessment_set

    install_starter_pack(store, data_paths)
    install_assessment_set(store, data_paths)
    before = _clip_rows(store)
    other = DataPaths(tmp_path / "second-computer").ensure()  # same database, empty data folder
    assert not any(other.clips.iterdir())
    assert install_starter_pack(store, other) == 0
    install_assessment_set(store, other)
    after = _clip_rows(store)
    assert after == before and len(after) == len(load_manifest()) + 13
    for media_path, content_hash, _title in after.values():
        copy = other.home / media_path
        assert copy.exists() and hashlib.sha256(copy.read_bytes()).hexdigest() == content_hash


def _clip_rows(store: PracticeStore) -> dict[int, tuple[str, str, str]]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(models.Clip.id, models.Clip.media_path, models.Clip.content_hash, models.Clip.title)
        )
        return {r[0]: (r[1], r[2], r[3]) for r in rows}
