"""Child process for figure 6: the real main window on the benchmark data folder rehearses once
(libvlc plays the shortest starter clip with headless output, the fake microphone answers, the take
is stopped after 30 s, as a typical reply, and saved), then prints its peak RSS and quits.

    python -m benchmarks.rehearse_probe --home DIR [--device pulse]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import RSS_PREFIX, peak_rss_kb

READY = "rehearsed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", required=True)
    parser.add_argument("--device", default="pulse")
    parser.add_argument("--talk-seconds", type=float, default=30.0)  # a typical spoken reply
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.shell.startup import start_qt

    start_qt()  # the app's own import order (ui/shell/startup.py run_gui)
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from app.paths import DataPaths
    from app.settings import SettingsFile
    from media.constants import HEADLESS_VLC_ARGS
    from media.playback.playback_qt import create_playback
    from ui.shell.startup import build_main_window

    app = QApplication(sys.argv[:1])

    def wait_until(done: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise TimeoutError(f"gave up waiting for {what}")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.005)

    paths = DataPaths(Path(args.home))
    window = build_main_window(paths, SettingsFile(paths.settings_file))
    window.show()
    window.start()
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    window.ctx.settings.update(input_device_name=args.device, response_window_s=90)  # the default
    library, page = window.pages["library"], window.pages["rehearse"]
    wait_until(lambda: window.profile is not None and library.model.rowCount() > 0, "the library")
    starters = [c for c in library.model.clips if c.source == "starter"]
    window.practise_clip(min(starters, key=lambda c: c.duration_ms or 0))
    wait_until(lambda: page.state == "recording", "the clip to play to its end")
    end = time.monotonic() + args.talk_seconds
    wait_until(lambda: time.monotonic() > end or page.state != "recording", "the reply")
    page.stop_recording()
    wait_until(lambda: page.attempt is not None and page.attempt.status == "complete", "the saved take")
    wait_until(lambda: window.ctx.tasks.pending == 0, "storage to settle")
    print(READY, flush=True)
    print(f"{RSS_PREFIX}{peak_rss_kb()}", flush=True)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
