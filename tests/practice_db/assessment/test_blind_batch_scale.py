"""The blind batch at the issue's scale, 40 clinicians × 2 assessments × 13 takes (1,040 takes) on a
real migrated SQLite file: every take once, shuffled, nothing that says who or when. How fast it
loads is a benchmark figure, not a test (`./dev bench --only assess`, benchmarks/RESULTS.md)."""

from __future__ import annotations

import dataclasses

from practice_db.assessment.batch import BatchKey
from practice_db.assessment.records import BlindTake
from practice_db.store import PracticeStore
from tests.support.blind_batch_world import build_world

IDENTITY = {"profile_id", "clinician_id", "assessment_id", "occasion", "started_at", "ended_at", "name"}


def test_a_batch_of_1040_takes_holds_every_take_once_shuffled_and_blind(store: PracticeStore) -> None:
    names = tuple(f"Clinician {n:02d}" for n in range(40))
    world = build_world(store, clinicians=names, raters=("Rae Rater",), clips=13)
    rae = world.raters["Rae Rater"]
    waiting = store.assessment_batches.waiting(rae)
    assert [(w.assessments, w.takes, w.rated) for w in waiting] == [(80, 1040, 0)]
    batch = store.assessment_batches.open(BatchKey.of(rae, waiting[0].assessment_ids))

    all_takes = [t for ids in world.takes.values() for t in ids]
    shown = [t.take_id for t in batch.takes]
    assert len(shown) == 1040 and sorted(shown) == sorted(all_takes)  # every take, once
    assert [t.code for t in batch.takes] == [f"T{n:04d}" for n in range(1, 1041)]
    assert shown != sorted(shown)  # not in the order they were taken
    owner = {t: a for a, ids in world.takes.items() for t in ids}
    first_ten = {owner[t] for t in shown[:10]}
    assert len(first_ten) >= 5  # clinicians and dates mixed, not one sitting after another

    fields = {f.name for f in dataclasses.fields(BlindTake)}
    assert not fields & IDENTITY, fields & IDENTITY
    text = " ".join(str(v) for t in batch.takes[:50] for v in dataclasses.asdict(t).values())
    assert not any(name in text for name in names) and "2026-" not in text
    assert batch.scores == {} and batch.rated == 0 and not batch.done
