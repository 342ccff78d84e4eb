"""The blind batch a rater opens: 40 clinicians x 2 assessments x 13 takes (1,040 takes).

Needs no seeded database: a throwaway SQLite file in the run's folder, migrated by the app's own
`PracticeStore.open`, filled through the ORM by the tests' world builder
(tests/support/blind_batch_world.py: one assessment set of 13 clips, every clinician's baseline and
follow-up with one take per clip, one rater). --tiny: 4 clinicians (104 takes). Figures, each the
median of several runs:
  blind_batch_waiting_ms   store.assessment_batches.waiting(rater): the rater's waiting list
  blind_batch_ms           waiting(...) + open(...) of the whole batch, warm (store open, after one
                           uncounted call): what the Rate tab costs each time it loads
  blind_batch_cold_ms      the same on a store opened just before (new engine, new connection)
The goal for each: <= 100 ms (issue 20).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from benchmarks.common import median_ms, report
from practice_db.assessment.batch import BatchKey, BlindBatch
from practice_db.store import PracticeStore
from tests.support.blind_batch_world import build_world

GOAL_MS = 100.0
CLIPS = 13
FULL_CLINICIANS, TINY_CLINICIANS = 40, 4
RATER = "Rae Rater"


def open_store(database: Path, folder: Path) -> PracticeStore:
    return PracticeStore.open(f"sqlite:///{database}", folder / "backups")


def load_batch(store: PracticeStore, rater_id: int) -> BlindBatch:
    """What the Rate tab does: the waiting list, then the first set's batch."""
    waiting = store.assessment_batches.waiting(rater_id)
    return store.assessment_batches.open(BatchKey.of(rater_id, waiting[0].assessment_ids))


def bench_blind_batch(folder: Path, tiny: bool = False, runs: int = 7) -> None:
    home = folder / "assessment-home"
    home.mkdir(parents=True, exist_ok=True)
    database = home / "practice.sqlite3"
    clinicians = TINY_CLINICIANS if tiny else FULL_CLINICIANS
    t0 = time.perf_counter()
    store = open_store(database, home)
    try:
        names = tuple(f"Clinician {n:02d}" for n in range(clinicians))
        world = build_world(store, clinicians=names, raters=(RATER,), clips=CLIPS)
        rater = world.raters[RATER]
        batch = load_batch(store, rater)
        expected = clinicians * 2 * CLIPS
        assert len(batch.takes) == expected, (len(batch.takes), expected)
        print(
            f"# blind batch: {clinicians} clinicians x 2 assessments x {CLIPS} takes = {expected} takes, "
            f"built in {time.perf_counter() - t0:.1f} s; median of {runs} runs",
            flush=True,
        )
        waiting_ms, _ = median_ms(lambda: store.assessment_batches.waiting(rater), runs)
        warm_ms, warm_max = median_ms(lambda: load_batch(store, rater), runs)
    finally:
        store.close()
    cold = []
    for _ in range(runs):  # a store opened just before each call, as when the app starts
        store = open_store(database, home)
        try:
            began = time.perf_counter()
            load_batch(store, rater)
            cold.append((time.perf_counter() - began) * 1000)
        finally:
            store.close()
    print(f"# blind batch: warm max {warm_max:.1f} ms, cold max {max(cold):.1f} ms", flush=True)
    report("blind_batch_waiting_ms", waiting_ms, GOAL_MS)
    report("blind_batch_ms", warm_ms, GOAL_MS)
    report("blind_batch_cold_ms", statistics.median(cold), GOAL_MS)
