"""Clinic server: the review queue and the Progress page on PostgreSQL while 40 people work.

A throwaway PostgreSQL cluster (tests/support/pg_cluster.py) gets a programme of 200 trainees x
500 attempts (100,000 attempts, a self-rating on each, a supervisor's rating on 95 %, comments),
bulk-inserted by benchmarks/seed.py, then VACUUM ANALYZE (as autovacuum would after the load; the
app never runs ANALYZE on SQLite); a SQLite file gets the same rows (same seed). Then 40 client
processes (tests/load/client.py: 5 supervisors, 35 trainees rehearsing, rating, commenting, each
pausing 0-3 s between actions) work on the server while this process times the calls the pages
make on their worker thread, each signed in as that person's own login with row-level security
on (`practice-room clinic init`, every seeded person given a login, each supervisor assigned 40
trainees), as a clinic runs it:
  review queue   ui.review.review_table.load_queue_page(...): the first page of the supervisor's
                 queue (their trainees' attempts waiting for a supervisor; the rest loads as the
                 list scrolls)
  progress       ui.progress.data.load_progress(...) for a typical trainee (~500 attempts a year),
                 the page's "3 months" and "12 months" presets, with four goals measured
95th percentile of `runs` calls each (interleaved, so each sees the same load), then the same on
the SQLite file with no one else working (solo mode). Goal: <= 150 ms (issue 21).
--quick: 50 trainees x 200 attempts, 20 clients, 20 runs; --tiny: 6 x 20, 4 clients, 5 runs.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path

from benchmarks.common import report
from benchmarks.seed import SeedCounts, seed_database
from benchmarks.world import LAST_DAY, _add_goals, _typical_trainee
from practice_db.progress.records import Period
from practice_db.records import ProfileRecord
from practice_db.store import PracticeStore

GOAL_MS = 150.0
SUPERVISORS = 5
# The longest pause between two actions of a client: 0-3 s, so each of the 40 acts about every
# 1.5 s (far busier than a person; the load test uses 0-0.4 s, a stress pace).
THINK_S = 3.0


@dataclass(frozen=True)
class Size:
    trainees: int
    per_trainee: int
    clients: int
    runs: int
    clips: int = 300

    def seed(self, store: PracticeStore) -> SeedCounts:
        attempts = self.trainees * self.per_trainee
        return seed_database(
            store.engine,
            profiles=self.trainees + SUPERVISORS,
            supervisors=SUPERVISORS,
            clips=self.clips,
            attempts=attempts,
            ratings=attempts + attempts * 95 // 100,  # every self-rating + one supervisor's on 95 %
            comments=attempts // 4,
        )


FULL = Size(trainees=200, per_trainee=500, clients=40, runs=50)
QUICK = Size(trainees=50, per_trainee=200, clients=20, runs=20)
TINY = Size(trainees=6, per_trainee=20, clients=4, runs=5, clips=12)


def periods() -> dict[str, Period]:
    """The Progress page's presets as World has them: the last 91 or 364 days up to today."""
    end = LAST_DAY + timedelta(days=1)
    return {
        "3_months": Period(LAST_DAY - timedelta(days=90), end),
        "year": Period(LAST_DAY - timedelta(days=363), end),
    }


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]


@dataclass
class Programme:
    store: PracticeStore
    counts: SeedCounts
    trainee: ProfileRecord
    supervisor: ProfileRecord
    # the stores the two pages run on: the supervisor's and the trainee's own sign-ins on a clinic
    # server; the one store on a solo computer
    review_store: PracticeStore | None = None
    progress_store: PracticeStore | None = None


def build(url: str, backups: Path, size: Size) -> Programme:
    store = PracticeStore.open(url, backups)  # migrates the empty database, as the app would
    counts = size.seed(store)
    if store.engine.dialect.name == "postgresql":
        # What a running server's autovacuum does after a bulk load: statistics for the planner, and
        # the visibility map, without which every index-only scan still reads the table's rows.
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    trainee = _typical_trainee(store)
    supervisor = next(p for p in store.profiles.list() if p.role == "supervisor")
    _add_goals(store, trainee, supervisor)
    return Programme(store, counts, trainee, supervisor)


def page_calls(prog: Programme) -> dict[str, Callable[[], object]]:
    from ui.progress.data import load_progress
    from ui.review.review_table import load_queue_page

    # The Review page shows the queue's first page at once and fetches the rest as it scrolls.
    calls: dict[str, Callable[[], object]] = {
        "review_queue": lambda: load_queue_page(
            prog.review_store or prog.store, prog.supervisor, None, None, None
        )
    }
    progress_store = prog.progress_store or prog.store
    for label, period in periods().items():
        calls[f"progress_{label}"] = partial(load_progress, progress_store, prog.trainee.id, period, LAST_DAY)
    return calls


def time_calls(calls: dict[str, Callable[[], object]], runs: int) -> dict[str, list[float]]:
    """Each call `runs` times, round-robin after one uncounted warm-up round; ms."""
    for fn in calls.values():
        fn()
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(runs):
        for name, fn in calls.items():
            began = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - began) * 1000)
    return times


