"""The blind batch loads fast enough to open at once: 40 clinicians × 2 assessments × 13 takes
(1,040 takes) on a real migrated SQLite file, the waiting list and the batch in ≤ 100 ms."""

from __future__ import annotations

import time

from practice_db.assessment.batch import BatchKey
from practice_db.store import PracticeStore
from tests.support.blind_batch_world import build_world


def test_a_batch_of_1040_takes_loads_within_100_ms(store: PracticeStore) -> None:
    names = tuple(f"Clinician {n:02d}" for n in range(40))
    world = build_world(store, clinicians=names, raters=("Rae Rater",), clips=13)
    rae = world.raters["Rae Rater"]
    timings = []
    for _ in range(5):
        began = time.perf_counter()
        waiting = store.assessment_batches.waiting(rae)
        batch = store.assessment_batches.open(BatchKey.of(rae, waiting[0].assessment_ids))
        timings.append(time.perf_counter() - began)
    assert (waiting[0].assessments, waiting[0].takes) == (80, 1040)
    assert len(batch.takes) == 1040 and batch.takes[-1].code == "T1040"
    assert sorted(timings)[2] <= 0.100, timings  # the median of five
