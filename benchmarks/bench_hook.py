"""Start-up milestones for benchmarks/startup.py: say when each is reached, then quit.

benchmarks/launch_app.py starts the app with this watch; the GUI then prints two lines:
- SHOWN_LINE once the window is visible, has painted, and the GUI thread's event loop has nothing
  left to do (it is about to wait for input). Storage may still be opening on the worker thread;
  the window says so in its status bar and answers clicks meanwhile.
- READY_LINE, then quits, once storage is open, the saved profile is chosen, the clip player is
  attached and no storage task is pending: the Library lists the user's exercises.
The app's own start-up code knows nothing of it: it is handed in as `run_gui(watch=...)`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from ui.shell.first_idle import run_after_first_paint

SHOWN_LINE = "practice-room: shown and idle"
READY_LINE = "practice-room: ready and idle"


class IdleWatch(QObject):
    """Kept alive by the caller for as long as the event loop runs."""

    def __init__(self, app: QApplication, window: QWidget) -> None:
        super().__init__(window)
        self.app, self.window = app, window
        self.shown = False
        central = getattr(window, "centralWidget", lambda: None)()
        # The app's own first-paint watch: SHOWN comes at the idle moment storage starts opening.
        self.first_paint = run_after_first_paint(central if central is not None else window, self._shown)
        self.timer = QTimer(self)  # READY is polled: worker results arrive between waits
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._check_ready)
        self.timer.start()

    def _shown(self) -> None:
        if self.first_paint.painted and self.window.isVisible():  # not the no-paint fallback
            self.shown = True
            print(SHOWN_LINE, flush=True)

    def _check_ready(self) -> None:
        w = self.window
        ctx = getattr(w, "ctx", None)
        if (
            self.shown
            and getattr(w, "store", None) is not None
            and getattr(w, "profile", None) is not None
            and getattr(w, "playback", None) is not None
            and ctx is not None
            and ctx.tasks.pending == 0
        ):
            self.timer.stop()
            print(READY_LINE, flush=True)
            self.app.quit()


def exit_when_idle(app: QApplication, window: QWidget) -> IdleWatch:
    return IdleWatch(app, window)