def bench_clinic(folder: Path, size: Size) -> None:
    from tests.load.swarm import Swarm, make_specs
    from tests.support.pg_cluster import start_cluster

    cluster = start_cluster()
    if cluster is None:
        print("# clinic: no PostgreSQL server programs (./dev test installs them); not measured", flush=True)
        return
    home = folder / "clinic"
    home.mkdir(parents=True, exist_ok=True)
    try:
        url = cluster.url(cluster.create_database())
        t0 = time.perf_counter()
        server = build(url, home / "backups", size)
        seeded_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        solo = build(f"sqlite:///{home / 'solo.sqlite3'}", home / "backups", size)
        solo_s = time.perf_counter() - t0
        c = server.counts
        waiting = len(server.store.transfer.awaiting_review())
        t0 = time.perf_counter()
        urls = sign_everyone_in(url, server)
        server.review_store = PracticeStore.open(urls[server.supervisor.id], home / "backups")
        server.progress_store = PracticeStore.open(urls[server.trainee.id], home / "backups")
        mine = len(server.review_store.transfer.awaiting_review())
        print(
            f"# clinic: row-level security on, {len(urls)} people signed in as themselves in "
            f"{time.perf_counter() - t0:.0f} s; the measured supervisor has {mine} waiting",
            flush=True,
        )
        print(
            f"# clinic: {size.trainees} trainees x {size.per_trainee} attempts = {c.attempts} attempts, "
            f"{c.ratings} ratings, {c.comments} comments, {waiting} waiting for review; seeded in "
            f"{seeded_s:.0f} s (PostgreSQL), {solo_s:.0f} s (SQLite)",
            flush=True,
        )
        quiet = time_calls(page_calls(server), max(5, size.runs // 5))
        print("# clinic: PostgreSQL with no one else working, p95: " + _summary(quiet), flush=True)

        supervisors = [p.id for p in server.store.profiles.list() if p.role == "supervisor"]
        trainees = [p.id for p in server.store.profiles.list() if p.role != "supervisor"]
        swarm_dir = home / "swarm"
        specs = make_specs(
            urls,
            swarm_dir,
            trainees,
            supervisors,
            list(range(1, size.clips + 1)),
            size.clients,
            SUPERVISORS,
            think_s=THINK_S,
        )
        swarm = Swarm(swarm_dir, specs)
        swarm.launch()
        try:
            ready_s = swarm.wait_ready(timeout=300)
            swarm.go(3600)  # until told to stop
            time.sleep(3.0)  # every client past its first action
            load_before = os.getloadavg()[0]
            busy = time_calls(page_calls(server), size.runs)
            load_after = os.getloadavg()[0]
        finally:
            swarm.stop()
            swarm.wait(timeout=120)
        entries = swarm.entries()
        errors = [e for e in entries if e["kind"] == "error"]
        writes = sum(e["kind"] != "error" for e in entries)
        print(
            f"# clinic: {size.clients} clients ready in {ready_s:.0f} s, then {writes} writes while "
            f"measuring; load average {load_before:.1f} -> {load_after:.1f} on {os.cpu_count()} CPUs",
            flush=True,
        )
        for e in errors[:3]:
            print(f"# clinic client error: {e['type']} ({e['orig']}): {e['message'][:200]}", flush=True)
        solo_times = time_calls(page_calls(solo), size.runs)
        for store in (server.store, server.review_store, server.progress_store, solo.store):
            if store is not None:
                store.close()
        print(f"# clinic: p95 of {size.runs} runs each; max under load: {_summary(busy, max)}", flush=True)
        report("clinic_client_errors", len(errors), 0, fmt=".0f")
        for name, times in busy.items():
            report(f"clinic_{name}_p95_ms", p95(times), GOAL_MS)
        for name, times in solo_times.items():
            report(f"clinic_sqlite_{name}_p95_ms", p95(times), GOAL_MS)
    finally:
        cluster.stop()


def sign_everyone_in(admin_url: str, prog: Programme) -> dict[int, str]:
    """What a clinic's admin does: `clinic init` (roles, row-level security), a login for every
    seeded person, each trainee assigned to one of the supervisors in turn. Profile id -> URL."""
    from sqlalchemy.engine import make_url

    from practice_db.clinic.admin import add_person, assign, init_clinic

    init_clinic(admin_url)
    people = prog.store.profiles.list()
    supervisors = [p for p in people if p.role == "supervisor"]
    logins: dict[int, str] = {}
    base = make_url(admin_url)
    for n, person in enumerate(people):
        login = f"bench_{person.role[:3]}_{n}"
        add_person(admin_url, person.name, person.role, login, None)
        logins[person.id] = login
    trainees = [p for p in people if p.role != "supervisor"]
    for n, trainee in enumerate(trainees):
        assign(admin_url, logins[supervisors[n % len(supervisors)].id], logins[trainee.id])
    return {
        pid: base.set(username=login).render_as_string(hide_password=False) for pid, login in logins.items()
    }


def _summary(times: dict[str, list[float]], pick: Callable[[list[float]], float] = p95) -> str:
    return ", ".join(f"{name} {pick(t):.0f} ms" for name, t in times.items())
