"""Figure 6: peak memory (RSS) of the app while rehearsing, against the bare window's peak.

The probe (benchmarks/rehearse_probe.py) runs in its own process on the benchmark data folder and
reports `ru_maxrss`; the bare window (benchmarks/common.py BARE_WINDOW) reports its own the same
way. The fake microphone must be running (its PulseAudio variables are inherited).
"""

from __future__ import annotations

import statistics

from benchmarks.common import BARE_WINDOW, child_env, report_vs_floor, run_child
from benchmarks.rehearse_probe import READY
from benchmarks.world import World


def bench_memory(world: World, runs: int = 3, talk_seconds: float = 30.0) -> None:
    app_kb, bare_kb = [], []
    for _ in range(runs):
        probe = ["-m", "benchmarks.rehearse_probe", "--home", str(world.paths.home)]
        probe += ["--talk-seconds", str(talk_seconds)]
        app_kb.append(run_child(probe, READY, child_env(), timeout=180)[1])
        bare_kb.append(run_child(["-c", BARE_WINDOW], "ready", child_env())[1])
    app_mb, bare_mb = statistics.median(app_kb) / 1024, statistics.median(bare_kb) / 1024
    report_vs_floor("rehearse_peak_rss_mb", app_mb, bare_mb, 2.0)
