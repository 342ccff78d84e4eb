"""A programme's own assessment sets: 8-18 clips, plain messages, and the built-in set and sat
sets kept as they are."""

from __future__ import annotations

import pytest

from practice_db import models
from practice_db.assessment.sets import builtin_uuid
from practice_db.errors import DuplicateError, NotFoundError, PermissionDeniedError, ValidationError
from practice_db.store import PracticeStore
from tests.support.seeding import add_clip, at


def clips(store: PracticeStore, n: int) -> list[int]:
    return [add_clip(store, f"clip {i}", "hostile", 1 + i % 3) for i in range(n)]


def test_own_set_needs_8_to_18_clips(store: PracticeStore) -> None:
    ids = clips(store, 19)
    with pytest.raises(ValidationError, match="8 to 18 clips; this one has 7"):
        store.assessment_sets.create("Short", ids[:7])
    with pytest.raises(ValidationError, match="8 to 18 clips; this one has 19"):
        store.assessment_sets.create("Long", ids)
    with pytest.raises(ValidationError, match="only once"):
        store.assessment_sets.create("Twice", [ids[0], *ids[:8]])
    with pytest.raises(ValidationError, match="name"):
        store.assessment_sets.create("   ", ids[:8])
    with pytest.raises(NotFoundError):
        store.assessment_sets.create("Gone", [*ids[:7], 9999])
    assert store.assessment_sets.list() == []  # nothing half-made
    made = store.assessment_sets.create("  Autumn   cohort ", ids[3:11])
    assert made.name == "Autumn cohort" and made.clip_ids == tuple(ids[3:11]) and not made.builtin
    assert store.assessment_sets.get(made.id) == made
    full = store.assessment_sets.create("Full", ids[:18])
    assert len(full.clip_ids) == 18
    with pytest.raises(DuplicateError):
        store.assessment_sets.create("Autumn cohort", ids[:8])


def test_rename_and_delete_only_own_unsat_sets(store: PracticeStore) -> None:
    ids = clips(store, 13)
    builtin = store.assessment_sets.ensure_builtin(builtin_uuid("test"), "FIS assessment, 13 clips", ids)
    own = store.assessment_sets.create("Spring", ids[:8])
    sat = store.assessment_sets.create("Summer", ids[5:13])
    me = store.profiles.create("Kim", "clinician")
    with store.engine.begin() as conn:
        conn.execute(
            models.Assessment.__table__.insert().values(
                uuid="a-1",
                profile_id=me.id,
                set_id=sat.id,
                occasion="baseline",
                status="complete",
                started_at=at(1),
            )
        )
    assert [s.name for s in store.assessment_sets.list()] == ["FIS assessment, 13 clips", "Spring", "Summer"]
    for verb, call in (
        ("renamed", lambda i: store.assessment_sets.rename(i, "X")),
        ("deleted", store.assessment_sets.delete),
    ):
        with pytest.raises(PermissionDeniedError, match=f"built-in set can't be {verb}"):
            call(builtin.id)
        with pytest.raises(PermissionDeniedError, match="used for assessments"):
            call(sat.id)
    assert store.assessment_sets.rename(own.id, "Spring intake").name == "Spring intake"
    store.assessment_sets.delete(own.id)
    with pytest.raises(NotFoundError):
        store.assessment_sets.get(own.id)
    assert store.clips.get(ids[0]).title == "clip 0"  # the clips stay


def test_builtin_set_follows_the_pack_until_sat(store: PracticeStore) -> None:
    ids = clips(store, 14)
    key = builtin_uuid("test")
    first = store.assessment_sets.ensure_builtin(key, "Set", ids[:13])
    moved = store.assessment_sets.ensure_builtin(key, "Set v2", ids[1:14])
    assert moved.id == first.id and moved.clip_ids == tuple(ids[1:14]) and moved.name == "Set v2"
    me = store.profiles.create("Jo", "clinician")
    with store.engine.begin() as conn:
        conn.execute(
            models.Assessment.__table__.insert().values(
                uuid="a-2",
                profile_id=me.id,
                set_id=first.id,
                occasion="baseline",
                status="complete",
                started_at=at(1),
            )
        )
    kept = store.assessment_sets.ensure_builtin(key, "Set v2", ids[:13])
    assert kept.clip_ids == tuple(ids[1:14])  # a sitting keeps the clips it was taken with


def test_a_clip_in_a_set_is_not_deleted(store: PracticeStore) -> None:
    ids = clips(store, 9)
    made = store.assessment_sets.create("Winter", ids[:8])
    me = store.profiles.create("Ida", "clinician")
    with pytest.raises(PermissionDeniedError, match="part of the assessment set 'Winter'"):
        store.deletion.remove_clip(ids[0], me.id)
    assert store.clips.get(ids[0]).title == "clip 0"
    store.deletion.remove_clip(ids[8], me.id)  # not in a set: goes as before
    store.assessment_sets.delete(made.id)
    store.deletion.remove_clip(ids[0], me.id)
    with pytest.raises(NotFoundError):
        store.clips.get(ids[0])
