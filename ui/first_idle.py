"""Run start-up work once the window is on screen, not before.

A zero-length timer fires before the window's first paint has been processed, and work handed
to the database worker at that moment (importing SQLAlchemy) competes with the paint for
Python's GIL. The first time the event loop has nothing left to do, the window has painted."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractEventDispatcher, QTimer


def run_when_idle(work: Callable[[], object]) -> None:
    """Call `work` once, on the GUI thread, the first time its event loop is about to wait."""
    dispatcher = QAbstractEventDispatcher.instance()
    if dispatcher is None:  # no event loop yet in this thread: Qt will run the timer in the first one
        QTimer.singleShot(0, work)
        return

    def fire() -> None:
        dispatcher.aboutToBlock.disconnect(fire)
        work()

    dispatcher.aboutToBlock.connect(fire)
