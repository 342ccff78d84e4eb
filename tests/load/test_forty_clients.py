"""40 people on one PostgreSQL database for 60 s: no write lost, no deadlock, no error.

A fresh clinic database on the test cluster (`clinic init`: row-level security on) gets a programme
(30 trainees, 5 supervisors each assigned six of them, 8 clips, a few finished takes waiting for
review). Then 40 client processes (tests/load/client.py), each signed in as that person's own
login with its own PracticeStore: 5 supervisors loading the review queue, rating, commenting and changing
earlier ratings; 35 trainees (five of them on two computers) taking, self-rating, adding notes,
editing their self-ratings and looking at their progress. Every write a client was told succeeded
must be in the database with the values it logged; the counts must add up.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from practice_db.records import NewClip, RatingInput
from practice_db.store import PracticeStore
from practice_db.vocabulary import PRESENTATIONS
from tests.load.checks import lost_writes, tally
from tests.load.swarm import Swarm, make_specs
from tests.support.clinic_world import ClinicWorld, make_clinic
from tests.support.pg_cluster import Cluster
from tests.support.seeding import add_attempt, scores

CLIENTS, SUPERVISOR_CLIENTS = 40, 5
TRAINEES, SUPERVISORS, CLIPS = 30, 5, 8
SECONDS = 60.0


def seed_programme(
    world: ClinicWorld, store: PracticeStore
) -> tuple[list[int], list[int], list[int], dict[int, str]]:
    """People with their own sign-ins (the admin's `add-person` and `assign`), clips and a little
    history, written by the admin (`store`)."""
    from datetime import UTC, datetime, timedelta

    urls: dict[int, str] = {}
    supervisors, trainees = [], []
    for n in range(SUPERVISORS):
        profile_id, urls[profile_id] = world.person(f"Supervisor {n}", "supervisor")
        supervisors.append(profile_id)
    for n in range(TRAINEES):
        profile_id, urls[profile_id] = world.person(f"Trainee {n:02d}", "clinician")
        trainees.append(profile_id)
        world.assign(f"Supervisor {n % SUPERVISORS}", f"Trainee {n:02d}")
    clips = [
        store.clips.add(
            NewClip(
                title=f"Load clip {n}",
                presentation=PRESENTATIONS[n % len(PRESENTATIONS)],
                difficulty=n % 3 + 1,
                media_path=f"clips/load-{n}.ogg",
                content_hash=f"load-{n}",
                facets=("empathy",),
                criteria=("Names the feeling",),
            )
        ).id
        for n in range(CLIPS)
    ]
    start = datetime.now(UTC) - timedelta(days=10)
    for n, trainee in enumerate(trainees):  # a little history, some of it already reviewed
        for k in range(2):
            attempt = add_attempt(store, trainee, clips[(n + k) % CLIPS], start + timedelta(hours=n * 3 + k))
            store.ratings.save(attempt.id, trainee, RatingInput(scores=scores(3)))
            if k == 0:
                store.ratings.save(attempt.id, supervisors[n % SUPERVISORS], RatingInput(scores=scores(3)))
    return trainees, supervisors, clips, urls


def test_forty_clients_lose_no_write_and_never_deadlock(
    pg_cluster: Cluster, pg_template: str, tmp_path: Path
) -> None:
    began = time.monotonic()
    world = make_clinic(pg_cluster, template=pg_template)
    store = PracticeStore.open(world.admin_url, tmp_path / "backups")
    try:
        trainees, supervisors, clips, urls = seed_programme(world, store)
        seeded_s = time.monotonic() - began
        before = tally(store.engine)
        folder = tmp_path / "swarm"
        specs = make_specs(urls, folder, trainees, supervisors, clips, CLIENTS, SUPERVISOR_CLIENTS)
        swarm = Swarm(folder, specs)
        swarm.launch()
        try:
            startup_s = swarm.wait_ready(timeout=180)
            swarm.go(SECONDS)
        finally:
            codes = swarm.wait(timeout=SECONDS + 120)
        entries = swarm.entries()
        errors = [e for e in entries if e["kind"] == "error"]
        assert errors == [], json.dumps(errors[:5], indent=1)
        assert codes == [0] * CLIENTS, swarm.stderr()

        kinds = Counter(e["kind"] for e in entries)
        summaries = swarm.summaries()
        queue_loads = [ms for s in summaries for ms in s["reads_ms"].get("queue", [])]
        print(
            f"\nseeded in {seeded_s:.1f} s, {CLIENTS} clients ready in {startup_s:.1f} s, all done after "
            f"{time.monotonic() - began:.1f} s; writes {dict(kinds)}; "
            f"{len(queue_loads)} review-queue loads, max {max(queue_loads, default=0):.0f} ms"
        )
        # Each kind of work really happened, by both kinds of people.
        assert kinds["attempt"] >= 100 and kinds["comment"] >= 50, kinds
        roles = Counter(e["rater_role"] for e in entries if e["kind"] == "rating")
        assert roles["self"] >= 100 and roles["supervisor"] >= 20, roles
        edits = sum(n - 1 for n in Counter(e["uuid"] for e in entries if e["kind"] == "rating").values())
        assert edits >= 10, edits

        assert lost_writes(store.engine, entries) == []
        after = tally(store.engine)
        new_ratings = len({e["uuid"] for e in entries if e["kind"] == "rating"})
        assert after.attempts == before.attempts + kinds["attempt"]
        assert after.ratings == before.ratings + new_ratings
        assert after.comments == before.comments + kinds["comment"]
        # Every take a trainee started was finished: nothing left "recording".
        assert store.attempts.unfinished() == []
    finally:
        store.close()
        world.drop()
