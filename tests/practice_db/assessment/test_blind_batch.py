"""Blind rating storage on a real migrated SQLite file: a rater's batch hides who, when and which
occasion until every take has all eight facets from that rater; raters are independent; only
supervisors rate others' sittings; each rater's order is stable and their own."""

from __future__ import annotations

import dataclasses

import pytest

from practice_db.assessment.batch import BatchKey
from practice_db.assessment.records import BlindTake
from practice_db.errors import PermissionDeniedError, ValidationError
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS
from tests.support.blind_batch_world import World, build_world


def full(score: int) -> dict[str, int | None]:
    return dict.fromkeys(FACET_KEYS, score)


def all_ids(world: World) -> list[int]:
    return list(world.assessments.values())


def test_names_dates_and_occasions_stay_hidden_until_every_take_is_rated(store: PracticeStore) -> None:
    world = build_world(store, clips=3)
    rae = world.raters["Rae Rater"]
    key = BatchKey.of(rae, all_ids(world))
    batch = store.assessment_batches.open(key)
    assert len(batch.takes) == 12 and batch.rated == 0 and not batch.done
    assert {f.name for f in dataclasses.fields(BlindTake)} == {
        "take_id",
        "code",
        "clip_id",
        "clip_title",
        "statement",
        "recording_path",
        "duration_ms",
    }
    shown = " ".join(str(dataclasses.astuple(t)) for t in batch.takes)
    for hidden in ("Ana", "Ben", "2026", "baseline", "follow"):
        assert hidden not in shown
    assert [t.code for t in batch.takes] == [f"T{i:02d}" for i in range(1, 13)]
    with pytest.raises(PermissionDeniedError, match="12 still to rate"):
        store.assessment_batches.reveal(key)

    takes = batch.takes
    for take in takes[:-1]:
        store.assessment_ratings.save_blind(take.take_id, rae, full(3))
    last = takes[-1].take_id
    store.assessment_ratings.save_blind(last, rae, {"hope": 4, "warmth": 2})  # partial while working
    assert store.assessment_batches.open(key).rated == 11
    with pytest.raises(PermissionDeniedError, match="1 still to rate"):
        store.assessment_batches.reveal(key)
    store.assessment_ratings.save_blind(last, rae, {k: 5 for k in FACET_KEYS if k not in ("hope", "warmth")})
    again = store.assessment_batches.open(key)
    assert again.done and again.scores[last] == {**full(5), "hope": 4, "warmth": 2}
    revealed = store.assessment_batches.reveal(key)
    assert [r.code for r in revealed] == [t.code for t in takes]
    assert [r.take_id for r in revealed] == [t.take_id for t in takes]
    by_take = {r.take_id: r for r in revealed}
    for (name, occasion), assessment_id in world.assessments.items():
        for take_id in world.takes[assessment_id]:
            shown_take = by_take[take_id]
            assert (shown_take.clinician, shown_take.occasion, shown_take.assessment_id) == (
                name,
                occasion,
                assessment_id,
            )
            assert shown_take.taken_at.year == 2026 and shown_take.taken_at.month == (
                3 if occasion == "baseline" else 6
            )
    assert by_take[last].scores["hope"] == 4


def test_two_raters_rate_the_same_batch_independently(store: PracticeStore) -> None:
    world = build_world(store)
    rae, sol = world.raters["Rae Rater"], world.raters["Sol Rater"]
    ids = all_ids(world)
    rae_batch = store.assessment_batches.open(BatchKey.of(rae, ids))
    for take in rae_batch.takes:
        store.assessment_ratings.save_blind(take.take_id, rae, full(4))
    assert store.assessment_batches.reveal(BatchKey.of(rae, ids))
    sol_batch = store.assessment_batches.open(BatchKey.of(sol, ids))
    assert sol_batch.scores == {} and sol_batch.rated == 0  # Rae's ratings are not Sol's to see
    with pytest.raises(PermissionDeniedError):
        store.assessment_batches.reveal(BatchKey.of(sol, ids))  # Rae finishing reveals nothing to Sol
    store.assessment_ratings.save_blind(sol_batch.takes[0].take_id, sol, full(2))
    assert store.assessment_batches.open(BatchKey.of(rae, ids)).scores[sol_batch.takes[0].take_id] == full(4)
    mine = store.assessment_ratings.mine(sol, [t.take_id for t in sol_batch.takes])
    assert (
        list(mine) == [sol_batch.takes[0].take_id] and mine[sol_batch.takes[0].take_id].rater_role == "rater"
    )
    waiting = {w.set_id: w for w in store.assessment_batches.waiting(sol)}[world.set_id]
    assert (waiting.assessments, waiting.takes, waiting.rated) == (4, 8, 1)
    assert store.assessment_batches.waiting(rae) == []  # Rae has rated everything


