"""Show an uncaught exception once, readably, with where the log is. Never stack dialogs."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger(__name__)


class ExceptionDialogHook:
    def __init__(self, log_file: Path) -> None:
        self.log_file = log_file
        self.showing = False
        self.shown_count = 0
        self.suppressed_count = 0

    def install(self) -> None:
        sys.excepthook = self

    def __call__(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.critical("Uncaught error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        if self.showing or QApplication.instance() is None:
            self.suppressed_count += 1  # logged above; one dialog at a time is enough
            return
        self.showing = True
        self.shown_count += 1
        try:
            box = QMessageBox(QMessageBox.Icon.Critical, "Something went wrong", "")
            box.setObjectName("errorDialog")
            box.setText(
                "Practice Room hit an unexpected problem. Your recordings and ratings already saved are safe."
            )
            box.setInformativeText(
                f"{exc_type.__name__}: {exc}\n\nDetails are in the log file:\n{self.log_file}"
            )
            box.exec()
        finally:
            self.showing = False
