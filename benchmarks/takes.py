"""Figure 7: take after take in one process, nothing may pile up. The probe
(benchmarks/takes_probe.py) runs the real window through 60 takes of one session from the keyboard
and reports, after each, its RSS, the QObjects under the window, Python's objects, threads and open
file descriptors. Each figure is the least-squares slope per take after the warm-up (takes 11-60):
flat means no leak. The fake microphone must be running (its PulseAudio variables are inherited).

After the warm-up take and the last one the probe also counts the type names of the window's
QObjects and of Python's objects; what grew between the two is printed as a `#` line, to name a leak.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Sequence

from benchmarks.common import REPO, child_env, report
from benchmarks.takes_probe import DONE, TAKE_PREFIX, TYPES_PREFIX
from benchmarks.world import World

# name, the probe's measure, scale (to the reported unit), goal per take, format
FIGURES: tuple[tuple[str, str, float, float, str], ...] = (
    ("takes_rss_mb_per_take", "rss_kb", 1 / 1024, 0.1, ".3f"),
    ("takes_qobjects_per_take", "qobjects", 1.0, 0.05, ".3f"),
    ("takes_py_objects_per_take", "pyobjects", 1.0, 5.0, ".2f"),
    ("takes_threads_per_take", "threads", 1.0, 0.05, ".3f"),
    ("takes_os_threads_per_take", "tasks", 1.0, 0.05, ".3f"),
    ("takes_fds_per_take", "fds", 1.0, 0.05, ".3f"),
)


def slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Least-squares slope of ys over xs (0 for fewer than two points)."""
    if len(xs) < 2:
        return 0.0
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0.0


def grown(before: dict[str, int], after: dict[str, int], top: int = 8) -> str:
    growth = {k: after.get(k, 0) - before.get(k, 0) for k in set(before) | set(after)}
    changes = sorted(((d, k) for k, d in growth.items() if d), key=lambda dk: (-abs(dk[0]), dk[1]))[:top]
    return ", ".join(f"{k} {d:+d}" for d, k in changes) or "nothing"


def run_probe(
    world: World, takes: int, warmup: int, timeout: float
) -> tuple[list[dict[str, int]], dict, str]:
    args = [sys.executable, "-m", "benchmarks.takes_probe", "--home", str(world.paths.home)]
    args += ["--takes", str(takes), "--dump-at", str(warmup or 1)]
    rows: list[dict[str, int]] = []
    types: dict[tuple[str, int], dict[str, int]] = {}
    problem = ""
    t0 = time.monotonic()
    proc = subprocess.Popen(
        args, cwd=REPO, env=child_env(), text=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        problem = f"timed out after {timeout:g} s"
    elapsed = time.monotonic() - t0
    for line in out.splitlines():
        if line.startswith(TAKE_PREFIX):
            words = line.split()
            rows.append(
                {k: int(v) for k, v in zip(words[2::2], words[3::2], strict=True)} | {"take": int(words[1])}
            )
        elif line.startswith(TYPES_PREFIX):
            _, kind, n, counts = line.split(" ", 3)
            types[(kind, int(n))] = json.loads(counts)
        elif line.startswith("# "):
            print(line, flush=True)
    print(f"# the probe measured {len(rows)} takes in {elapsed:.0f} s (its start-up included)", flush=True)
    if DONE not in out.splitlines() and not problem:
        problem = f"the probe stopped (exit code {proc.returncode})"
    return rows, types, problem


def bench_takes(world: World, takes: int = 60, warmup: int = 10, timeout: float = 1200) -> None:
    rows, types, problem = run_probe(world, takes, warmup, timeout)
    if problem or len(rows) < takes:
        print(
            f"takes: {len(rows)} of {takes} takes measured, {problem or 'lines missing'}  MISSED", flush=True
        )
        if len(rows) <= warmup + 1:
            return
    counted = [r for r in rows if r["take"] > warmup]
    first, last = counted[0], counted[-1]
    print(
        f"# {len(rows)} takes in one session; take {first['take']} -> {last['take']}: "
        + ", ".join(
            f"{k} {first[k]} -> {last[k]}"
            for k in ("rss_kb", "qobjects", "pyobjects", "threads", "tasks", "fds")
        ),
        flush=True,
    )
    mark = warmup or 1
    for kind in ("qt", "py"):
        before, after = types.get((kind, mark)), types.get((kind, rows[-1]["take"]))
        if before is not None and after is not None:
            print(
                f"# {kind} types grown from take {mark} to {rows[-1]['take']}: {grown(before, after)}",
                flush=True,
            )
    xs = [float(r["take"]) for r in counted]
    for name, key, scale, goal, fmt in FIGURES:
        report(name, slope(xs, [r[key] * scale for r in counted]), goal, fmt=fmt)
