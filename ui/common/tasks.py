"""One place to run blocking work off the GUI thread and get the result back on it.

Database work goes through a single worker so SQLite never sees two writers from this
process ("database is locked"); file work that may be slow uses the same helper.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)
T = TypeVar("T")


class _Bridge(QObject):
    # Emitted from the worker; the bridge lives on the GUI thread, so delivery is queued there.
    finished = Signal(object, object, object)  # callback, result, error


class TaskRunner(QObject):
    def __init__(self, name: str = "practice-db", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._bridge = _Bridge(self)
        self._bridge.finished.connect(self._deliver)
        self._pending = 0
        self._closed = False

    @property
    def pending(self) -> int:
        return self._pending

    def submit(
        self,
        fn: Callable[..., T],
        *args: Any,
        on_done: Callable[[T], object] | None = None,  # what the callbacks return is ignored
        on_error: Callable[[BaseException], object] | None = None,
    ) -> Future[T] | None:
        if self._closed:
            return None
        self._pending += 1

        def work() -> T:
            try:
                result = fn(*args)
            except BaseException as exc:  # handed to on_error on the GUI thread
                log.debug("task %s failed: %s", getattr(fn, "__name__", fn), traceback.format_exc())
                self._bridge.finished.emit(on_error or _log_error, None, exc)
                raise
            self._bridge.finished.emit(on_done, result, None)
            return result

        return self._pool.submit(work)

    def _deliver(self, callback: Callable[..., object] | None, result: object, error: object) -> None:
        self._pending -= 1
        if callback is None:
            return
        try:
            callback(error if error is not None else result)
        except BaseException as exc:
            # A page's handler passes on errors it doesn't know; a lost clinic connection is
            # said by the status line instead (see quiet_errors).
            if exc is error and _is_quiet(exc):
                log.warning("Background task failed: %s", exc)
                return
            raise

    def shutdown(self, wait: bool = True) -> None:
        self._closed = True
        self._pool.shutdown(wait=wait)


# Checks for errors that are said elsewhere, not in the crash dialog: e.g. a lost connection to
# the clinic's server, which its status line reports (ui/clinic/window_clinic.py).
quiet_errors: list[Callable[[BaseException], bool]] = []


def _is_quiet(exc: BaseException) -> bool:
    return any(check(exc) for check in list(quiet_errors))


def _log_error(exc: BaseException) -> None:
    if _is_quiet(exc):
        log.warning("Background task failed: %s", exc)
        return
    log.error("Background task failed", exc_info=exc)
    raise exc  # surfaces through the app's exception dialog
