"""Practice Room against its floor: one line per figure, `name value (goal G, ratio R)` or, for
figures measured against a floor from the same run, `name value (floor F, ratio R, goal ratio G)`;
MISSED when the goal is not met. Always exits 0: this is a measurement, not a test.

    ./dev bench [--quick]
    PYTHONPATH=. QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.run [--quick] [--only NAMES]

Builds a temporary data folder first (benchmarks/world.py: the seeded big database, the starter
clips, a few goals, a typical trainee chosen), starts and stops its own PulseAudio fake microphone,
and deletes everything afterwards. Figures, in the issue's order:
  startup   cold start until the window is shown and idle, vs a bare PySide6 window (benchmarks/startup.py)
  arm       clip end -> recording, median and max of 20 starts (benchmarks/media_bench.py)
  overflow  input overflows in a 10-minute take (--quick: 60 s) while the GUI thread exports and queries
  pages     Progress and Review page loads, year-long Markdown and PDF exports (benchmarks/pages.py)
  speech    speech timing speed as a multiple of real time (benchmarks/media_bench.py)
  import    clip import of a 5-minute 720p video: MB/s, x real time of the whole decode, vs ffmpeg
            (benchmarks/import_bench.py; --tiny: 10 s)
  memory    peak RSS while rehearsing, vs the bare window (benchmarks/memory.py)
  takes     60 takes in one session: RSS, QObjects, Python objects, threads, file handles per take,
            all flat after a 10-take warm-up (benchmarks/takes.py; --tiny: 3 takes)
  bundles   a review bundle of 10 one-minute takes of synthesized speech: MB per minute, export and
            import time, vs the same takes as WAV (benchmarks/bundles_bench.py; --tiny: 2 x 5 s)
  clinic    review queue and Progress page on a PostgreSQL server with 200 trainees x 500 attempts
            while 40 client processes work, 95th percentile, and the same on SQLite
            (benchmarks/clinic_bench.py; its own throwaway cluster; --quick: 50 x 200, 20 clients)
  faults    SIGKILL mid-take, mid-write, mid-upgrade and mid-backup, then the app's own start-up
            (benchmarks/faults.py). Minutes, so only when asked for:
                ./dev bench --only faults [--quick] [--kills-take 200 --kills-write 100 ...]
            Needs no seeded database: `--only faults` builds none.
  assess    a rater's blind batch of 40 clinicians x 2 assessments x 13 takes: the waiting list and
            the batch, warm and on a just-opened store (benchmarks/assessment_bench.py; no seeded
            database; --tiny: 4 clinicians)
  paging    the review list's first page with ~12,100 attempts waiting (ten seeded years), on SQLite
            and on a throwaway PostgreSQL cluster (benchmarks/review_paging.py; --tiny: 2,000 attempts).
            Minutes, so only when asked for: ./dev bench --only paging
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.world import TINY_SIZE, World, build_world

FIGURES = (
    *("startup", "arm", "overflow", "pages", "speech", "memory", "takes"),
    *("bundles", "import", "assess", "clinic", "paging", "faults"),
)
# What `./dev bench` runs without --only: faults takes minutes (benchmarks/RESULTS.md, "Faults"),
# and paging seeds ten years twice (a few minutes, PostgreSQL's included): both only when asked for.
DEFAULT_FIGURES = tuple(f for f in FIGURES if f not in ("paging", "faults"))
# Kills per fault trial: the goals, and --quick.
FAULT_KILLS = {"take": 200, "write": 100, "upgrade": 50, "backup": 50}
QUICK_FAULT_KILLS = {"take": 20, "write": 10, "upgrade": 5, "backup": 5}


def gui_jobs(world: World, folder: Path) -> list[Callable[[], object]]:
    """What the GUI thread is kept busy with during the long take (figure 3)."""
    from benchmarks.pages import export_once, progress_page_queries

    store = world.open_store()
    pid = world.trainee.id
    return [
        lambda: export_once(world, store, "md", folder, world.year),
        lambda: progress_page_queries(store, pid, world.year),
        lambda: export_once(world, store, "pdf", folder, world.year),
        lambda: progress_page_queries(store, pid, world.quarter),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="60 s overflow take, fewer repeats")
    parser.add_argument(
        "--only",
        default=",".join(DEFAULT_FIGURES),
        help=f"comma-separated figures to run, of {','.join(FIGURES)}",
    )
    parser.add_argument("--tiny", action="store_true", help="a tiny database (for the smoke test only)")
    for kind, kills in FAULT_KILLS.items():
        parser.add_argument(
            f"--kills-{kind}",
            type=int,
            default=None,
            help=f"faults: kills mid-{kind} (default {kills}, --quick less)",
        )
    parser.add_argument("--fault-seed", type=int, default=None, help="faults: the random kill moments' seed")
    args = parser.parse_args(argv)
    wanted = set(args.only.split(","))
    if unknown := wanted - set(FIGURES):
        parser.error(f"unknown figure(s): {', '.join(sorted(unknown))}")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from benchmarks.common import ensure_qapp

    ensure_qapp()
    load, python = os.getloadavg()[0], platform.python_version()
    print(f"# {platform.node()}: {os.cpu_count()} CPUs, load {load:.2f}, Python {python}", flush=True)
    with tempfile.TemporaryDirectory(prefix="practice-room-bench-") as tmp:
        folder = Path(tmp)
        if "faults" in wanted:
            from benchmarks.faults import bench_faults

            plan = QUICK_FAULT_KILLS if args.quick else FAULT_KILLS
            counts = {k: n if (n := getattr(args, f"kills_{k}")) is not None else plan[k] for k in plan}
            bench_faults(folder, **counts, seed=args.fault_seed)
        if "bundles" in wanted:  # its own two small data folders: no seeded database needed
            from benchmarks.bundles_bench import bench_bundles

            bench_bundles(folder, *((2, 5.0) if args.tiny else (10, 60.0)))
        if "import" in wanted:  # needs no seeded database either
            from benchmarks.import_bench import bench_import

            bench_import(folder, args.tiny)
        if "assess" in wanted:  # its own throwaway database
            from benchmarks.assessment_bench import bench_blind_batch

            bench_blind_batch(folder, args.tiny, 3 if args.quick else 7)
        if "clinic" in wanted:  # its own throwaway PostgreSQL cluster and SQLite file
            from benchmarks.clinic_bench import FULL, QUICK, TINY, bench_clinic

            bench_clinic(folder, TINY if args.tiny else QUICK if args.quick else FULL)
        if "paging" in wanted:  # its own databases
            from benchmarks.review_paging import bench_review_paging

            bench_review_paging(folder, args.tiny, 3 if args.quick else 7)
        if not wanted - {"faults", "bundles", "import", "assess", "paging", "clinic"}:
            print(f"# load at the end {os.getloadavg()[0]:.2f}", flush=True)
            return 0
        world = build_world(folder / "home", TINY_SIZE if args.tiny else None)
        c = world.counts
        print(
            f"# database: {c.profiles} profiles, {c.clips} clips, {c.attempts} attempts, "
            f"{c.ratings} ratings, {c.comments} comments; typical trainee {world.trainee.name}",
            flush=True,
        )
        runs = 3 if args.quick else 7
        if "startup" in wanted:
            from benchmarks.startup import bench_cold_start

            bench_cold_start(world, 1 if args.tiny else 5 if args.quick else 9)
        if "pages" in wanted:
            from benchmarks.pages import bench_pages

            bench_pages(world, runs)
        if wanted & {"arm", "overflow", "memory", "takes"}:
            run_with_mic(world, folder, wanted, args.quick, args.tiny)
        if "speech" in wanted:
            from benchmarks.media_bench import bench_speech_timing

            bench_speech_timing(folder)
    print(f"# load at the end {os.getloadavg()[0]:.2f}", flush=True)
    return 0


def run_with_mic(world: World, folder: Path, wanted: set[str], quick: bool, tiny: bool) -> None:
    from benchmarks.media_bench import bench_arm_delay, bench_overflows
    from benchmarks.memory import bench_memory
    from benchmarks.takes import bench_takes
    from tests.support.fakemic import PulseMic, rescan_portaudio

    mic = PulseMic().start()
    try:
        rescan_portaudio()  # the ALSA "pulse" device only lists while a server answers
        if "arm" in wanted:
            bench_arm_delay(mic, folder, 3 if tiny else 20)
        if "overflow" in wanted:
            seconds = 5.0 if tiny else 60.0 if quick else 600.0
            bench_overflows(mic, folder, seconds, gui_jobs(world, folder))
        if "memory" in wanted:
            bench_memory(world, 1 if quick else 3, talk_seconds=3.0 if tiny else 30.0)
        if "takes" in wanted:
            bench_takes(world, *((3, 1) if tiny else (60, 10)))
    finally:
        mic.stop()
        rescan_portaudio()


if __name__ == "__main__":
    sys.exit(main())
