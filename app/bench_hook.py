"""A hidden switch for benchmarks/startup.py: say when start-up is over, then quit.

With PRACTICE_ROOM_BENCH_EXIT_WHEN_IDLE=1 the GUI prints READY_LINE and quits as soon as the window
is shown, storage is open, the saved profile is chosen, the clip player is attached and no storage
task is pending. Not documented to users: it changes nothing unless the variable is set.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

BENCH_EXIT_ENV = "PRACTICE_ROOM_BENCH_EXIT_WHEN_IDLE"
READY_LINE = "practice-room: ready and idle"


def wanted() -> bool:
    return os.environ.get(BENCH_EXIT_ENV) == "1"


def exit_when_idle(app: QApplication, window: object) -> QTimer:
    """Polls every 5 ms (cheap next to start-up itself); the caller keeps the timer alive."""
    timer = QTimer()
    timer.setInterval(5)

    def check() -> None:
        ctx = getattr(window, "ctx", None)
        if (
            getattr(window, "isVisible", lambda: False)()
            and getattr(window, "store", None) is not None
            and getattr(window, "profile", None) is not None
            and getattr(window, "playback", None) is not None
            and ctx is not None
            and ctx.tasks.pending == 0
        ):
            timer.stop()
            print(READY_LINE, flush=True)
            app.quit()

    timer.timeout.connect(check)
    timer.start()
    return timer
