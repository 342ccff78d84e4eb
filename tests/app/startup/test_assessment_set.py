"""The FIS assessment set that ships with the app: 13 original clips over every presentation and
level, installed as assessment-only clips (idempotent, texts refreshed by a newer pack) and never
offered in practice, the Library or clip packs."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import soundfile
from sqlalchemy import func, select

from app.clip_packs.export import ClipPackError, chosen_clips
from app.paths import DataPaths
from app.startup.assessment_set import (
    BUILTIN_SET_UUID,
    assessment_folder,
    install_assessment_set,
    load_manifest,
)
from app.startup.starter_library import install_starter_pack
from app.startup.storage import after_store_opened
from practice_db import models
from practice_db.records import ClipFilter
from practice_db.store import PracticeStore
from practice_db.vocabulary import PRESENTATIONS
from tests.support.seeding import add_attempt, at


def test_manifest_lists_13_clips_over_every_presentation_and_level_with_matching_hashes() -> None:
    manifest = load_manifest()
    clips = manifest["clips"]
    assert manifest["schema_version"] == 1 and manifest["set_name"] == "FIS assessment, 13 clips"
    assert len(clips) == 13 == manifest["clip_count"] and len({c["id"] for c in clips}) == 13
    assert {c["presentation"] for c in clips} == set(PRESENTATIONS)
    assert {c["difficulty"] for c in clips} == {1, 2, 3}
    for c in clips:
        path = assessment_folder() / c["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == c["sha256"], c["id"]
        assert path.stat().st_size == c["bytes"]
        assert abs(soundfile.info(str(path)).duration - c["duration_s"]) < 0.1  # the real decoder
        assert c["statement"].strip() and c["client"].strip() and c["title"].strip()
        assert "example_response" not in c and "criteria" not in c  # nothing to lean on while answering
        if "man" in c["client"].split(", ")[0].split():  # men are made male, inside 100-130 Hz
            assert 100 <= c["voice"]["change_gender"]["pitch_median_hz"] <= 130
    assert sum(1 for c in clips if c["content_note"]) >= 2  # grief; a man hinting he will not be alive long
    assert (assessment_folder() / "CREDITS.md").read_text(encoding="utf-8").startswith("# Credits")


def test_source_and_manifest_tell_the_same_texts() -> None:
    source = json.loads((assessment_folder().parent / "assessment.json").read_text(encoding="utf-8"))
    built = {c["id"]: c for c in load_manifest()["clips"]}
    assert [c["id"] for c in source["clips"]] == list(built)
    for c in source["clips"]:
        assert (c["statement"], c["content_note"]) == (
            built[c["id"]]["statement"],
            built[c["id"]]["content_note"],
        )


def test_install_is_idempotent_and_builds_the_builtin_set_in_order(
    store: PracticeStore, data_paths: DataPaths
) -> None:
    first = install_assessment_set(store, data_paths)
    assert first is not None
    again = install_assessment_set(store, data_paths)
    assert again == first and first.builtin and first.uuid == BUILTIN_SET_UUID
    assert first.name == "FIS assessment, 13 clips" and len(first.clip_ids) == 13
    assert store.assessment_sets.list() == [first]
    with store.engine.connect() as conn:
        assert conn.scalar(select(func.count(models.Clip.id))) == 13
    ids = [store.clips.get(i).external_id for i in first.clip_ids]
    assert ids == ["assessment:" + c["id"] for c in load_manifest()["clips"]]  # the pack's order
    clip = store.clips.get(first.clip_ids[0])
    assert clip.assessment_only and clip.source == "assessment" and not clip.criteria
    assert clip.example_response is None and (data_paths.home / clip.media_path).is_file()


def test_practice_never_offers_assessment_clips(store: PracticeStore, data_paths: DataPaths) -> None:
    assert after_store_opened(data_paths, store) is None  # the real start-up: starter pack and set
    me = store.profiles.create("Sam", "clinician")
    practice = store.clips.list()
    assert len(practice) == len(
        json.loads((assessment_folder().parent.parent / "pack" / "manifest.json").read_text())["clips"]
    )
    assert not any(c.assessment_only for c in practice)
    everything = store.clips.list(include_assessment=True, include_hidden=True)
    assessment = {c.id for c in everything if c.assessment_only}
    assert len(assessment) == 13
    for p in PRESENTATIONS:  # the Library's filters and search
        for level in (1, 2, 3):
            assert (
                not {c.id for c in store.clips.list(ClipFilter(presentation=p, difficulty=level))}
                & assessment
            )
    assert not {c.id for c in store.clips.list(ClipFilter(text="custody hearing"))} & assessment
    # a practice session's suggestions, whatever has been practised already
    done: list[int] = []
    for _ in range(len(practice) + 3):
        nxt = store.next_exercise(me.id, ClipFilter(), None, done)
        if nxt is None:
            break
        assert nxt.id not in assessment
        done.append(nxt.id)
    assert set(done) == {c.id for c in practice}
    with pytest.raises(ClipPackError, match="kept for assessments"):
        chosen_clips(store, [practice[0].id, next(iter(assessment))])


def test_newer_pack_refreshes_texts_and_keeps_takes(
    store: PracticeStore, data_paths: DataPaths, tmp_path: Path
) -> None:
    older = tmp_path / "older"
    shutil.copytree(assessment_folder(), older)
    manifest = load_manifest(older)
    manifest["clips"][0]["statement"] = "An older wording."
    manifest["clips"][0]["content_note"] = None
    (older / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    installed = install_assessment_set(store, data_paths, older)
    assert installed is not None
    first = installed.clip_ids[0]
    assert store.clips.get(first).statement == "An older wording."
    me = store.profiles.create("Ana", "clinician")
    with store.engine.begin() as conn:  # a sitting with one take of the first clip
        sitting = conn.execute(
            models.Assessment.__table__.insert().values(
                uuid="s-1",
                profile_id=me.id,
                set_id=installed.id,
                occasion="baseline",
                status="incomplete",
                started_at=at(1),
            )
        ).inserted_primary_key[0]
        conn.execute(
            models.AssessmentTake.__table__.insert().values(
                uuid="t-1",
                assessment_id=sitting,
                clip_id=first,
                position=0,
                started_at=at(1),
                status="complete",
            )
        )
    current = install_assessment_set(store, data_paths)
    assert current is not None and current.clip_ids == installed.clip_ids  # same rows
    assert store.clips.get(first).statement == load_manifest()["clips"][0]["statement"]
    with store.engine.connect() as conn:
        assert conn.scalar(select(func.count(models.AssessmentTake.id))) == 1
    assert store.assessment_sets.sittings(current.id) == 1


def test_starter_pack_and_assessment_set_stay_apart(store: PracticeStore, data_paths: DataPaths) -> None:
    install_assessment_set(store, data_paths)
    added = install_starter_pack(store, data_paths)
    assert added > 0 and all(not c.assessment_only for c in store.clips.list())
    me = store.profiles.create("Lee", "clinician")
    add_attempt(store, me.id, store.clips.list()[0].id, at(2))
    assert install_assessment_set(store, data_paths) is not None
    assert len([c for c in store.clips.list(include_assessment=True) if c.assessment_only]) == 13
