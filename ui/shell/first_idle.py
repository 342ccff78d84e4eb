"""Run start-up work once the window is on screen, not before.

A zero-length timer fires before the window's first paint has been processed, and work handed to
the database worker at that moment (importing SQLAlchemy) competes with the paint for Python's
GIL: the window appeared up to ~150 ms later in about half of the starts. So the work waits for
the window's first paint and then for the event loop to have nothing left to do."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractEventDispatcher, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# If the window is never painted (started minimised, or on a screen that never exposes it),
# the work still runs after this long.
FALLBACK_MS = 700


class FirstPaintWatch(QObject):
    """`painted` says whether the widget really painted (False if the fallback timer ran `work`)."""

    def __init__(self, widget: QWidget, work: Callable[[], object]) -> None:
        super().__init__(widget)
        self.widget, self.work = widget, work
        self.painted = self.done = False
        widget.installEventFilter(self)
        QTimer.singleShot(FALLBACK_MS, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            dispatcher = QAbstractEventDispatcher.instance()
            if dispatcher is None:
                QTimer.singleShot(0, self, self._run)
            else:
                dispatcher.aboutToBlock.connect(self._run)
        return False

    def _run(self) -> None:
        if self.done:
            return
        self.done = True
        self.widget.removeEventFilter(self)
        dispatcher = QAbstractEventDispatcher.instance()
        if self.painted and dispatcher is not None:
            dispatcher.aboutToBlock.disconnect(self._run)
        self.work()


def run_after_first_paint(widget: QWidget, work: Callable[[], object]) -> FirstPaintWatch:
    """Call `work` once on the GUI thread: when the event loop is first idle after `widget` has
    painted, or after FALLBACK_MS whatever happens. The returned watcher is owned by `widget`."""
    return FirstPaintWatch(widget, work)
