"""Figure 1: cold start of `python -m app` until the main window is shown and idle, against a bare
PySide6 window started the same way. "Idle" is decided by the app itself (app/bench_hook.py):
window visible, storage open, the saved profile chosen, the player attached, no storage task
pending. Runs alternate app and floor so a burst of load on the shared machine hits both.
"""

from __future__ import annotations

import statistics

from app.bench_hook import BENCH_EXIT_ENV, READY_LINE
from benchmarks.common import BARE_WINDOW, child_env, report_vs_floor, run_child
from benchmarks.world import World


def start_app(world: World) -> float:
    args = ["-m", "app", "--home", str(world.paths.home)]
    return run_child(args, READY_LINE, child_env(**{BENCH_EXIT_ENV: "1"}))[0]


def start_bare() -> float:
    return run_child(["-c", BARE_WINDOW], "ready", child_env())[0]


def bench_cold_start(world: World, runs: int = 5) -> dict[str, float]:
    start_app(world)  # writes bytecode caches and warms the OS file cache: not counted
    start_bare()
    app_s, bare_s = [], []
    for _ in range(runs):
        app_s.append(start_app(world))
        bare_s.append(start_bare())
    app_ms, bare_ms = statistics.median(app_s) * 1000, statistics.median(bare_s) * 1000
    print(f"# cold start over {runs} runs, app ms: {' '.join(f'{s * 1000:.0f}' for s in app_s)}", flush=True)
    report_vs_floor("cold_start_ms", app_ms, bare_ms, 1.5)
    return {"app_ms": app_ms, "bare_ms": bare_ms}
