"""Child process for the takes figure: the real main window on the benchmark data folder goes
through take after take in one session, from the keyboard, and prints what it holds after each.

libvlc plays the shortest starter clip with headless output, the fake microphone ("pulse")
answers for about half a second, Space stops the take, eight digits rate the facets and one more
checks in, then A (Again: the same clip, a new take) starts the next. The session has no limit.
After each take, once storage and the reply's waveform have settled, one line:

    take N rss_kb R qobjects Q pyobjects P threads T tasks K fds F

(VmRSS; QObjects under the window; Python objects after gc.collect(); Python threads; the
process's threads in /proc/self/task; open file descriptors). With --dump-at N, after take N and
after the last take it also prints `types qt N {json}` and `types py N {json}`: the type names of
the window's QObjects and of Python's gc objects, counted, to find what grows.

The whole script runs inside app.exec(), as the product does, so deleteLater() is honoured the
way it is in the app (a processEvents() loop outside exec would not delete anything).

    python -m benchmarks.takes_probe --home DIR [--takes 60] [--talk-seconds 0.5] [--dump-at 10]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

TAKE_PREFIX = "take "
TYPES_PREFIX = "types "
DONE = "takes done"
MEASURES = ("rss_kb", "qobjects", "pyobjects", "threads", "tasks", "fds")

Wait = Callable[[], bool]


def vm_rss_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def measure(window: object) -> dict[str, int]:
    from PySide6.QtCore import QObject

    gc.collect()
    return dict(
        rss_kb=vm_rss_kb(),
        qobjects=len(window.findChildren(QObject)),  # type: ignore[attr-defined]
        pyobjects=len(gc.get_objects()),
        threads=threading.active_count(),
        tasks=len(os.listdir("/proc/self/task")),
        fds=len(os.listdir("/proc/self/fd")),
    )


def type_counts(window: object) -> tuple[dict[str, int], dict[str, int]]:
    from PySide6.QtCore import QObject

    gc.collect()
    qt = Counter(type(o).__name__ for o in window.findChildren(QObject))  # type: ignore[attr-defined]
    py = Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in gc.get_objects())
    return dict(qt), dict(py)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", required=True)
    parser.add_argument("--device", default="pulse")
    parser.add_argument("--takes", type=int, default=60)
    parser.add_argument("--talk-seconds", type=float, default=0.5)
    parser.add_argument(
        "--dump-at", type=int, default=0, help="print type counts after this take and the last"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.shell.startup import start_qt

    start_qt()  # the app's own import order (ui/shell/startup.py run_gui)
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from app.paths import DataPaths
    from app.settings import SettingsFile
    from media.constants import HEADLESS_VLC_ARGS
    from media.playback.playback_qt import create_playback
    from tests.support.keys import press
    from ui.shell.startup import build_main_window

    app = QApplication(sys.argv[:1])
    paths = DataPaths(Path(args.home))
    window = build_main_window(paths, SettingsFile(paths.settings_file))
    window.show()
    window.start()
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.ctx.settings.update(input_device_name=args.device, response_window_s=90)  # the default
    library, page = window.pages["library"], window.pages["rehearse"]

    def settled() -> bool:
        return window.ctx.tasks.pending == 0 and page.listen_back.files.pending == 0

    def after(seconds: float) -> Wait:
        end = time.monotonic() + seconds
        return lambda: time.monotonic() >= end

    def digit(n: int) -> Qt.Key:
        return Qt.Key(Qt.Key.Key_0.value + n)

    def takes() -> Iterator[Wait]:
        yield lambda: window.profile is not None and library.model.rowCount() > 0
        starters = [c for c in library.model.clips if c.source == "starter"]
        shortest = min(starters, key=lambda c: c.duration_ms or 0)
        print(f"# clip {shortest.title!r}, {(shortest.duration_ms or 0) / 1000:.1f} s", flush=True)
        window.practise_clip(shortest)  # as the Library's Practise does: a session with no limit
        window.activateWindow()
        yield window.isActiveWindow  # the page's keys are window shortcuts
        for n in range(1, args.takes + 1):
            if n > 1:
                press(window, Qt.Key.Key_A)  # Again: this clip once more, a new take
            yield lambda: page.state == "recording"
            yield after(args.talk_seconds)
            press(window, Qt.Key.Key_Space)
            yield lambda: page.state == "rating"
            yield lambda: settled() and page.attempt is not None and page.attempt.status == "complete"
            for score in (4, 3, 4, 3, 4, 3, 4, 3):
                press(window, digit(score))
            press(window, digit(2))  # a good challenge
            rated = page.form.value()
            if rated.reaction != "good_challenge" or None in rated.scores.values():
                raise RuntimeError(f"take {n}: the keys did not rate the take ({rated})")
            yield settled
            figures = measure(window)
            print(f"{TAKE_PREFIX}{n} " + " ".join(f"{k} {figures[k]}" for k in MEASURES), flush=True)
            if n in (args.dump_at, args.takes) and args.dump_at:
                qt, py = type_counts(window)
                print(f"{TYPES_PREFIX}qt {n} {json.dumps(qt)}", flush=True)
                print(f"{TYPES_PREFIX}py {n} {json.dumps(py)}", flush=True)
        print(DONE, flush=True)

    script = takes()
    failure: list[str] = []
    state: dict[str, object] = {"wait": next(script), "since": time.monotonic()}

    def step() -> None:
        try:
            while state["wait"]():  # type: ignore[operator]
                state["wait"], state["since"] = next(script), time.monotonic()
        except StopIteration:
            stepper.stop()
            window.close()
            app.quit()
            return
        except Exception as exc:  # noqa: BLE001 - reported on stdout, the parent says MISSED
            failure.append(repr(exc))
        if time.monotonic() - float(state["since"]) > 60 and not failure:  # type: ignore[arg-type]
            failure.append(f"stuck in state {page.state!r}: {page.status.text()!r}")
        if failure:
            print(f"# takes_probe failed: {failure[0]}", flush=True)
            stepper.stop()
            app.exit(1)

    stepper = QTimer()
    stepper.setInterval(5)
    stepper.timeout.connect(step)
    stepper.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
