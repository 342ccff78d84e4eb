"""One bundle export or import under way: a progress dialog with Cancel, then exactly one `ended`.

The job function gets `progress(done, total)` (called on the worker) and `cancel()` (polled by the
worker between chunks); whatever it returns or raises comes back through `ended` on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ui.common.tasks import TaskRunner

STEPS = 1000  # progress in thousandths: byte counts overflow a Qt int


class BundleJob(QObject):
    ended = Signal(object)  # the job's result, or the exception it raised
    _progressed = Signal(object, object)  # (done, total) from the worker, delivered on the GUI thread

    def __init__(self, window: QWidget, title: str, label: str) -> None:
        super().__init__(window)
        self.title = title
        self.cancel_event = threading.Event()
        self.progress = QProgressDialog(label, "Cancel", 0, STEPS, window)
        self.progress.setObjectName("bundleProgress")
        self.progress.setWindowTitle(title)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)  # a small bundle is done before a dialog would flash
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.setValue(0)
        self.progress.canceled.connect(self.cancel)
        self._progressed.connect(self._show_progress)
        self._over = False
        window.destroyed.connect(lambda: setattr(self, "_over", True))  # late results go nowhere

    def run(self, runner: TaskRunner, job: Callable[..., Any]) -> None:
        runner.submit(
            job, self._progressed.emit, self.cancel_event.is_set, on_done=self._end, on_error=self._end
        )

    def cancel(self) -> None:
        self.cancel_event.set()  # the worker stops at its next chunk and undoes what it did
        if not self._over:
            self.progress.setLabelText("Stopping…")

    def _show_progress(self, done: Any, total: Any) -> None:
        if not self._over and total:
            self.progress.setValue(min(STEPS, int(done) * STEPS // int(total)))

    def _end(self, outcome: object) -> None:
        if self._over:
            return
        self._over = True
        self.progress.canceled.disconnect(self.cancel)
        self.progress.close()
        self.progress.deleteLater()
        self.ended.emit(outcome)