def test_only_supervisors_rate_and_never_their_own_sitting(store: PracticeStore) -> None:
    world = build_world(store, raters=("Rae Rater",))
    ana, ben = world.clinicians["Ana Clinician"], world.clinicians["Ben Clinician"]
    ben_take = world.takes[world.assessments[("Ben Clinician", "baseline")]][0]
    ana_take = world.takes[world.assessments[("Ana Clinician", "baseline")]][0]
    with pytest.raises(PermissionDeniedError, match="Only a supervisor"):
        store.assessment_ratings.save_blind(ben_take, ana, full(3))
    with pytest.raises(PermissionDeniedError, match="Only a supervisor"):
        store.assessment_batches.open(BatchKey.of(ana, all_ids(world)))
    with pytest.raises(PermissionDeniedError, match="Your own assessment"):
        store.assessment_ratings.save_blind(ana_take, ana, full(3))
    with pytest.raises(ValidationError, match="between 1 and 5"):
        store.assessment_ratings.save_blind(ben_take, world.raters["Rae Rater"], {"hope": 6})
    own = store.assessment_ratings.save_self(ana_take, ana, full(2))  # afterwards, as themselves
    assert own.rater_role == "self"
    with pytest.raises(PermissionDeniedError):
        store.assessment_ratings.save_self(ben_take, ana, full(2))
    assert store.assessment_ratings.mine(ben, [ben_take]) == {}


def test_a_supervisor_who_sat_the_assessment_cannot_rate_it_blind(store: PracticeStore) -> None:
    world = build_world(store, clinicians=("Rae Rater",), raters=())
    from sqlalchemy import update

    from practice_db import models

    rae = world.clinicians["Rae Rater"]
    with store.engine.begin() as conn:
        conn.execute(update(models.Profile).where(models.Profile.id == rae).values(role="supervisor"))
    assert store.assessment_batches.waiting(rae) == []
    with pytest.raises(PermissionDeniedError, match="Your own assessment"):
        store.assessment_batches.open(BatchKey.of(rae, all_ids(world)))


def test_the_order_is_stable_per_rater_and_differs_between_raters(store: PracticeStore) -> None:
    world = build_world(store, clinicians=("Ana", "Ben", "Cy"), clips=4)
    rae, sol = world.raters["Rae Rater"], world.raters["Sol Rater"]
    ids = all_ids(world)
    first = [t.take_id for t in store.assessment_batches.open(BatchKey.of(rae, ids)).takes]
    assert first == [t.take_id for t in store.assessment_batches.open(BatchKey.of(rae, reversed(ids))).takes]
    assert first != [t.take_id for t in store.assessment_batches.open(BatchKey.of(sol, ids)).takes]
    in_taking_order = [t for a in ids for t in world.takes[a]]
    assert sorted(first) == sorted(in_taking_order) and first != in_taking_order
    owners = {t: a for a in ids for t in world.takes[a]}
    runs = sum(1 for a, b in zip(first, first[1:], strict=False) if owners[a] == owners[b])
    assert runs < len(first) - 1  # clinicians and dates are mixed, not taken one sitting at a time
    smaller = [t.take_id for t in store.assessment_batches.open(BatchKey.of(rae, ids[:3])).takes]
    assert smaller == [t for t in first if owners[t] in ids[:3]]  # a sub-batch keeps the same relative order


def test_blind_scores_are_final_once_the_batch_is_revealed(store: PracticeStore) -> None:
    world = build_world(store, clips=2)
    rae, sol = world.raters["Rae Rater"], world.raters["Sol Rater"]
    key = BatchKey.of(rae, all_ids(world))
    takes = store.assessment_batches.open(key).takes
    for take in takes:
        store.assessment_ratings.save_blind(take.take_id, rae, full(3))
    store.assessment_ratings.save_blind(takes[0].take_id, rae, full(4))  # still blind: may change
    store.assessment_batches.reveal(key)
    with pytest.raises(PermissionDeniedError, match="final"):
        store.assessment_ratings.save_blind(takes[0].take_id, rae, full(1))
    assert store.assessment_batches.open(key).scores[takes[0].take_id] == full(4)
    store.assessment_batches.reveal(key)  # showing the names again changes nothing
    # Another rater, still blind, rates as before.
    store.assessment_ratings.save_blind(takes[0].take_id, sol, full(2))
    store.assessment_ratings.save_blind(takes[0].take_id, sol, full(5))
    assert store.assessment_ratings.mine(sol, [takes[0].take_id])[takes[0].take_id].scores == full(5)
