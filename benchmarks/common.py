"""Shared by every benchmark module: the one-line report format, timing helpers, child processes."""

from __future__ import annotations

import inspect
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RSS_PREFIX = "maxrss_kb "


def peak_rss_kb() -> int:
    """Peak RSS of this process. VmHWM belongs to the process image, so unlike ru_maxrss it does
    not carry over the parent's size from before exec. The bare window runs this same source."""
    import resource

    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# The floor for start-up time and memory: a bare PySide6 window in the same venv. It says "ready" at
# the app's own "shown and idle" milestone (benchmarks/bench_hook.py): painted, and the event loop about
# to wait. It prints its peak RSS the same way the app probes do.
BARE_WINDOW = (
    inspect.getsource(peak_rss_kb)
    + f"""
import sys
from PySide6.QtCore import QAbstractEventDispatcher, QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1220, 720)
central = QWidget()
window.setCentralWidget(central)
painted = []
class PaintWatch(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            painted.append(True)
        return False
watch = PaintWatch()
central.installEventFilter(watch)
window.show()
def done():
    if painted:
        print("ready", flush=True)
        print("{RSS_PREFIX}%d" % peak_rss_kb(), flush=True)
        app.quit()
QAbstractEventDispatcher.instance().aboutToBlock.connect(done)
sys.exit(app.exec())
"""
)


def ensure_qapp() -> object:
    """One QApplication for the in-process figures (widgets need it, not just a QGuiApplication)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


def report(
    name: str, value: float, goal: float, *, floor: bool = False, fmt: str = ".1f", kind: str = ""
) -> None:
    """goal is a ceiling (value <= goal) unless floor (value >= goal)."""
    if goal == 0:
        ok, ratio = value <= 0, "n/a"
    else:
        ok = value >= goal if floor else value <= goal
        ratio = f"{value / goal:.2f}"
    kind = kind or ("floor" if floor else "goal")
    print(f"{name} {value:{fmt}} ({kind} {goal:g}, ratio {ratio}){'' if ok else '  MISSED'}", flush=True)


def report_vs_floor(name: str, value: float, floor_value: float, goal_ratio: float, fmt: str = ".0f") -> None:
    """A figure measured against a floor from the same run: the ratio is what the goal limits."""
    ratio = value / floor_value
    missed = "" if ratio <= goal_ratio else "  MISSED"
    figures = f"floor {floor_value:{fmt}}, ratio {ratio:.2f}, goal ratio {goal_ratio:g}"
    print(f"{name} {value:{fmt}} ({figures}){missed}", flush=True)


def median_ms(fn: Callable[[], object], runs: int, warmup: int = 1) -> tuple[float, float]:
    """Median and maximum wall time of `runs` calls in ms, after `warmup` uncounted calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


def child_env(**extra: str) -> dict[str, str]:
    """How a user's shell would start it: offscreen Qt here, bytecode caching on, this checkout first."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(QT_QPA_PLATFORM=env.get("QT_QPA_PLATFORM", "offscreen"), PYTHONPATH=str(REPO), **extra)
    return env


def run_child(
    args: Sequence[str], ready: str, env: dict[str, str], timeout: float = 120
) -> tuple[float, int]:
    """Start `python args...`; seconds until a stdout line starting with `ready`, and the peak
    RSS in KB the child printed (0 if none). The child's exit is not counted."""
    times, rss = run_child_marks(args, (ready,), env, timeout)
    return times[ready], rss


def run_child_marks(
    args: Sequence[str], marks: Sequence[str], env: dict[str, str], timeout: float = 120
) -> tuple[dict[str, float], int]:
    """Like run_child, for several milestones: seconds from start until the first stdout line
    starting with each of `marks`."""
    t0 = time.perf_counter()
    out, quiet = subprocess.PIPE, subprocess.DEVNULL
    proc = subprocess.Popen([sys.executable, *args], cwd=REPO, env=env, text=True, stdout=out, stderr=quiet)
    times: dict[str, float] = {}
    rss = 0
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    for line in proc.stdout:
        mark = next((m for m in marks if line.startswith(m) and m not in times), None)
        if mark is not None:
            times[mark] = time.perf_counter() - t0
        elif line.startswith(RSS_PREFIX):
            rss = int(line[len(RSS_PREFIX) :])
        if time.monotonic() > deadline:
            proc.kill()
            break
    proc.wait(timeout)
    missing = [m for m in marks if m not in times]
    if missing:
        raise RuntimeError(f"{' '.join(args[:2])} never said {missing[0]!r} (exit code {proc.returncode})")
    return times, rss
